// A/B baseline only (bench/noObservability/README.md): nothing after the answer.
export function afterAnswer(_ctx: unknown) {}
