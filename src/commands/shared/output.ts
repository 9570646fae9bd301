// The -o/--output flag shared by commands that print objects.
import type { Command } from 'commander';
import { OUTPUT_FORMATS, type OutputFormat } from '../../cli/printers/list.js';
import { UsageError } from '../../cli/errors.js';

export function addOutputFlag(cmd: Command): Command {
  return cmd.option('-o, --output <format>', `output format: ${OUTPUT_FORMATS.join('|')}`, 'table');
}

export function parseOutputFormat(value: string | undefined): OutputFormat {
  const v = value ?? 'table';
  if ((OUTPUT_FORMATS as readonly string[]).includes(v)) return v as OutputFormat;
  throw new UsageError(`invalid argument ${JSON.stringify(v)} for "-o, --output" flag: must be one of ${OUTPUT_FORMATS.join('|')}`);
}
