// What `flux-ts __complete -- <words...>` answers (cobra's protocol, which the shell scripts
// speak): walk the command tree along the words typed so far, then offer sub-commands, flags,
// flag values, or object names and namespaces read live from the cluster. One candidate per
// line, then `:<directive>` (4 = no file completion, 0 = let the shell complete files).
import type { Command, Option } from 'commander';
import type { AnyFluxKind } from '../kinds/registry.js';

export const DIRECTIVE_DEFAULT = 0;
export const DIRECTIVE_NO_FILE = 4;

export interface Lookups {
  namespaces(): Promise<string[]>;
  /** Names defined in the kubeconfig files: contexts, clusters or users. */
  kubeconfigNames(what: 'contexts' | 'clusters' | 'users'): Promise<string[]>;
  names(kind: AnyFluxKind, namespace: string): Promise<string[]>;
}

export interface CompletionRequest {
  /** The words after the program name; the last is the one being completed (may be ''). */
  words: readonly string[];
  defaultNamespace: string;
  /** Maps a command to the kind whose object names it takes. */
  kindFor(cmd: Command): AnyFluxKind | undefined;
}

export interface Completion {
  candidates: string[];
  directive: number;
}

/** Kube connection flags typed among the words, so names come from the cluster they target. */
export interface TypedFlags {
  namespace?: string;
  kubeconfig?: string;
  context?: string;
}

function optionsInScope(cmd: Command): Option[] {
  const out: Option[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) out.push(...c.options);
  return out;
}

function findOption(cmd: Command, flag: string): Option | undefined {
  return optionsInScope(cmd).find((o) => o.long === flag || o.short === flag || (o.negate && o.long === flag));
}

function takesValue(opt: Option): boolean {
  return opt.required || opt.optional;
}

function subcommand(cmd: Command, word: string): Command | undefined {
  return cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
}

function isHidden(cmd: Command): boolean {
  return (cmd as unknown as { _hidden?: boolean })._hidden === true;
}

/** Values listed in a flag's description as `...: a|b|c`. */
function listedChoices(opt: Option): string[] {
  const m = /:\s*([\w-]+(?:\|[\w-]+)+)\s*$/.exec(opt.description);
  return m ? (m[1] ?? '').split('|') : [];
}

export interface Walk {
  cmd: Command;
  positionals: number;
  /** The flag whose value is being typed, if any. */
  pendingFlag?: Option;
  typed: TypedFlags;
}

/** Follows the words (all but the last) through the command tree. */
export function walk(program: Command, words: readonly string[]): Walk {
  let cmd = program;
  let positionals = 0;
  const typed: TypedFlags = {};
  const record = (opt: Option, value: string) => {
    if (opt.long === '--namespace') typed.namespace = value;
    else if (opt.long === '--kubeconfig') typed.kubeconfig = value;
    else if (opt.long === '--context') typed.context = value;
  };
  const done = words.slice(0, -1);
  let afterDashes = false;
  for (let i = 0; i < done.length; i++) {
    const w = done[i] ?? '';
    if (!afterDashes && w === '--') {
      afterDashes = true;
      continue;
    }
    if (!afterDashes && w.startsWith('-') && w !== '-') {
      const eq = w.indexOf('=');
      const flag = eq >= 0 ? w.slice(0, eq) : w;
      const opt = findOption(cmd, flag);
      if (!opt || !takesValue(opt)) continue;
      if (eq >= 0) {
        record(opt, w.slice(eq + 1));
        continue;
      }
      // bash splits `--namespace=apps` into `--namespace`, `=`, `apps` (COMP_WORDBREAKS).
      if (done[i + 1] === '=') i++;
      if (i + 1 < done.length) record(opt, done[++i] ?? '');
      else return { cmd, positionals, pendingFlag: opt, typed };
      continue;
    }
    const sub = afterDashes ? undefined : subcommand(cmd, w);
    if (sub) {
      cmd = sub;
      positionals = 0;
    } else positionals++;
  }
  return { cmd, positionals, typed };
}

export async function complete(program: Command, req: CompletionRequest, lookups: Lookups): Promise<Completion> {
  const toComplete = req.words[req.words.length - 1] ?? '';
  const w = walk(program, req.words);
  const namespace = w.typed.namespace || req.defaultNamespace;
  const byPrefix = (xs: readonly string[]) => [...new Set(xs)].filter((x) => x.startsWith(toComplete));

  if (w.pendingFlag) {
    const opt = w.pendingFlag;
    if (opt.long === '--namespace') return { candidates: byPrefix(await lookups.namespaces()), directive: DIRECTIVE_NO_FILE };
    const kubeconfigKey = ({ '--context': 'contexts', '--cluster': 'clusters', '--user': 'users' } as const)[opt.long ?? ''];
    if (kubeconfigKey) return { candidates: byPrefix(await lookups.kubeconfigNames(kubeconfigKey)), directive: DIRECTIVE_NO_FILE };
    if (opt.long === '--kubeconfig' || /path|file/i.test(opt.description)) return { candidates: [], directive: DIRECTIVE_DEFAULT };
    return { candidates: byPrefix(listedChoices(opt)), directive: DIRECTIVE_NO_FILE };
  }
  if (toComplete.startsWith('-')) {
    const flags: string[] = [];
    for (const o of optionsInScope(w.cmd)) {
      if (o.hidden) continue;
      if (o.long) flags.push(o.long);
      if (o.short) flags.push(o.short);
    }
    return { candidates: byPrefix(flags), directive: DIRECTIVE_NO_FILE };
  }
  const subs = w.cmd.commands.filter((c) => !isHidden(c) && c.name() !== 'help');
  // In name order, as cobra's Commands() lists them.
  if (subs.length > 0) return { candidates: byPrefix(subs.map((c) => c.name()).sort()), directive: DIRECTIVE_NO_FILE };
  const kind = req.kindFor(w.cmd);
  const variadic = w.cmd.registeredArguments[0]?.variadic === true;
  if (kind && (variadic || w.positionals === 0)) {
    return { candidates: byPrefix(await lookups.names(kind, namespace)), directive: DIRECTIVE_NO_FILE };
  }
  return { candidates: [], directive: DIRECTIVE_NO_FILE };
}

/** cobra's output: candidates, then `:<directive>`. */
export function formatCompletion(c: Completion): string {
  return c.candidates.map((x) => `${x}\n`).join('') + `:${c.directive}\n`;
}
