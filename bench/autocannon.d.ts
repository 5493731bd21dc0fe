/** The subset of autocannon 8's programmatic API the benchmark uses. */
declare module 'autocannon' {
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
    timeout?: number
    requests?: AutocannonRequest[]
  }

  interface AutocannonResult {
    duration: number
    errors: number
    non2xx: number
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
