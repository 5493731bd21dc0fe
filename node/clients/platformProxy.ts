import type { MiddlewareContext } from '@vtex/api'

/**
 * The one place that decides where the app's clients send their requests.
 * On VTEX IO `VTEX_PLATFORM_PROXY` is unset and this does nothing. Set to an
 * `http://host:port` URL, every VBase, Apps, GraphQL and outbound (pricing
 * backend) request goes to that forward proxy with its full URL and Host
 * intact (how `npm start` and the tests run the real clients against local
 * stand-ins, the outbound proxy's included).
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
