/** An upstream answered, but not with something the app can use. */
export class UpstreamError extends Error {
  /**
   * `code` names the kind of failure in the status route (codes only, never
   * the message): `invalid-answer` unless the thrower knows better.
   */
  constructor(message: string, public readonly code = 'invalid-answer') {
    super(message)
    this.name = 'UpstreamError'
  }
}
