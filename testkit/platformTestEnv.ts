import { MetricsAccumulator } from '@vtex/api/lib/metrics/MetricsAccumulator'

// Imported first by tests that load @vtex/api clients: the VBase client reads
// the app id once, at module load, and builds `/buckets//…` paths without it.
process.env.VTEX_APP_ID = 'acme.pricing-session@0.1.0'
process.env.VTEX_APP_VENDOR = 'acme'
process.env.VTEX_APP_NAME = 'pricing-session'
process.env.VTEX_APP_VERSION = '0.1.0'

// The worker creates this global; clients with an inflightKey read it, so a
// client used outside a worker needs one. MetricsAccumulator starts no timers.
const withMetrics = global as typeof global & { metrics?: MetricsAccumulator }

withMetrics.metrics ??= new MetricsAccumulator()
