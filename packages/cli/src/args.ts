import { parseArgs, type ParseArgsConfig } from 'node:util'
import { CorpusError } from '@corpus/core'

type Options = NonNullable<ParseArgsConfig['options']>

/** Parse a command's argv; unknown flags are a config error with a one-line message. */
export function parseCommandArgs<O extends Options>(argv: string[], options: O): ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true as const, strict: true as const })
  } catch (error) {
    throw new CorpusError('E_CONFIG', (error as Error).message)
  }
}

/** Parse a numeric flag, naming the flag and the bad value when it is not a number in range. */
export function numberFlag(name: string, value: string | undefined, { min = -Infinity, max = Infinity, integer = false } = {}): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    const range = `${integer ? 'an integer' : 'a number'}${min > -Infinity ? ` >= ${min}` : ''}${max < Infinity ? ` <= ${max}` : ''}`
    throw new CorpusError('E_CONFIG', `--${name} must be ${range}, got "${value}"`)
  }
  return n
}
