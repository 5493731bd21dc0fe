/**
 * B2B Organizations GraphQL (`vtex.b2b-organizations-graphql`), refusing what
 * the real one refuses: only the installed major (2.x) answers; the router
 * wants the caller's app token and its `resolve-graphql` policy; every query
 * is parsed and validated against the real types (b2b/schema.ts) and a
 * failure is a 500 with `errors`, as @vtex/api's GraphQL runtime answers;
 * `getCostCenterById` applies `@validateStoreUserAccess`; an unknown id is
 * MasterData's empty answer, so an object with every field `null`.
 */
import { parse as parseQueryString } from 'querystring'

import { execute, formatError, parse, validate } from 'graphql'
import type { DocumentNode, GraphQLError } from 'graphql'

import type { AppGrant } from './appTokens'
import { requireAppToken, resolveAppToken } from './appTokens'
import { addressIdOf } from './b2b/addressIds'
import { b2bSchema } from './b2b/schema'
import { validateStoreUserAccess } from './b2b/storeUserAccess'
import { HttpError, parseJson, sendJson } from './http'
import type { TenantData } from './tenantData'
import type { UpstreamCall, UpstreamDeps } from './upstream'
import { applyFaults } from './upstream'

export const B2B_GRAPHQL_APP = 'vtex.b2b-organizations-graphql'
/** The major an account running the B2B Suite today has installed. */
export const B2B_INSTALLED_MAJOR = 2
const RESOLVE_POLICY = `${B2B_GRAPHQL_APP}:resolve-graphql`

export type B2BDeps = UpstreamDeps & {
  tenants: TenantData
  app: { appId: string; policies: string[] }
}

interface B2BPath {
  major: number
  account: string
  workspace: string
}

// `/vtex.b2b-organizations-graphql/v{major}/{account}/{workspace}/_v/graphql`
export function parseB2BGraphqlPath(segments: string[]): B2BPath | null {
  const [app, major, account, workspace, underscoreV, graphql] = segments
  const ok =
    segments.length === 6 &&
    app === B2B_GRAPHQL_APP &&
    /^v\d+$/.test(major) &&
    Boolean(account && workspace) &&
    underscoreV === '_v' &&
    graphql === 'graphql'

  return ok ? { major: Number(major.slice(1)), account, workspace } : null
}

interface GraphqlRequest {
  query: string
  variables: Record<string, unknown>
  sender?: string
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** GET carries the query in the URL, or (with __graphqlBodyHash) in a JSON body. */
function readGraphqlRequest(call: UpstreamCall): GraphqlRequest {
  const fromUrl = parseQueryString(call.url.search.slice(1))
  const inUrl =
    call.req.method === 'GET' &&
    !fromUrl.__graphqlBodyHash &&
    typeof fromUrl.query === 'string'

  const request = inUrl
    ? {
        query: fromUrl.query,
        variables: parseJson(Buffer.from(String(fromUrl.variables ?? '{}'))),
      }
    : parseJson(call.body)

  if (!isRecord(request) || typeof request.query !== 'string') {
    throw new HttpError(400, 'GraphQL body must be {"query": "...", ...}')
  }

  const variables = isRecord(request.variables) ? request.variables : {}
  const { extensions } = request
  const persisted = isRecord(extensions) ? extensions.persistedQuery : undefined
  const sender = isRecord(persisted) ? persisted.sender : undefined

  return {
    query: request.query,
    variables,
    ...(typeof sender === 'string' && { sender }),
  }
}

function sendErrors(
  call: UpstreamCall,
  status: number,
  errors: GraphQLError[]
) {
  sendJson(call.res, status, {
    errors: errors.map((error) => ({
      ...formatError(error),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    })),
  })
}

function costCenterDocument(deps: B2BDeps, path: B2BPath, id: string) {
  const { costCenters } = deps.tenants.fixturesOf(path)
  const costCenter = costCenters.find((cc) => cc.id === id)

  // MasterData's answer for a missing document: an empty string, which
  // GraphQL turns into an object whose every field is null.
  if (!costCenter) return ''

  return {
    ...costCenter,
    addresses: costCenter.addresses.map((address) => ({
      ...address,
      addressId: addressIdOf(address),
    })),
  }
}

/** What the router and the GraphQL runtime check before any resolver runs. */
function admit(deps: B2BDeps, call: UpstreamCall, path: B2BPath) {
  const { req } = call

  if (path.major !== B2B_INSTALLED_MAJOR) {
    throw new HttpError(
      404,
      `${B2B_GRAPHQL_APP}@${path.major}.x is not installed in ${path.account}/${path.workspace}`
    )
  }

  if (req.method !== 'GET' && req.method !== 'POST') {
    throw new HttpError(405, `GraphQL does not answer ${req.method}`)
  }

  // The router: an app token of this account with the app's resolve policy.
  requireAppToken(req.headers, {
    app: deps.app,
    account: path.account,
    policy: RESOLVE_POLICY,
  })

  return readGraphqlRequest(call)
}

/** The parsed query, or the GraphQL errors it fails validation with. */
function validQuery(query: string): DocumentNode | GraphQLError[] {
  let document: DocumentNode

  try {
    document = parse(query)
  } catch (error) {
    return [error as GraphQLError]
  }

  const invalid = validate(b2bSchema, document)

  return invalid.length > 0 ? [...invalid] : document
}

function refusal(error: unknown) {
  if (!(error instanceof HttpError)) return 'bad-request'

  return (
    { 404: 'not-installed', 401: 'no-app-token', 403: 'missing-policy' }[
      error.status as 404 | 401 | 403
    ] ?? 'bad-request'
  )
}

export async function answerB2BGraphql(
  deps: B2BDeps,
  call: UpstreamCall,
  path: B2BPath
) {
  const { req, res } = call
  let request: GraphqlRequest

  try {
    request = admit(deps, call, path)
  } catch (error) {
    deps.stats.graphqlRefused(refusal(error))
    throw error
  }

  const document = validQuery(request.query)

  if (Array.isArray(document)) {
    deps.stats.graphqlRefused('invalid-query')

    return sendErrors(call, 500, document)
  }

  const { id } = request.variables

  deps.stats.graphqlCall(typeof id === 'string' ? id : undefined)
  if (request.sender) deps.stats.graphqlSender(request.sender)
  if (await applyFaults(deps, 'graphql', call)) return

  const rules = {
    account: path.account,
    resolveToken: (token: string): AppGrant | null =>
      resolveAppToken(token, deps.app),
    isBuyer: (storeToken: string) =>
      deps.tenants
        .fixturesOf(path)
        .users.some(
          (user) => user.email.toLowerCase() === storeToken.toLowerCase()
        ),
  }

  const result = await execute({
    schema: b2bSchema,
    document,
    variableValues: request.variables,
    rootValue: {
      getCostCenterById: (args: { id: string }) => {
        validateStoreUserAccess(req.headers, rules)

        return costCenterDocument(deps, path, args.id)
      },
    },
  })

  for (const error of result.errors ?? []) {
    deps.stats.graphqlRefused(String(error.extensions?.code ?? 'error'))
  }

  sendJson(res, 200, {
    data: result.data ?? null,
    ...(result.errors && { errors: result.errors.map(formatError) }),
  })
}
