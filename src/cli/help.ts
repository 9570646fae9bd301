// `--help` in cobra's layout (spf13/cobra's default usage template with pflag's flag table),
// so `flux-ts get hr --help` reads like `flux get hr --help`: Usage / Aliases / Available
// Commands / Flags / Global Flags sections, one unwrapped line per flag sorted by name, the
// pflag type after the flag (`--timeout duration`) and pflag's `(default …)` forms.
import type { Command, Help, Option } from 'commander';
import { templateHelpFlags, type TemplateHelpFlag } from '../helm/template/flags.js';
import { goQuote } from './go-quote.js';

/**
 * pflag value types whose defaults print unquoted; every other typed flag is a string. A
 * command's own pflag.Value types (flux's `logLevel`) print unquoted too.
 */
const NON_STRING_TYPES = new Set(['logLevel', 'duration', 'int', 'int32', 'int64', 'uint', 'float32', 'float', 'strings', 'stringArray', 'ints', 'bools', 'stringToString']);
/** cobra pads command names to at least this width (minNamePadding). */
const MIN_NAME_PADDING = 11;

/**
 * The word pflag prints after the flag: its type (or the back-quoted name in its usage). In
 * flux-ts the placeholder of the declaration is that word: `--timeout <duration>`.
 */
export function flagVarname(opt: Option): string {
  const m = /[<[]([^>\]]+?)(?:\.\.\.)?[>\]]/.exec(opt.flags);
  // `--wait [bool]`: a bool that also takes `=false`, which pflag prints without a type.
  return m?.[1] === 'bool' ? '' : (m?.[1] ?? '');
}

function flagType(opt: Option): string {
  const varname = flagVarname(opt);
  if (varname === '') return 'bool';
  return NON_STRING_TYPES.has(varname) ? varname : 'string';
}

function isZeroDefault(value: unknown): boolean {
  return value === undefined || value === null || value === false || value === '' || value === '0' || value === '0s' || (Array.isArray(value) && value.length === 0);
}

/** pflag's `(default …)` suffix: %q for strings, the value as printed otherwise. */
function defaultSuffix(opt: Option): string {
  if (opt.negate) return '';
  const value: unknown = opt.defaultValueDescription ?? opt.defaultValue;
  if (isZeroDefault(value)) return '';
  const type = flagType(opt);
  if (Array.isArray(value)) return ` (default [${value.map(String).join(',')}])`;
  // A list flag declared with its comma-separated default.
  if (type === 'strings' || type === 'stringArray') return ` (default [${String(value)}])`;
  if (type === 'string' && opt.defaultValueDescription === undefined) return ` (default ${goQuote(String(value))})`;
  return ` (default ${String(value)})`;
}

/** The value an optional-value flag takes when given bare (pflag's NoOptDefVal), for the help only. */
const NO_OPT_DEFAULT = new WeakMap<Option, string>();

/** Shows `--flag type[=value]` in the help, as pflag does for a flag whose bare form means `value`. */
export function setNoOptDefault(opt: Option, value: string): void {
  NO_OPT_DEFAULT.set(opt, value);
}

function flagName(opt: Option): string {
  return (opt.long ?? opt.short ?? '').replace(/^-+/, '');
}

/** One flag line before alignment: pflag's `-n, --namespace string` head and its usage text. */
interface FlagLine {
  name: string;
  head: string;
  usage: string;
}

/** `  -n, --name` or `      --name`, then pflag's type word and NoOptDefVal form. */
function pflagHead(short: string | undefined, long: string | undefined, varname: string, noOpt: string | undefined): string {
  let head = short && long ? `  ${short}, ${long}` : long ? `      ${long}` : `  ${short ?? ''}`;
  if (varname !== '') head += ` ${varname}`;
  // pflag quotes the bare-flag value (without escaping) for string flags only.
  if (noOpt !== undefined) head += varname === 'string' ? `[="${noOpt}"]` : `[=${noOpt}]`;
  return head;
}

