// pflag-style booleans that default to true (`--wait`, `--network-policy`, ...): declared with
// an optional value so `--wait=false` reaches us (commander's negation would need `--no-wait`).
import { InvalidArgumentError } from 'commander';

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
