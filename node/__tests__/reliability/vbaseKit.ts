/**
 * The app's lookups as VBase holds them, read and written through the
 * platform stand-in with the app's own token: what a test plants there
 * stands for another replica's (or an earlier run's) write.
 */
import type { AppStack } from '../../../local/appStack'
import { appIdentity } from '../../../local/appWorker'
import {
  appAuthorization,
  send,
} from '../../../local/__tests__/platformTestKit'
import { LOOKUPS_BUCKET } from '../../cache/lookupDocuments'
import type { Tenant } from './reliabilityKit'

const APP_NAME = `${appIdentity().vendor}.${appIdentity().name}`

export type Bucket = 'cost-centers' | 'pricing'

/**
 * Where one lookup lives: its bucket (the part of the document) and the
 * `{organization}/{costCenter}` id both lookups of a transform share.
 */
export type StoredAt = [Bucket, string]

/** What the app stores for a lookup: the value and when it came from upstream. */
export interface StoredDoc {
  value: unknown
  fetchedAt: unknown
}

function vbaseUrl(tenant: Tenant, id: string) {
  const { account, workspace } = tenant

  return `https://infra.io.vtex.com/vbase/v2/${account}/${workspace}/buckets/${APP_NAME}/${LOOKUPS_BUCKET}/files/${id}`
}

/** The whole VBase document of an id (every lookup's part), `null` if none. */
async function readDocument(stack: AppStack, tenant: Tenant, id: string) {
  const answer = await send(stack.platform.proxyUrl, vbaseUrl(tenant, id), {
    headers: appAuthorization(tenant.account),
  })

  return answer.status === 404
    ? null
    : (JSON.parse(answer.text) as Record<string, unknown>)
}

/** Writes one lookup's part where the app reads it, as another replica would. */
export async function plantVBase(
  stack: AppStack,
  {
    tenant,
    where: [bucket, id],
    doc,
  }: { tenant: Tenant; where: StoredAt; doc: unknown }
) {
  const parts = (await readDocument(stack, tenant, id)) ?? {}
  const answer = await send(stack.platform.proxyUrl, vbaseUrl(tenant, id), {
    method: 'PUT',
    body: JSON.stringify({ ...parts, [bucket]: doc }),
    headers: {
      'content-type': 'application/json',
      ...appAuthorization(tenant.account),
    },
  })

  expect(answer.status).toBe(204)
}

/** One lookup's part of what VBase holds, `null` if it holds none. */
export async function readVBase(
  stack: AppStack,
  tenant: Tenant,
  [bucket, id]: StoredAt
): Promise<StoredDoc | null> {
  const parts = await readDocument(stack, tenant, id)

  return (parts?.[bucket] as StoredDoc | undefined) ?? null
}

/** VBase keys as the stand-in's stats name them. */
export const vbaseKey = (tenant: Tenant, id: string) =>
  `${tenant.account}/${tenant.workspace}/${LOOKUPS_BUCKET}/${id}`