/** pflag FlagUsages: the lines sorted by long name, the usages aligned, never wrapped. */
function alignFlagLines(lines: readonly FlagLine[]): string {
  const sorted = [...lines].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const width = Math.max(0, ...sorted.map((l) => l.head.length));
  return sorted.map((l) => `${l.head}${' '.repeat(width - l.head.length + 3)}${l.usage}`).join('\n');
}

/** pflag FlagUsages: `  -n, --namespace string   usage (default "x")`, aligned, never wrapped. */
export function flagUsages(options: readonly Option[]): string {
  return alignFlagLines(options.map((opt) => {
    const varname = flagVarname(opt);
    const noOpt = NO_OPT_DEFAULT.get(opt);
    let head = pflagHead(opt.short, opt.long, varname, noOpt);
    // commander's preset value of an optional flag, quoted as Go quotes it.
    if (noOpt === undefined && opt.optional && opt.presetArg !== undefined && typeof opt.presetArg !== 'boolean') head += `[=${goQuote(String(opt.presetArg))}]`;
    return { name: flagName(opt), head, usage: `${opt.description}${defaultSuffix(opt)}` };
  }));
}

/** `helm template --help`'s flag lines (src/helm/template/flags.ts holds the table). */
function templateFlagUsages(flags: readonly TemplateHelpFlag[]): string {
  return alignFlagLines(flags.map((f) => ({
    name: f.long,
    head: pflagHead(f.short === undefined ? undefined : `-${f.short}`, `--${f.long}`, f.type, f.noValue),
    usage: f.default === '' ? f.usage : `${f.usage} (default ${f.default})`,
  })));
}

/**
 * `template` is helm's command, not flux's: its Flags and Global Flags are `helm template`'s
 * (helm's global flags in their own section, flux-ts's root flags not listed), with the
 * defaults helm derives from the environment, and its usage line is helm's.
 */
function isHelmTemplate(cmd: Command): boolean {
  return cmd.name() === 'template' && cmd.parent !== null && cmd.parent.parent === null;
}

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function rootOf(cmd: Command): Command {
  let c = cmd;
  while (c.parent) c = c.parent;
  return c;
}

/** Root's --version is a local flag in cobra: sub-commands do not list it. */
function isRootVersion(opt: Option, owner: Command): boolean {
  return owner.parent === null && opt.long === '--version';
}

function inheritedOptions(cmd: Command): Option[] {
  const out: Option[] = [];
  for (let c = cmd.parent; c; c = c.parent) out.push(...c.options.filter((o) => !o.hidden && !isRootVersion(o, c as Command)));
  return out;
}

/**
 * A command only groups others (`flux-ts get`, `flux-ts reconcile source`) when it has
 * sub-commands and takes no arguments: cobra shows it as `path [command]` only.
 */
function isRunnable(cmd: Command, subcommands: readonly Command[]): boolean {
  return subcommands.length === 0 || cmd.registeredArguments.length > 0;
}

/** Argument words a command shows in place of its declared arguments (cobra's `Use` tail). */
const ARGS_TEXT = new WeakMap<Command, string>();

/** Sets what the usage line shows after the command path, e.g. `<resource> <name> [<name> ...]`. */
export function setArgsUsage(cmd: Command, text: string): void {
  ARGS_TEXT.set(cmd, text);
}

function useLine(cmd: Command): string {
  if (isHelmTemplate(cmd)) return `${commandPath(cmd)} [NAME] [CHART] [flags]`;
  const custom = ARGS_TEXT.get(cmd);
  if (custom !== undefined) return [commandPath(cmd), custom, '[flags]'].join(' ');
  const args = cmd.registeredArguments.map((a) => {
    const word = `${a.name()}${a.variadic ? '...' : ''}`;
    return a.required ? `<${word}>` : `[${word}]`;
  });
  return [commandPath(cmd), ...args, '[flags]'].join(' ');
}

/** Each command's cobra `Example` text (src/cli/examples.ts attaches them). */
const EXAMPLE_TEXT = new WeakMap<Command, string>();

/** Sets the text cobra prints under `Examples:`, as written (flux indents it two spaces). */
export function setExamples(cmd: Command, text: string): void {
  EXAMPLE_TEXT.set(cmd, text);
}

