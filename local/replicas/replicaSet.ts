/**
 * n replicas of the app, each its own `@vtex/api` worker process with its own
 * LRU, all on the one VBase stand-in, behind the router's round-robin front:
 * how the app runs on VTEX IO (`minReplicas`/`maxReplicas` in service.json).
 */
import { join } from 'path'

import type { AppWorker, AppWorkerOptions } from '../appWorker'
import { startAppWorker } from '../appWorker'
import type { ServiceRoute } from './routePolicies'
import { readServiceRoutes } from './routePolicies'
import type { ReplicaRouter } from './router'
import { startReplicaRouter } from './router'

/** What `REPLICAS` defaults to: the shipped `minReplicas`. */
export const DEFAULT_REPLICAS = 2
export const MAX_REPLICAS = 16

export interface Replica extends AppWorker {
  /** `replica-1`, `replica-2`, …: a replacement gets the next free number. */
  name: string
}

export interface ReplicaSetOptions {
  count: number
  /** The router's port (APP_PORT); 0 or absent = ephemeral. */
  port?: number
  /** How each worker is started (its own port is always ephemeral). */
  worker: Omit<AppWorkerOptions, 'port'>
  /**
   * The routes the router guards (default: the service.json of the service
   * the workers run, `worker.appDir`'s, else node/service.json).
   */
  routes?: ServiceRoute[]
}

export interface ReplicaSet {
  router: ReplicaRouter
  /** The replicas started and not stopped, oldest first. */
  replicas(): Replica[]
  /** SIGKILLs a replica (a pod dying), resolves once its process is gone. */
  kill(name: string): Promise<void>
  /** Starts one more replica, cold: empty LRU, the same VBase. */
  add(): Promise<Replica>
  /** Replaces every replica with a fresh one. */
  restartAll(): Promise<void>
  stop(): Promise<void>
}

/** `REPLICAS` from the environment, else `fallback`. */
export function replicaCountFromEnv(fallback = DEFAULT_REPLICAS) {
  const raw = process.env.REPLICAS

  if (raw === undefined || raw === '') return fallback
  const count = Number(raw)

  if (!Number.isInteger(count) || count < 1 || count > MAX_REPLICAS) {
    throw new Error(`REPLICAS must be an integer from 1 to ${MAX_REPLICAS}`)
  }

  return count
}

const exited = (replica: Replica) =>
  replica.child.exitCode !== null || replica.child.signalCode !== null

export async function startReplicaSet(
  options: ReplicaSetOptions
): Promise<ReplicaSet> {
  const { appDir } = options.worker
  const routes =
    options.routes ??
    readServiceRoutes(
      appDir ? join(appDir, 'service', 'service.json') : undefined
    )

  const router = await startReplicaRouter(options.port ?? 0, { routes })
  const running: Replica[] = []
  let started = 0

  const add = async () => {
    started += 1
    const name = `replica-${started}`
    const worker = await startAppWorker({ ...options.worker, port: 0 })
    const replica = { ...worker, name }

    running.push(replica)
    // The router learns of a death from the process itself, at once.
    worker.child.once('exit', () => router.remove(name))
    router.add({ name, port: worker.port })

    return replica
  }

  const stopOne = async (replica: Replica) => {
    router.remove(replica.name)
    running.splice(running.indexOf(replica), 1)
    await replica.stop()
  }

  try {
    for (let i = 0; i < options.count; i++) {
      // One at a time: each worker's start is CPU-bound on a small machine.
      // eslint-disable-next-line no-await-in-loop
      await add()
    }
  } catch (error) {
    await Promise.all(running.map((replica) => replica.stop()))
    await router.stop()
    throw error
  }

  return {
    router,
    replicas: () => [...running],
    async kill(name) {
      const replica = running.find((candidate) => candidate.name === name)

      if (!replica) throw new Error(`no replica ${name}`)
      if (!exited(replica)) {
        await new Promise<void>((resolve) => {
          replica.child.once('exit', () => resolve())
          replica.child.kill('SIGKILL')
        })
      }

      await stopOne(replica)
    },
    add,
    async restartAll() {
      const old = [...running]
      const count = old.length

      await Promise.all(old.map(stopOne))
      for (let i = 0; i < count; i++) {
        // eslint-disable-next-line no-await-in-loop
        await add()
      }
    },
    async stop() {
      await Promise.all([...running].map(stopOne))
      await router.stop()
    },
  }
}
