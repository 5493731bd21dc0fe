/** The subset of autocannon 8's programmatic API the benchmark uses. */
declare module 'autocannon' {
  interface Histogram {
    average: number
    stddev: number
    p50: number
    p99: number
    max: number
  }

  interface AutocannonRequest {
    method?: string
    path?: string
    headers?: Record<string, string>
    body?: string | Buffer
    setupRequest?: (
      request: AutocannonRequest,
      context: Record<string, unknown>
    ) => AutocannonRequest | null
    onResponse?: (
      status: number,
      body: string,
      context: Record<string, unknown>,
      headers: Record<string, string>
    ) => void
  }

  interface AutocannonOptions {
    url: string
    connections?: number
    duration?: number
    amount?: number
    /** Requests per second over all connections (a per-second budget). */
    overallRate?: number
    timeout?: number
    method?: string
    headers?: Record<string, string>
    body?: string | Buffer
    requests?: AutocannonRequest[]
  }

  interface AutocannonResult {
    requests: Histogram & { total: number }
    latency: Histogram
    duration: number
    errors: number
    timeouts: number
    non2xx: number
    statusCodeStats: Record<string, { count: number }>
  }

  /** Emits `response` (client, status, bytes, latencyMs) per answer. */
  interface AutocannonInstance
    extends NodeJS.EventEmitter,
      PromiseLike<AutocannonResult> {
    stop(): void
  }

  function autocannon(options: AutocannonOptions): AutocannonInstance

  export = autocannon
}
