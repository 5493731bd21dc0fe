/**
 * The pieces of the router's guard on private routes, without sockets: the
 * service.json the router reads, the local VTEX ID's tokens, which paths are
 * a private route's (as @vtex/api mounts them), and how policies decide.
 */
import { STATUS_PATH } from '../../appWorker'
import {
  resolveUserToken,
  userTokenFor,
  vtexIdTokenOf,
} from '../../platform/vtexIdTokens'
import {
  policyDecision,
  privateRoutes,
  readServiceRoutes,
  serviceRoutes,
  userPrincipal,
} from '../../replicas/routePolicies'

const engineer = userTokenFor('acme', 'engineer@acme.test')

describe("node/service.json's status route", () => {
  it('is private and allows get to any VTEX ID user or app key', () => {
    const status = readServiceRoutes().find(({ id }) => id === 'status')

    expect(status).toEqual({
      id: 'status',
      path: STATUS_PATH,
      public: false,
      policies: [
        {
          effect: 'allow',
          actions: ['get'],
          principals: ['vrn:vtex.vtex-id:*:*:*:user/*'],
        },
      ],
    })
  })
})

describe('the local VTEX ID', () => {
  it('reads its tokens back, and nothing else', () => {
    expect(resolveUserToken(engineer)).toEqual({
      account: 'acme',
      email: 'engineer@acme.test',
    })
    expect(
      resolveUserToken(userTokenFor('acme', 'vtexappkey-acme-KEY1'))
    ).toEqual({ account: 'acme', email: 'vtexappkey-acme-KEY1' })
    expect(resolveUserToken('local-user-token-acme')).toBeNull()
    expect(resolveUserToken('buyer@acme.test')).toBeNull()
    expect(resolveUserToken(undefined)).toBeNull()
  })

  it('finds the token in its header first, else in the cookie', () => {
    expect(
      vtexIdTokenOf({
        vtexidclientautcookie: 'h',
        cookie: 'VtexIdclientAutCookie=c',
      })
    ).toBe('h')
    expect(
      vtexIdTokenOf({
        vtexidclientautcookie: '',
        cookie: 'a=1; VtexIdclientAutCookie=c',
      })
    ).toBe('c')
    // The store cookie of an account is another cookie.
    expect(
      vtexIdTokenOf({ cookie: 'VtexIdclientAutCookie_acme=s' })
    ).toBeUndefined()
  })

  it('names its users with VRNs', () => {
    expect(userPrincipal('acme', 'dev', 'a@b.c')).toBe(
      'vrn:vtex.vtex-id:aws-us-east-1:acme:dev:user/a@b.c'
    )
  })
})

describe('which requests are for a private route', () => {
  const guarded = privateRoutes(
    serviceRoutes({
      routes: {
        pub: { path: '/_v/pub', public: true },
        ext: { path: '/_v/ext', extensible: true },
        one: { path: '/_v/items/:id' },
        rest: { path: '/_v/files/*path' },
      },
    })
  )

  const targetOf = (url: string) =>
    guarded.check('GET', url, { vtexidclientautcookie: engineer })

  it('matches the path under /{account}/{workspace}, as @vtex/api mounts it', () => {
    expect(targetOf('/acme/dev/_v/items/42?x=1')).toEqual({
      admitted: true,
      account: 'acme',
      workspace: 'dev',
    })
    expect(targetOf('/acme/master/_v/files/a/b/c.json')).toMatchObject({
      admitted: true,
    })
    expect(targetOf('/acme/master/_V/Items/42/')).toMatchObject({
      admitted: true,
    })
  })

  it('leaves public, extensible and unknown paths alone', () => {
    expect(targetOf('/acme/master/_v/pub')).toBeNull()
    expect(targetOf('/acme/master/_v/ext')).toBeNull()
    expect(targetOf('/_v/items/42')).toBeNull()
    expect(targetOf('/acme/master/_v/items/42/more')).toBeNull()
  })
})

describe('policies', () => {
  const allowUsers = {
    effect: 'allow' as const,
    actions: ['GET', 'post'],
    principals: ['vrn:vtex.vtex-id:*:acme:*:user/*'],
  }

  const principal = userPrincipal('acme', 'master', 'a@acme.test')

  it('allow what a policy names (actions in any case, * in VRNs)', () => {
    expect(policyDecision([allowUsers], principal, 'get')).toBe('allow')
    expect(policyDecision([allowUsers], principal, 'delete')).toBe('none')
    expect(
      policyDecision(
        [allowUsers],
        userPrincipal('globex', 'master', 'a@acme.test'),
        'get'
      )
    ).toBe('none')
    expect(policyDecision([], principal, 'get')).toBe('none')
  })

  it('let a deny win over an allow, in any order', () => {
    const deny = { ...allowUsers, effect: 'deny' as const, actions: ['*'] }

    expect(policyDecision([deny, allowUsers], principal, 'get')).toBe('deny')
    expect(policyDecision([allowUsers, deny], principal, 'get')).toBe('deny')
  })

  it('stop the start when one is malformed', () => {
    const withPolicy = (policy: unknown) => () =>
      serviceRoutes({ routes: { s: { path: '/s', policies: [policy] } } })

    expect(
      withPolicy({ effect: 'permit', actions: [], principals: [] })
    ).toThrow(/policy 0/)
    expect(
      withPolicy({ effect: 'deny', actions: 'get', principals: [] })
    ).toThrow(/policy 0/)
    expect(() =>
      serviceRoutes({ routes: { s: { path: '/s', policies: {} } } })
    ).toThrow(/not a list/)
  })
})
