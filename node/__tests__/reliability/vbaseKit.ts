/**
 * The app's lookups as VBase holds them, read and written through the
 * platform stand-in with the app's own token: what a test plants there
 * stands for another replica's (or an earlier run's) write.
 */
import type { AppStack } from '../../../local/appStack'
import { appIdentity } from '../../../local/appWorker'
import { appAuthorization, send } from '../../../testkit/platformTestKit'
import type { Tenant } from './reliabilityKit'

const APP_NAME = `${appIdentity().vendor}.${appIdentity().name}`

export type Bucket = 'cost-centers' | 'pricing'

/**
 * Where one lookup lives: its bucket and the `{organization}/{costCenter}`
 * id, one document per lookup.
 */
export type StoredAt = [Bucket, string]

/** What the app stores for a lookup: the value and when it came from upstream. */
export interface StoredDoc {
  value: unknown
  fetchedAt: unknown
}

function vbaseUrl(tenant: Tenant, [bucket, id]: StoredAt) {
  const { account, workspace } = tenant

  return `https://infra.io.vtex.com/vbase/v2/${account}/${workspace}/buckets/${APP_NAME}/${bucket}/files/${id}`
}

/** Writes one lookup's document where the app reads it, as another replica would. */
export async function plantVBase(
  stack: AppStack,
  { tenant, where, doc }: { tenant: Tenant; where: StoredAt; doc: unknown }
) {
  const answer = await send(stack.platform.proxyUrl, vbaseUrl(tenant, where), {
    method: 'PUT',
    body: JSON.stringify(doc),
    headers: {
      'content-type': 'application/json',
      ...appAuthorization(tenant.account),
    },
  })

  expect(answer.status).toBe(204)
}

/** One lookup's document in VBase, `null` if there is none. */
export async function readVBase(
  stack: AppStack,
  tenant: Tenant,
  where: StoredAt
): Promise<StoredDoc | null> {
  const answer = await send(stack.platform.proxyUrl, vbaseUrl(tenant, where), {
    headers: appAuthorization(tenant.account),
  })

  return answer.status === 404 ? null : (JSON.parse(answer.text) as StoredDoc)
}

/** VBase keys as the stand-in's stats name them. */
export const vbaseKey = (tenant: Tenant, [bucket, id]: StoredAt) =>
  `${tenant.account}/${tenant.workspace}/${bucket}/${id}`
