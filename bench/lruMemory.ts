import { fork } from 'child_process'
import { join } from 'path'

/** What lruMemoryChild.ts measured after driving `keys` distinct keys. */
export interface LruMemoryResult {
  keys: number
  seconds: number
  rssMbBefore: number
  rssMbAfter: number
  rssMbPeak: number
  heapMbAfterGc: number
  buckets: Array<{ bucket: string; lruSize: number; lruMax: number }>
}

export const lruBoundHolds = ({ buckets }: LruMemoryResult) =>
  buckets.every(({ lruSize, lruMax }) => lruSize <= lruMax)

/**
 * The app's cache alone, in a fresh child process (TypeScript through tsx's
 * loader, `--expose-gc`): RSS and LRU sizes after `keys` distinct keys.
 */
export function measureLruMemory(keys: number): Promise<LruMemoryResult> {
  const child = fork(join(__dirname, 'lruMemoryChild.ts'), [String(keys)], {
    execArgv: ['--import', require.resolve('tsx'), '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })

  return new Promise((resolve, reject) => {
    child.once('message', (result) => resolve(result as LruMemoryResult))
    child.once('exit', (code) =>
      reject(new Error(`lruMemoryChild exited without a result (code ${code})`))
    )
  })
}