let exampleSource: ((cmd: Command) => string | undefined) | undefined;

/** The environment each program runs with (createProgram sets it): helps that show defaults read it. */
const PROGRAM_ENV = new WeakMap<Command, NodeJS.ProcessEnv>();

export function setProgramEnv(program: Command, env: NodeJS.ProcessEnv): void {
  PROGRAM_ENV.set(program, env);
}

function programEnv(cmd: Command): NodeJS.ProcessEnv {
  let root = cmd;
  while (root.parent) root = root.parent;
  return PROGRAM_ENV.get(root) ?? process.env;
}

/**
 * Where commands with no examples set find theirs (src/cli/examples.ts), asked only when a help
 * is printed: most runs print none.
 */
export function setExampleSource(source: (cmd: Command) => string | undefined): void {
  exampleSource = source;
}

/** The whole help text: the description, then the usage (cobra's help template). */
export function cobraHelp(cmd: Command, helper: Help): string {
  const about = (cmd.description() || cmd.summary()).replace(/\s+$/, '');
  return `${about === '' ? '' : `${about}\n\n`}${cobraUsage(cmd, helper)}`;
}

/** cobra's usage template filled in (ends with one newline). */
export function cobraUsage(cmd: Command, helper: Help): string {
  const subcommands = helper.visibleCommands(cmd).filter((c) => c.name() !== '__complete');
  let usage = 'Usage:';
  if (isRunnable(cmd, subcommands)) usage += `\n  ${useLine(cmd)}`;
  if (subcommands.length > 0) usage += `\n  ${commandPath(cmd)} [command]`;
  const sections = [usage];
  if (cmd.aliases().length > 0) sections.push(`Aliases:\n  ${[cmd.name(), ...cmd.aliases()].join(', ')}`);
  const example = EXAMPLE_TEXT.get(cmd) ?? exampleSource?.(cmd);
  if (example !== undefined && example !== '') sections.push(`Examples:\n${example}`);
  if (subcommands.length > 0) {
    const sorted = [...subcommands].sort((a, b) => (a.name() < b.name() ? -1 : a.name() > b.name() ? 1 : 0));
    const pad = Math.max(MIN_NAME_PADDING, ...sorted.map((c) => c.name().length));
    sections.push(`Available Commands:\n${sorted.map((c) => `  ${c.name().padEnd(pad)} ${(c.summary() || c.description()).split('\n')[0] ?? ''}`).join('\n')}`);
  }
  if (isHelmTemplate(cmd)) {
    // The environment helm would read; the help has no other way to it (defaults only).
    const helm = templateHelpFlags(programEnv(cmd));
    sections.push(`Flags:\n${templateFlagUsages(helm.local)}`, `Global Flags:\n${templateFlagUsages(helm.global)}`);
    return `${sections.join('\n\n')}\n`;
  }
  const local = helper.visibleOptions(cmd);
  if (local.length > 0) sections.push(`Flags:\n${flagUsages(local).replace(/\s+$/, '')}`);
  const inherited = inheritedOptions(cmd);
  if (inherited.length > 0) sections.push(`Global Flags:\n${flagUsages(inherited).replace(/\s+$/, '')}`);
  if (subcommands.length > 0) sections.push(`Use "${commandPath(cmd)} [command] --help" for more information about a command.`);
  return `${sections.join('\n\n')}\n`;
}

/**
 * cobra's `help [command]`: the help of the command the words name, as deep as they match (a
 * stray word below a known command still shows that command's help); a first word that names
 * no command gets cobra's `Unknown help topic` line and the root's usage.
 */
export function helpTopic(root: Command, words: readonly string[]): { command: Command; unknown?: string } {
  let cmd = rootOf(root);
  for (const [i, word] of words.entries()) {
    const next = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!next) {
      if (i === 0) return { command: cmd, unknown: `Unknown help topic [${words.map((w) => `\`${w}\``).join(' ')}]` };
      break;
    }
    cmd = next;
  }
  return { command: cmd };
}
