import type { Fixtures } from './fixtures'
import { HttpError, parseJson, sendJson } from './http'
import type { UpstreamCall, UpstreamDeps } from './upstream'
import { applyFaults } from './upstream'

export const B2B_GRAPHQL_APP = 'vtex.b2b-organizations-graphql'

interface CostCenterQuery {
  /** The key the answer goes under: the field's alias, if the query has one. */
  responseKey: string
  id: string
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

// `/vtex.b2b-organizations-graphql/v0/{account}/{workspace}/_v/graphql`
export function isB2BGraphqlPath(segments: string[]) {
  const [app, major, account, workspace, underscoreV, graphql] = segments

  return (
    segments.length === 6 &&
    app === B2B_GRAPHQL_APP &&
    /^v\d+$/.test(major) &&
    Boolean(account && workspace) &&
    underscoreV === '_v' &&
    graphql === 'graphql'
  )
}

const FIELD_PATTERN =
  /(?:([_A-Za-z][_0-9A-Za-z]*)\s*:\s*)?getCostCenterById\s*\(/

/**
 * Only `getCostCenterById` with the id in `variables.id` is supported: the
 * app sends exactly that, and anything else is a bug worth a loud 400.
 */
function parseCostCenterQuery(body: Buffer): CostCenterQuery {
  const request = parseJson(body)

  if (!isRecord(request) || typeof request.query !== 'string') {
    throw new HttpError(400, 'GraphQL body must be {"query": "...", ...}')
  }

  const field = FIELD_PATTERN.exec(request.query)

  if (!field) {
    throw new HttpError(400, 'this stand-in only answers getCostCenterById')
  }

  const { variables } = request
  const id = isRecord(variables) ? variables.id : undefined

  if (typeof id !== 'string' || id === '') {
    throw new HttpError(400, 'getCostCenterById needs variables.id (a string)')
  }

  return { responseKey: field[1] ?? 'getCostCenterById', id }
}

export async function answerB2BGraphql(
  deps: UpstreamDeps & { fixtures: Fixtures },
  call: UpstreamCall
) {
  const { req, res } = call

  if (req.method !== 'GET' && req.method !== 'POST') {
    throw new HttpError(405, `GraphQL stand-in does not answer ${req.method}`)
  }

  const query = parseCostCenterQuery(call.body)

  deps.stats.graphqlCall(query.id)
  if (await applyFaults(deps, 'graphql', call)) return

  const costCenter = deps.fixtures.costCenters.find(({ id }) => id === query.id)

  if (!costCenter) {
    sendJson(res, 200, {
      data: { [query.responseKey]: null },
      errors: [{ message: 'Cost center not found' }],
    })

    return
  }

  sendJson(res, 200, { data: { [query.responseKey]: costCenter } })
}
