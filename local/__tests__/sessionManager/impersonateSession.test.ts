/**
 * The impersonate-session stand-in's rule: only a signed-in fixture user
 * with `canImpersonate` acts as another known fixture user; every other
 * input answers both outputs `""`. And what follows it: profile-session
 * answers the impersonated shopper's own profile.
 */
import { nativeSessionConfig } from '../../../session-config'
import {
  authenticationSession,
  AUTH_COOKIE,
} from '../../nativeApps/authenticationSession'
import type { NativeFixtures } from '../../nativeApps/fixtureUsers'
import { createImpersonateSession } from '../../nativeApps/impersonateSession'
import { profileSession } from '../../nativeApps/profileSession'
import type { WireNamespaces } from '../../sessionManager/types'
import { wire } from '../../../testkit/sessionManagerTestKit'

const FIXTURES: NativeFixtures = {
  users: [
    {
      email: 'rep@acme.test',
      organization: 'org-1',
      costcenter: 'cc-2',
      canImpersonate: true,
    },
    { email: 'buyer@acme.test', organization: 'org-1', costcenter: 'cc-1' },
    { email: 'buyer@globex.test', organization: 'org-2', costcenter: 'cc-3' },
    {
      email: 'lead@acme.test',
      organization: 'org-1',
      costcenter: 'cc-1',
      canImpersonate: false,
    },
    // One user, two cost centers: the right is on one row only.
    { email: 'multi@acme.test', organization: 'org-1', costcenter: 'cc-1' },
    {
      email: 'multi@acme.test',
      organization: 'org-1',
      costcenter: 'cc-2',
      canImpersonate: true,
    },
  ],
  costCenters: [],
}

const impersonateSession = createImpersonateSession(() => FIXTURES)

const namespaces = (flat: Record<string, string>) =>
  wire(flat) as WireNamespaces

/** The signed-in email (or nobody) and `public.impersonate` (or absent). */
function input(actor: string | null, target: string | null) {
  return namespaces({
    ...(actor !== null && {
      'authentication.storeUserEmail': actor,
      'authentication.storeUserId': `id-of-${actor}`,
    }),
    ...(target !== null && { 'public.impersonate': target }),
  })
}

const answer = (actor: string | null, target: string | null) =>
  impersonateSession(input(actor, target)) as WireNamespaces

/** What authentication-session answers when `email` signs in themself. */
const ownSignIn = (email: string) =>
  // authentication-session removes no field (no null): plain wire values.
  (
    authenticationSession(
      namespaces({ [`cookie.${AUTH_COOKIE}`]: email })
    ) as WireNamespaces
  ).authentication

const byName = (a: string, b: string) => a.localeCompare(b)

const NOBODY = {
  storeUserId: { value: '' },
  storeUserEmail: { value: '' },
}

describe('impersonate-session stand-in', () => {
  it('lets a user with canImpersonate act as another fixture user', () => {
    const { storeUserId, storeUserEmail } = ownSignIn('buyer@globex.test')

    expect(answer('rep@acme.test', 'buyer@globex.test')).toEqual({
      impersonate: { storeUserId, storeUserEmail },
    })
    expect(storeUserId).toEqual({ value: expect.stringMatching(/\w{8}-/) })
  })

  it('takes the target in any case and with spaces, and answers it lower-cased', () => {
    expect(answer('rep@acme.test', '  Buyer@GLOBEX.test ').impersonate).toEqual(
      {
        storeUserId: ownSignIn('buyer@globex.test').storeUserId,
        storeUserEmail: { value: 'buyer@globex.test' },
      }
    )
  })

  it('takes the right from any fixture row of the signed-in user', () => {
    expect(
      answer('multi@acme.test', 'buyer@acme.test').impersonate.storeUserEmail
    ).toEqual({ value: 'buyer@acme.test' })
  })

  it.each([
    ['a buyer without the right', 'buyer@acme.test', 'buyer@globex.test'],
    ['canImpersonate: false', 'lead@acme.test', 'buyer@globex.test'],
    [
      'a signed-in user the fixtures do not know',
      'x@b2c.test',
      'buyer@acme.test',
    ],
    ['an anonymous shopper', null, 'buyer@globex.test'],
    ['an email the fixtures do not know', 'rep@acme.test', 'nobody@acme.test'],
    ['the user themself', 'rep@acme.test', 'REP@acme.test'],
    ['a cleared public.impersonate', 'rep@acme.test', ''],
    ['no public.impersonate', 'rep@acme.test', null],
    ['a signed-out session', '', 'buyer@globex.test'],
  ])('answers both fields "" for %s', (_case, actor, target) => {
    expect(answer(actor, target)).toEqual({ impersonate: NOBODY })
  })

  it('answers every declared output, the same ones for the same inputs', () => {
    const declared = nativeSessionConfig('impersonate-session').outputs.map(
      ({ namespace, field }) => `${namespace}.${field}`
    )

    for (const [actor, target] of [
      ['rep@acme.test', 'buyer@globex.test'],
      ['buyer@acme.test', 'buyer@globex.test'],
    ]) {
      const first = answer(actor, target)
      const keys = Object.entries(first).flatMap(([namespace, fields]) =>
        Object.keys(fields).map((field) => `${namespace}.${field}`)
      )

      expect(keys.sort(byName)).toEqual([...declared].sort(byName))
      expect(answer(actor, target)).toEqual(first)
    }
  })
})

describe('profile-session while someone impersonates', () => {
  it("answers the impersonated shopper's own profile, and the actor's once it ends", () => {
    const rep = input('rep@acme.test', null)
    const acting = {
      ...rep,
      ...answer('rep@acme.test', 'buyer@globex.test'),
    }

    const buyerOwn = profileSession({
      authentication: ownSignIn('buyer@globex.test'),
    })

    expect(profileSession(acting)).toEqual(buyerOwn)
    expect(buyerOwn).toMatchObject({
      profile: { email: { value: 'buyer@globex.test' } },
    })

    const ended = { ...rep, impersonate: NOBODY }

    expect(profileSession(ended)).toEqual(profileSession(rep))
    expect(profileSession(ended)).toMatchObject({
      profile: { email: { value: 'rep@acme.test' } },
    })
  })
})
