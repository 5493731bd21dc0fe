import { existsSync, readdirSync, readFileSync } from 'fs'
import { join } from 'path'
import { gzipSync } from 'zlib'

import type { Platform } from '../../platform'
import {
  appAuthorization,
  json,
  jsonBody,
  removeDir,
  send,
  startTestPlatform,
  tempDataDir,
  VBASE_PREFIX,
} from '../../../testkit/platformTestKit'

const fileUrl = (path: string) => `${VBASE_PREFIX}/prices/files/${path}`

describe('VBase stand-in', () => {
  let dataDir: string
  let platform: Platform

  const put = (path: string, value: unknown, headers = {}) => {
    const spec = jsonBody(value)

    return send(platform.proxyUrl, fileUrl(path), {
      ...spec,
      method: 'PUT',
      headers: { ...spec.headers, ...headers },
    })
  }

  const get = (path: string) => send(platform.proxyUrl, fileUrl(path))

  beforeAll(async () => {
    dataDir = tempDataDir()
    platform = await startTestPlatform(dataDir)
  })

  afterAll(async () => {
    await platform.stop()
    removeDir(dataDir)
  })

  it('saves with PUT (204) and answers the same JSON with GET', async () => {
    const saved = await put('org-1/cc-1', { priceTable: 'b2b-nyc', at: 1 })

    expect(saved.status).toBe(204)
    expect(saved.headers.etag).toMatch(/^"[0-9a-f]{32}"$/)

    const read = await get('org-1/cc-1')

    expect(read.status).toBe(200)
    expect(read.headers['content-type']).toMatch(/application\/json/)
    expect(read.headers.etag).toBe(saved.headers.etag)
    expect(json(read)).toEqual({ priceTable: 'b2b-nyc', at: 1 })
  })

  it("refuses a call without the app's token, or with another account's: 401", async () => {
    const none = await send(platform.proxyUrl, fileUrl('x'), {
      headers: { authorization: '' },
    })

    const foreign = await send(platform.proxyUrl, fileUrl('x'), {
      headers: appAuthorization('globex'),
    })

    expect([none.status, foreign.status]).toEqual([401, 401])
    expect(json(none)).toEqual({
      error: 'no valid app token for account acme',
    })
  })

  it('refuses an app whose manifest lacks vbase-read-write: 403', async () => {
    const strict = await startTestPlatform(dataDir, { appPolicies: [] })

    try {
      const answer = await send(strict.proxyUrl, fileUrl('x'))

      expect(answer.status).toBe(403)
      expect(json(answer)).toEqual({
        error: "the app's manifest lacks the policy vbase-read-write",
      })
    } finally {
      await strict.stop()
    }
  })

  it('answers 404 JSON for a missing file', async () => {
    const read = await get('never-saved')

    expect(read.status).toBe(404)
    expect(json(read)).toMatchObject({ error: 'file not found' })
  })

  it('deletes with 204, then answers 404 to GET and DELETE', async () => {
    await put('to-delete', { a: 1 })
    const target = fileUrl('to-delete')

    expect(
      (await send(platform.proxyUrl, target, { method: 'DELETE' })).status
    ).toBe(204)
    expect((await get('to-delete')).status).toBe(404)
    expect(
      (await send(platform.proxyUrl, target, { method: 'DELETE' })).status
    ).toBe(404)
  })

  it('keeps files across a restart, under dataDir/vbase/{account}/{workspace}/{bucket}/{path}', async () => {
    await put('persisted', { survives: true })
    await platform.stop()
    platform = await startTestPlatform(dataDir)

    expect(json(await get('persisted'))).toEqual({ survives: true })
    const onDisk = join(
      dataDir,
      'vbase',
      'acme',
      'master',
      'prices',
      'persisted'
    )

    expect(JSON.parse(readFileSync(onDisk, 'utf8'))).toEqual({ survives: true })
  })

  it('honours If-Match on PUT and DELETE', async () => {
    const first = await put('guarded', { v: 1 })
    const etag = String(first.headers.etag)

    expect(
      (await put('guarded', { v: 2 }, { 'if-match': '"stale"' })).status
    ).toBe(412)
    expect(json(await get('guarded'))).toEqual({ v: 1 })
    expect((await put('guarded', { v: 2 }, { 'if-match': etag })).status).toBe(
      204
    )
    expect((await put('absent', { v: 1 }, { 'if-match': '*' })).status).toBe(
      412
    )

    const target = fileUrl('guarded')
    const stale = { method: 'DELETE', headers: { 'if-match': etag } }

    expect((await send(platform.proxyUrl, target, stale)).status).toBe(412)
    expect(platform.stats().vbase.preconditionFailed).toBe(3)
  })

  it('keeps encoded slashes and dots inside the bucket folder', async () => {
    expect((await put('a%2F..%2F..%2Fescape', { inside: true })).status).toBe(
      204
    )
    expect(json(await get('a%2F..%2F..%2Fescape'))).toEqual({ inside: true })
    expect(
      readdirSync(join(dataDir, 'vbase', 'acme', 'master', 'prices'))
    ).toContain('a%2F..%2F..%2Fescape')
    expect(existsSync(join(dataDir, 'vbase', 'acme', 'escape'))).toBe(false)
  })

  it('stores gzip uploads (VBase.saveFile) decoded', async () => {
    const saved = await send(platform.proxyUrl, fileUrl('zipped'), {
      method: 'PUT',
      body: gzipSync(JSON.stringify({ zipped: true })),
      headers: {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      },
    })

    expect(saved.status).toBe(204)
    expect(json(await get('zipped'))).toEqual({ zipped: true })
  })

  it('answers 4xx JSON to bad requests and 502 to unknown routes', async () => {
    const notJson = await send(platform.proxyUrl, fileUrl('bad'), {
      method: 'PUT',
      body: '{nope',
    })

    expect(notJson.status).toBe(400)
    expect(json(notJson)).toEqual({ error: 'body is not valid JSON' })

    const otherApp = `https://infra.io.vtex.com/vbase/v2/acme/master/buckets/other.app/prices/files/x`

    expect((await send(platform.proxyUrl, otherApp)).status).toBe(403)
    expect(
      (await send(platform.proxyUrl, fileUrl('x'), { method: 'PATCH' })).status
    ).toBe(405)

    const listing = await send(
      platform.proxyUrl,
      `${VBASE_PREFIX}/prices/files`
    )

    expect(listing.status).toBe(502)
    expect(json(listing)).toMatchObject({
      error: expect.stringContaining('no stand-in'),
    })
  })

  it('counts calls per method and per key', async () => {
    platform.resetStats()
    await put('counted', { n: 1 })
    await get('counted')
    await get('counted')
    await get('missing-counted')

    const { vbase } = platform.stats()

    expect(vbase).toMatchObject({
      get: 3,
      put: 1,
      delete: 0,
      hits: 2,
      misses: 1,
    })
    expect(vbase.byKey['acme/master/prices/counted']).toEqual({
      get: 2,
      put: 1,
      delete: 0,
    })
  })
})
