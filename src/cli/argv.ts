// pflag accepts `--flag=true|false` for boolean flags; commander does not. Rewrite those forms
// before parsing so `flux-ts get hr --watch=false` works as it does with flux.
import type { Command } from 'commander';

function booleanFlags(cmd: Command, into: Set<string>): Set<string> {
  for (const opt of cmd.options) {
    if (!opt.required && !opt.optional && opt.long) into.add(opt.long);
  }
  for (const sub of cmd.commands) booleanFlags(sub, into);
  return into;
}

export function normalizeBooleanFlags(argv: readonly string[], program: Command): string[] {
  const bools = booleanFlags(program, new Set());
  const out: string[] = [];
  for (const arg of argv) {
    if (arg === '--') {
      out.push(...argv.slice(argv.indexOf(arg)));
      return out;
    }
    const m = /^(--[^=]+)=(true|false|1|0|t|f|TRUE|FALSE|True|False|T|F)$/.exec(arg);
    if (m && bools.has(m[1] as string)) {
      const on = /^(true|1|t)$/i.test(m[2] as string);
      const flag = m[1] as string;
      if (on) out.push(flag);
      else if (flag.startsWith('--no-')) out.push(`--${flag.slice(5)}`);
      // `--flag=false` on a plain boolean is its default: drop it.
      continue;
    }
    out.push(arg);
  }
  return out;
}
