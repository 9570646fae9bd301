// Commander's Command with cobra's usage errors: flux users (and scripts) see
// `unknown flag: --foo`, `unknown command "x" for "flux-ts get"`, `accepts at most 1 arg(s)...`.
import { Command, type Option, type ParseOptionsResult } from 'commander';
import { UsageError } from './errors.js';

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Edit distance between two words, case-insensitive (cobra's ld with ignoreCase). */
function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= t.length; j++) {
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[t.length] as number;
}

/**
 * cobra's "Did you mean this?" block for an unknown command of the root: the visible commands
 * (not `help`) within two edits of the typed word, or starting with it, in name order.
 */
export function suggestionsFor(cmd: Command, typed: string): string {
  if (cmd.parent) return '';
  const names = cmd.commands
    .filter((c) => !(c as unknown as { _hidden?: boolean })._hidden && c.name() !== 'help')
    .map((c) => c.name())
    .filter((name) => editDistance(typed, name) <= 2 || name.toLowerCase().startsWith(typed.toLowerCase()))
    .sort();
  return names.length === 0 ? '' : `\n\nDid you mean this?\n${names.map((n) => `\t${n}\n`).join('')}`;
}

/**
 * The command-line word a short flag came from: pflag names the whole group (`-Az`), while
 * commander has already split it into single flags. Up to the first `--`; the flag itself
 * when no group holds it.
 */
function shortFlagWord(cmd: Command, letter: string): string {
  let root = cmd;
  while (root.parent) root = root.parent;
  const raw = (root as unknown as { rawArgs?: string[] }).rawArgs ?? [];
  const words = raw.slice(0, raw.includes('--') ? raw.indexOf('--') : raw.length);
  return words.find((w) => /^-[^-]/.test(w) && w.slice(1).split('=')[0]?.includes(letter)) ?? `-${letter}`;
}

/** Translates commander's error texts into cobra's. */
export function cobraMessage(cmd: Command, message: string, code: string): string {
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  switch (code) {
    case 'commander.unknownOption': {
      const flag = quoted.split('=')[0] ?? quoted;
      if (flag.startsWith('--')) return `unknown flag: ${flag}`;
      const letter = flag.slice(1, 2);
      return `unknown shorthand flag: '${letter}' in ${shortFlagWord(cmd, letter)}`;
    }
    case 'commander.unknownCommand':
      return `unknown command ${JSON.stringify(quoted)} for ${JSON.stringify(commandPath(cmd))}${suggestionsFor(cmd, quoted)}`;
    case 'commander.excessArguments': {
      if (cmd.commands.length > 0) return `unknown command ${JSON.stringify(cmd.args[0] ?? '')} for ${JSON.stringify(commandPath(cmd))}${suggestionsFor(cmd, cmd.args[0] ?? '')}`;
      const m = /Expected (\d+) arguments? but got (\d+)/.exec(message);
      return m ? `accepts at most ${m[1]} arg(s), received ${m[2]}` : message.replace(/^error: /, '');
    }
    case 'commander.missingArgument':
      return `requires at least ${cmd.registeredArguments.filter((a) => a.required).length} arg(s), only received ${cmd.args.length}`;
    case 'commander.optionMissingArgument': {
      const long = /--[\w-]+/.exec(quoted)?.[0] ?? quoted;
      const short = /^-(\w),/.exec(quoted)?.[1];
      // pflag names the form that was typed: `-n` → 'n' in -n.
      let root = cmd;
      while (root.parent) root = root.parent;
      const raw = (root as unknown as { rawArgs?: string[] }).rawArgs ?? [];
      if (short && raw[raw.length - 1] !== long && /^-[^-]/.test(raw[raw.length - 1] ?? '')) return `flag needs an argument: '${short}' in ${raw[raw.length - 1]}`;
      return `flag needs an argument: ${long}`;
    }
    default:
      return message.replace(/^error: /, '');
  }
}

export class FluxCommand extends Command {
  override createCommand(name?: string): FluxCommand {
    return new FluxCommand(name);
  }

  override copyInheritedSettings(source: Command): this {
    super.copyInheritedSettings(source);
    // cobra's wording: "help for <command>".
    this.helpOption('-h, --help', `help for ${this.name()}`);
    return this;
  }

  /**
   * cobra's root `--version` is a local flag of the root command, but commander recognises a
   * parent's options after the sub-command too, so `template CHART --version 1.0.0` would print
   * the version. The root parses without it and only takes `--version` given before any
   * sub-command; anywhere else it stays for the sub-command (template, pull) to parse.
   */
  override parseOptions(argv: string[]): ParseOptionsResult {
    const versionOption = this.parent ? undefined : this.options.find((o) => o.long === '--version');
    if (!versionOption) return super.parseOptions(argv);
    // commander declares `options` read-only for users; the list is swapped for this one parse.
    const self = this as unknown as { options: readonly Option[] };
    const all = self.options;
    self.options = all.filter((o) => o !== versionOption);
    let result: ParseOptionsResult;
    try {
      result = super.parseOptions(argv);
    } finally {
      self.options = all;
    }
    const first = result.unknown[0];
    if (result.operands.length === 0 && (first === '--version' || (first === '-v' && versionOption.short === '-v'))) {
      result.unknown.shift();
      // Command is an EventEmitter at run time (commander's typings leave that out); the
      // version option's listener prints the version and ends through exitOverride.
      (this as unknown as NodeJS.EventEmitter).emit(`option:${versionOption.name()}`);
    }
    return result;
  }

  /**
   * cobra parses every flag before it looks at --help, so `get hr --bogus --help` is an unknown
   * flag, not the help. (commander's hook; not in its typings.)
   */
  _outputHelpIfRequested(args: string[]): void {
    const self = this as unknown as { _allowUnknownOption: boolean; _getHelpOption(): { is(arg: string): boolean } | null; unknownOption(flag: string): never };
    const help = self._getHelpOption();
    if (help && !self._allowUnknownOption && args.some((a) => help.is(a))) {
      const end = args.indexOf('--');
      const stray = args.slice(0, end < 0 ? args.length : end).find((a) => a.startsWith('-') && a !== '-' && !help.is(a));
      if (stray) self.unknownOption(stray);
    }
    (Command.prototype as unknown as { _outputHelpIfRequested(this: Command, a: string[]): void })._outputHelpIfRequested.call(this, args);
  }

  override error(message: string, errorOptions?: { code?: string; exitCode?: number }): never {
    throw new UsageError(cobraMessage(this, message, errorOptions?.code ?? ''));
  }
}
