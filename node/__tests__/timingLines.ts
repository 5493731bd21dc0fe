/** What the step-timing tests look for in a log line. */
export const TIMING_MESSAGE = 'transform: step timings'

/** A slow transform whose time went to a pricing lookup that went upstream. */
export const slowPricingLine = (slowMs: number) =>
  expect.objectContaining({
    message: TIMING_MESSAGE,
    reason: 'slow',
    pricingLayer: 'upstream',
    slowestStep: 'pricing',
    slowMs,
  })
