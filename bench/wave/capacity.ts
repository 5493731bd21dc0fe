/**
 * A capacity model from CPU measured in the same run: transforms per second
 * a replica serves per cache tier, replicas for a store, and VBase and
 * upstream traffic per hour. The assumptions are named (STORE); everything
 * else is measured.
 */
import {
  COST_CENTER_POLICY,
  PRICING_POLICY,
  SETTINGS_POLICY,
} from '../../node/cache/policies'
import type { WaveResult } from './wave'

const STORE = {
  sessionsPerDay: 1_000_000,
  peakFactor: 10,
  /** A replica is one `@vtex/api` worker on one core; scale out past this. */
  busyTarget: 0.6,
  /** service.json `minReplicas`. */
  minReplicas: 2,
}

export interface TierCpu {
  lruHitCpuUs: number
  vbaseHitCpuUs: number
  /** A cold key: both upstreams, the VBase miss and write. */
  coldCpuUs: number
}

const HOUR = 3600
const PER_HOUR = (ms: number) => (HOUR * 1000) / ms

/** Per active pair and hour: what the policies make the app fetch. */
const refreshesPerPairHour = {
  graphql: PER_HOUR(COST_CENTER_POLICY.freshMs),
  pricing: PER_HOUR(PRICING_POLICY.freshMs),
}

/** Every replica re-reads a pair it serves once its LRU entry expires. */
const vbaseReadsPerPairReplicaHour = PER_HOUR(COST_CENTER_POLICY.lruTtlMs)
const settingsPerReplicaHour = PER_HOUR(SETTINGS_POLICY.freshMs)

interface CapacityInputs {
  tiers: TierCpu
  /** For the transform calls Session Manager makes per sign-in. */
  wave: WaveResult
  /** Cost centers (organization, cost center pairs) the store has active. */
  pairs: number
}

function replicasFor(rate: number, cpuUs: number) {
  return Math.max(
    STORE.minReplicas,
    Math.ceil((rate * cpuUs) / (STORE.busyTarget * 1e6))
  )
}

/**
 * The app at the peak: a pair is read from VBase once a minute per replica
 * that serves it and fetched upstream once per freshness period (more only
 * when replicas refresh the same pair at once); every other transform is a
 * memory hit. Replicas and the tier mix depend on each other: iterate.
 */
function appAtPeak(tiers: TierCpu, pairs: number, peakRate: number) {
  const perHour = peakRate * HOUR
  const upstreamPerHour =
    pairs * (refreshesPerPairHour.graphql + refreshesPerPairHour.pricing)

  let replicas = STORE.minReplicas
  let mix = { lru: 1, vbase: 0, cold: 0 }
  let cpuUs = tiers.lruHitCpuUs

  for (let i = 0; i < 10; i++) {
    const vbase = Math.min(
      perHour,
      pairs * replicas * vbaseReadsPerPairReplicaHour
    )

    // A refresh costs about a cold transform, in the background.
    const cold = Math.min(perHour, pairs * refreshesPerPairHour.pricing)

    mix = {
      vbase: vbase / perHour,
      cold: cold / perHour,
      lru: Math.max(0, 1 - (vbase + cold) / perHour),
    }
    cpuUs =
      mix.lru * tiers.lruHitCpuUs +
      mix.vbase * tiers.vbaseHitCpuUs +
      mix.cold * tiers.coldCpuUs
    const next = replicasFor(peakRate, cpuUs)

    if (next === replicas) break
    replicas = next
  }

  return {
    replicas,
    cpuUsPerTransform: cpuUs,
    mix,
    vbaseReadsPerHour: Math.min(
      perHour,
      pairs * replicas * vbaseReadsPerPairReplicaHour
    ),
    upstreamCallsPerHour: upstreamPerHour + replicas * settingsPerReplicaHour,
    /** When every replica refreshes every pair itself (the worst race). */
    upstreamCallsPerHourWorst:
      upstreamPerHour * replicas + replicas * settingsPerReplicaHour,
  }
}

/** Stores the model is also run for: how the figures grow. */
const GROWTH = [
  { sessionsPerDay: 1_000_000, pairs: 500 },
  { sessionsPerDay: 10_000_000, pairs: 500 },
  { sessionsPerDay: 10_000_000, pairs: 5_000 },
  { sessionsPerDay: 100_000_000, pairs: 50_000 },
]

export function capacityModel(inputs: CapacityInputs) {
  const { tiers, wave } = inputs
  const transformsPerSession = wave.transforms.calls / wave.shoppers
  const perReplica = (cpuUs: number) => (STORE.busyTarget * 1e6) / cpuUs

  const storeAt = (sessionsPerDay: number, pairs: number) => {
    const averageRate = (sessionsPerDay * transformsPerSession) / (24 * HOUR)
    const peakRate = averageRate * STORE.peakFactor

    return {
      sessionsPerDay,
      pairs,
      averageRate,
      peakRate,
      app: appAtPeak(tiers, pairs, peakRate),
    }
  }

  return {
    store: STORE,
    transformsPerSession,
    transformsPerSecondPerReplica: {
      lruHit: perReplica(tiers.lruHitCpuUs),
      vbaseHit: perReplica(tiers.vbaseHitCpuUs),
      cold: perReplica(tiers.coldCpuUs),
    },
    ...storeAt(STORE.sessionsPerDay, inputs.pairs),
    growth: GROWTH.map(({ sessionsPerDay, pairs }) =>
      storeAt(sessionsPerDay, pairs)
    ),
  }
}

export type Capacity = ReturnType<typeof capacityModel>
