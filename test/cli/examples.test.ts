// Every command's help has an `Examples:` block (cobra's place: after Usage and Aliases, before
// Available Commands and Flags), and every example is a command line flux-ts accepts: the words
// name real commands and every flag is one that command (or a parent) declares.
import type { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/context.js';
import { commandKey, EXAMPLES, renderExamples } from '../../src/cli/examples.js';
import { createProgram } from '../../src/cli/program.js';

const io: CliIO = { stdout: { write: () => true }, stderr: { write: () => true }, env: { HOME: '/nonexistent-home' }, isTTY: false };

function commands(root: Command): Command[] {
  const out: Command[] = [];
  const visit = (cmd: Command) => {
    out.push(cmd);
    for (const sub of cmd.commands) if (!(sub as unknown as { _hidden: boolean })._hidden && sub.name() !== 'help') visit(sub);
  };
  visit(root);
  return out;
}

/** The words of an example's flux-ts command line: continuation lines joined, up to a pipe or redirect. */
function commandLine(lines: readonly string[]): string[] {
  const text = lines.map((l) => l.replace(/\\$/, '').trim()).join(' ');
  const start = text.indexOf('flux-ts ');
  const words = text.slice(start + 'flux-ts '.length).split(/\s+/);
  const end = words.findIndex((w) => ['>', '>>', '|', '||', ')', '&&'].includes(w) || w.endsWith(')'));
  return end < 0 ? words : words.slice(0, end);
}

function flagsInScope(cmd: Command): Option[] {
  const out: Option[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) out.push(...c.options);
  return out;
}

describe('Examples', () => {
  const { program } = createProgram(io);
  const all = commands(program);

  it('every command has an Examples block between Usage/Aliases and Available Commands/Flags', () => {
    const missing = all.filter((c) => !c.helpInformation().includes('\nExamples:\n  # ')).map((c) => commandKey(c) || '(root)');
    expect(missing).toEqual([]);
    for (const cmd of all) {
      const help = cmd.helpInformation();
      const at = help.indexOf('\nExamples:\n');
      expect(at).toBeGreaterThan(help.indexOf('\nUsage:\n'));
      expect(help.indexOf('\nAliases:\n')).toBeLessThan(at);
      const next = [help.indexOf('\nAvailable Commands:\n'), help.indexOf('\nFlags:\n')].filter((i) => i >= 0);
      expect(Math.min(...next)).toBeGreaterThan(at);
    }
  });

  it('lays each example out as flux does: `  # comment`, the command, a blank line between', () => {
    expect(renderExamples([['List them', 'flux-ts get hr'], ['A long one', 'flux-ts build hr a \\', '  --path x']])).toBe('  # List them\n  flux-ts get hr\n\n  # A long one\n  flux-ts build hr a \\\n    --path x');
    const help = all.find((c) => commandKey(c) === 'check')?.helpInformation() ?? '';
    expect(help).toContain('\n\nExamples:\n  # Check that the cluster can run flux-ts\n  flux-ts check --pre\n\n  # Check the installed CRDs and controller\n  flux-ts check\n\nFlags:\n');
  });

  it('every example names real commands and flags they declare', () => {
    const problems: string[] = [];
    for (const cmd of all) {
      for (const [comment, ...lines] of EXAMPLES[commandKey(cmd)] ?? []) {
        const words = commandLine(lines);
        let target: Command = program;
        for (const word of words.filter((w) => !w.startsWith('-'))) {
          const sub = target.commands.find((c) => c.name() === word || c.aliases().includes(word));
          if (!sub) break;
          target = sub;
        }
        if (target === program) problems.push(`${commandKey(cmd)}: "${comment}" names no command`);
        const declared = flagsInScope(target).flatMap((o) => [o.long, o.short, o.negate ? undefined : o.long?.replace(/^--/, '--no-')]);
        for (const flag of words.filter((w) => w.startsWith('-')).map((w) => w.split('=')[0] as string)) {
          if (!declared.includes(flag) && !declared.includes(flag.replace(/^--no-/, '--'))) problems.push(`${commandKey(cmd)}: "${comment}" uses ${flag}, which ${commandKey(target)} does not declare`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
