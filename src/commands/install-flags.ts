// pflag-style booleans that default to true (`--wait`, `--network-policy`, ...): declared with
// an optional value so `--wait=false` reaches us (commander's negation would need `--no-wait`).
import { InvalidArgumentError } from 'commander';
import { UsageError } from '../cli/errors.js';
import { goQuote } from '../cli/go-quote.js';
import { splitCsv } from '../helm/template/flags.js';

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** strconv.ParseBool's spellings; a bare flag (commander passes `true`) means true. */
export function parseBoolFlag(value: string | boolean): boolean {
  if (typeof value === 'boolean') return value;
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  throw new InvalidArgumentError(`invalid argument "${value}": strconv.ParseBool: parsing "${value}": invalid syntax`);
}

export function boolOption(value: unknown, fallback: boolean): boolean {
  return value === undefined ? fallback : parseBoolFlag(value as string | boolean);
}

const LOG_LEVELS = ['debug', 'info', 'error'];

/**
 * flux's `--log-level` value type (internal/flags LogLevel): its errors, wrapped the way cobra
 * reports a flag value it could not set.
 */
export function checkLogLevelFlag(value: string): string {
  const wrap = (why: string) => new UsageError(`invalid argument ${goQuote(value)} for "--log-level" flag: ${why}`);
  if (value.trim() === '') throw wrap(`no log level given, must be one of: ${LOG_LEVELS.join(', ')}`);
  if (!LOG_LEVELS.includes(value)) throw wrap(`unsupported log level '${value}', must be one of: ${LOG_LEVELS.join(', ')}`);
  return value;
}

/** pflag's StringSlice as a commander collector: repeatable, each value read as one CSV record. */
export function collectStringSlice(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...splitCsv(value)];
}
