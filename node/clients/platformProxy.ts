import type { MiddlewareContext } from '@vtex/api'

/**
 * The one place that decides where the app's clients send their requests.
 * On VTEX IO `VTEX_PLATFORM_PROXY` is unset and this does nothing; set to an
 * `http://host:port` URL (`npm start`, the tests), every request goes to that
 * forward proxy with its full URL and Host intact.
 */
function proxyFromEnv(url: string | undefined) {
  if (!url) return undefined
  const { protocol, hostname, port } = new URL(url)

  return { protocol, host: hostname, port: Number(port || 80) }
}

const proxy = proxyFromEnv(process.env.VTEX_PLATFORM_PROXY)

export async function platformProxy(
  ctx: MiddlewareContext,
  next: () => Promise<void>
) {
  if (proxy) ctx.config.proxy = proxy
  await next()
}
