import { createHash, randomBytes } from 'crypto'
import {
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'fs'
import { dirname, join } from 'path'

import {
  HttpError,
  parseJson,
  sendJson,
  sendJsonText,
  sendNoContent,
} from './http'
import { requireAppToken } from './appTokens'
import type { VBaseKeyStats } from './stats'
import type { UpstreamCall, UpstreamDeps } from './upstream'
import { applyFaults } from './upstream'

export interface VBaseFile {
  account: string
  workspace: string
  app: string
  bucket: string
  /** The file path inside the bucket, segments decoded. */
  path: string[]
}

interface StoredFile {
  body: Buffer
  etag: string
}

const MAX_SEGMENT_BYTES = 200

// The absolute path `/vbase/v2/{account}/{workspace}/buckets/{app}/{bucket}/files/{path...}`.
export function parseVBaseFile(segments: string[]): VBaseFile | null {
  const [service, version, account, workspace, buckets, app, bucket, files] =
    segments

  const path = segments.slice(8)

  if (
    service !== 'vbase' ||
    version !== 'v2' ||
    buckets !== 'buckets' ||
    files !== 'files' ||
    path.length === 0
  ) {
    return null
  }

  return { account, workspace, app, bucket, path }
}

/**
 * Maps one decoded URL segment to one file name. Re-encoding keeps `/` and
 * odd characters out of the file system; `.` and `..` could escape dataDir.
 */
function fileNameOf(segment: string) {
  const name = encodeURIComponent(segment)

  if (segment === '' || segment === '.' || segment === '..') {
    throw new HttpError(400, `invalid VBase path segment "${segment}"`)
  }

  if (Buffer.byteLength(name) > MAX_SEGMENT_BYTES) {
    throw new HttpError(400, 'VBase path segment too long')
  }

  return name
}

const etagOf = (body: Buffer) =>
  `"${createHash('md5').update(body).digest('hex')}"`

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code

/**
 * Files on disk under `{root}/{account}/{workspace}/{bucket}/{path}`. Sync fs
 * calls on purpose: an If-Match check and its write cannot interleave with
 * another request's, and the files are tiny.
 */
export class VBaseStore {
  private readonly root: string
  private readonly tmpDir: string

  constructor(dataDir: string) {
    this.root = join(dataDir, 'vbase')
    this.tmpDir = join(dataDir, '.vbase-tmp')
  }

  public read(file: VBaseFile): StoredFile | null {
    try {
      const body = readFileSync(this.diskPath(file))

      return { body, etag: etagOf(body) }
    } catch (error) {
      // A "folder" of other keys, or a path through a file, is no file either.
      if (['ENOENT', 'ENOTDIR', 'EISDIR'].includes(errorCode(error) ?? '')) {
        return null
      }

      throw error
    }
  }

  /** Writes to a temp file then renames, so a reader never sees half a file. */
  public write(file: VBaseFile, body: Buffer, ifMatch?: string): string {
    this.checkPrecondition(file, ifMatch)
    const target = this.diskPath(file)
    const temp = join(this.tmpDir, randomBytes(8).toString('hex'))

    mkdirSync(this.tmpDir, { recursive: true })
    writeFileSync(temp, body)
    try {
      mkdirSync(dirname(target), { recursive: true })
      renameSync(temp, target)
    } catch (error) {
      rmSync(temp, { force: true })
      if (['EISDIR', 'ENOTDIR', 'EEXIST'].includes(errorCode(error) ?? '')) {
        throw new HttpError(409, 'path collides with a file or folder')
      }

      throw error
    }

    return etagOf(body)
  }

  /** False when there was nothing to delete. */
  public remove(file: VBaseFile, ifMatch?: string): boolean {
    if (this.read(file) === null) return false
    this.checkPrecondition(file, ifMatch)
    unlinkSync(this.diskPath(file))

    return true
  }

  private diskPath(file: VBaseFile) {
    const { account, workspace, bucket, path } = file

    return join(
      this.root,
      ...[account, workspace, bucket, ...path].map(fileNameOf)
    )
  }

  private checkPrecondition(file: VBaseFile, ifMatch: string | undefined) {
    if (ifMatch === undefined) return
    const current = this.read(file)
    const wanted = ifMatch
      .split(',')
      .map((tag) => tag.trim().replace(/^W\//, ''))

    const matches =
      current !== null &&
      (wanted.includes('*') || wanted.includes(current.etag))

    if (!matches) {
      throw new HttpError(412, 'If-Match does not match the current ETag')
    }
  }
}

type VBaseMethod = keyof VBaseKeyStats

const METHODS: Record<string, VBaseMethod | undefined> = {
  GET: 'get',
  PUT: 'put',
  DELETE: 'delete',
}

type VBaseDeps = UpstreamDeps & {
  store: VBaseStore
  appName: string
  app: { appId: string; policies: string[] }
}

interface VBaseOperation {
  method: VBaseMethod
  file: VBaseFile
  key: string
}

function answerOperation(
  { store, stats }: VBaseDeps,
  { method, file, key }: VBaseOperation,
  { req, res, body }: UpstreamCall
) {
  const ifMatch = req.headers['if-match']

  if (method === 'get') {
    const stored = store.read(file)

    stats.vbaseOutcome(stored ? 'hits' : 'misses')
    if (!stored) return sendJson(res, 404, { error: 'file not found', key })
    res.setHeader('etag', stored.etag)

    return sendJsonText(res, 200, stored.body)
  }

  if (method === 'put') {
    res.setHeader('etag', store.write(file, body, ifMatch))

    return sendNoContent(res)
  }

  if (store.remove(file, ifMatch)) return sendNoContent(res)

  return sendJson(res, 404, { error: 'file not found', key })
}

export async function answerVBase(
  deps: VBaseDeps,
  file: VBaseFile,
  call: UpstreamCall
) {
  const method = METHODS[call.req.method ?? '']

  if (!method) {
    throw new HttpError(
      405,
      `VBase stand-in does not answer ${call.req.method}`
    )
  }

  if (file.app !== deps.appName) {
    // Real VBase scopes buckets by the caller's app: an empty or foreign app
    // here means VTEX_APP_ID was wrong when @vtex/api was loaded.
    throw new HttpError(
      403,
      `app "${file.app}" cannot use ${deps.appName}'s buckets`
    )
  }

  requireAppToken(call.req.headers, {
    app: deps.app,
    account: file.account,
    policy: 'vbase-read-write',
  })

  const key = [file.account, file.workspace, file.bucket, ...file.path].join(
    '/'
  )

  deps.stats.vbaseCall(method, key)
  // The stand-in stores JSON files only; a bad PUT is the caller's bug.
  if (method === 'put') parseJson(call.body)
  if (await applyFaults(deps, 'vbase', call)) return

  try {
    answerOperation(deps, { method, file, key }, call)
  } catch (error) {
    if (error instanceof HttpError && error.status === 412) {
      deps.stats.vbaseOutcome('preconditionFailed')
    }

    throw error
  }
}
