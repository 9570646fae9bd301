// The -o/--output flag of every command that prints: one definition, one check, one error
// worded as pflag words an invalid value. `get` prints objects (table|json|yaml); other commands
// name their own formats, the first being the default.
import type { Command } from 'commander';
import { OUTPUT_FORMATS, type OutputFormat } from '../../cli/printers/list.js';
import { UsageError } from '../../cli/errors.js';

/** What pull and push print: lines for people, or JSON for scripts. */
export const RESULT_FORMATS = ['text', 'json'] as const;

export function addOutputFlag(cmd: Command, formats: readonly string[] = OUTPUT_FORMATS): Command {
  return cmd.option('-o, --output <string>', `output format: ${formats.join('|')}`, formats[0]);
}

/** The value of -o among `formats`; absent → the first. */
export function parseOutputFormat(value: string | undefined): OutputFormat;
export function parseOutputFormat<F extends string>(value: string | undefined, formats: readonly F[]): F;
export function parseOutputFormat(value: string | undefined, formats: readonly string[] = OUTPUT_FORMATS): string {
  const v = value ?? formats[0] ?? '';
  if (formats.includes(v)) return v;
  throw new UsageError(`invalid argument ${JSON.stringify(v)} for "-o, --output" flag: must be one of ${formats.join('|')}`);
}
