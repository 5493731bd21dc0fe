/** `--flag N` from the command line: a positive integer, or `fallback`. */
export function numberFlag(args: string[], flag: string, fallback: number) {
  const at = args.indexOf(flag)

  if (at === -1) return fallback
  const value = Number(args[at + 1])

  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${flag} needs a positive integer`)
  }

  return value
}
