// pflag accepts `--flag=true|false` for boolean flags and `-n=value` for short flags; commander
// accepts neither. Rewrite those forms before parsing so `flux-ts get hr --watch=false` and
// `flux-ts get hr -n=apps` work as they do with flux.
import type { Command } from 'commander';
import { UsageError } from './errors.js';
import { goQuote } from './go-quote.js';

interface FlagTable {
  /** Long names of boolean flags, e.g. `--watch`, `--no-wait`. */
  booleans: Set<string>;
  /** Short flags, e.g. `-n`, with whether they take a value. */
  shorts: Map<string, { takesValue: boolean; long?: string }>;
}

/**
 * The flags in scope for this command line: the program's and those of the sub-commands the
 * positional words name, so a flag of one command never rewrites another command's flag.
 */
function collectFlags(program: Command, argv: readonly string[]): FlagTable {
  const into: FlagTable = { booleans: new Set(), shorts: new Map() };
  const chain: Command[] = [program];
  for (const arg of argv) {
    if (arg === '--') break;
    if (arg.startsWith('-')) continue;
    const current = chain[chain.length - 1] as Command;
    const sub = current.commands.find((c) => c.name() === arg || c.aliases().includes(arg));
    if (sub) chain.push(sub);
  }
  for (const cmd of chain) {
    for (const opt of cmd.options) {
      const takesValue = opt.required || opt.optional;
      // A sub-command's flag wins over a parent's of the same name (`install --version v1`).
      if (opt.long) {
        if (takesValue) into.booleans.delete(opt.long);
        else into.booleans.add(opt.long);
      }
      if (opt.short) into.shorts.set(opt.short, { takesValue, long: opt.long });
    }
  }
  return into;
}

const BOOL_VALUE = /^(true|false|1|0|t|f|TRUE|FALSE|True|False|T|F)$/;

/** pflag's error for a boolean flag given a value strconv.ParseBool refuses. */
function badBool(flags: FlagTable, long: string | undefined, short: string | undefined, value: string): UsageError {
  const shortOf = short ?? [...flags.shorts.entries()].find(([, d]) => d.long === long)?.[0];
  const name = shortOf && long ? `${shortOf}, ${long}` : (long ?? shortOf ?? '');
  return new UsageError(`invalid argument ${goQuote(value)} for ${goQuote(name)} flag: strconv.ParseBool: parsing ${goQuote(value)}: invalid syntax`);
}
const isTrue = (v: string): boolean => /^(true|1|t)$/i.test(v);

export function normalizeBooleanFlags(argv: readonly string[], program: Command): string[] {
  const flags = collectFlags(program, argv);
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      out.push(...argv.slice(i));
      return out;
    }
    const long = /^(--[^=]+)=(.*)$/s.exec(arg);
    if (long && flags.booleans.has(long[1] as string) && !BOOL_VALUE.test(long[2] as string)) throw badBool(flags, long[1], undefined, long[2] as string);
    if (long && flags.booleans.has(long[1] as string) && BOOL_VALUE.test(long[2] as string)) {
      const flag = long[1] as string;
      if (isTrue(long[2] as string)) out.push(flag);
      // `--no-header=false`: the positive flag when one is declared, else nothing (its default).
      else if (flag.startsWith('--no-')) {
        if (flags.booleans.has(`--${flag.slice(5)}`)) out.push(`--${flag.slice(5)}`);
      }
      // An explicit false reaches the command through the negated flag when it declares one
      // (so it can tell `--wait=false` from no flag at all); otherwise false is the default.
      else if (flags.booleans.has(`--no-${flag.slice(2)}`)) out.push(`--no-${flag.slice(2)}`);
      continue;
    }
    const short = /^(-[A-Za-z])=(.*)$/s.exec(arg);
    const def = short ? flags.shorts.get(short[1] as string) : undefined;
    if (short && def) {
      const value = short[2] as string;
      if (def.takesValue) out.push(short[1] as string, value);
      else if (BOOL_VALUE.test(value)) {
        if (isTrue(value)) out.push(short[1] as string);
      } else throw badBool(flags, def.long, short[1], value);
      continue;
    }
    out.push(arg);
  }
  return out;
}
