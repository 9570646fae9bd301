// What `suspend` and `resume` share: their sub-commands (helmrelease|hr and source
// git|helm|oci|chart), the names to act on (deduplicated, or --all), and the spec.suspend patch.
import type { Command } from 'commander';
import type { Cluster, KubeObject } from '../cluster/types.js';
import type { CliRuntime, CommandAction, CommandContext } from '../cli/context.js';
import { CliError, errorMessage } from '../cli/errors.js';
import type { AnyFluxKind } from '../kinds/registry.js';
import { resourceOfObject } from '../kinds/served.js';
import { findNamed, listAll } from './shared/objects.js';
import { commandGroup } from './shared/command-group.js';

export type KindPick = (registry: typeof import('../kinds/registry.js')) => AnyFluxKind;
export type KindAction = (kind: AnyFluxKind) => CommandAction;

/** Registers `<verb> helmrelease|hr` and `<verb> source git|helm|oci|chart`, each taking NAME... */
export function registerKindCommands(verb: Command, runtime: CliRuntime, title: string, act: KindAction): void {
  const withKind = (pick: KindPick): ReturnType<CliRuntime['action']> =>
    runtime.action(async (ctx, args, cmd) => {
      const registry = await import('../kinds/registry.js');
      return act(pick(registry))(ctx, args, cmd);
    });
  verb
    .command('helmrelease')
    .aliases(['hr'])
    .description(`${title} a HelmRelease resource`)
    .argument('[name...]', 'HelmRelease names')
    .action(withKind((r) => r.helmReleaseKind as AnyFluxKind));
  const source = commandGroup(verb, 'source', `${title} sources`);
  const words: [string, string, KindPick][] = [
    ['git', 'GitRepository', (r) => r.SOURCE_KINDS.git],
    ['helm', 'HelmRepository', (r) => r.SOURCE_KINDS.helm],
    ['oci', 'OCIRepository', (r) => r.SOURCE_KINDS.oci],
    ['chart', 'HelmChart', (r) => r.SOURCE_KINDS.chart],
    ['bucket', 'Bucket', (r) => r.SOURCE_KINDS.bucket],
  ];
  for (const [word, kindName, pick] of words) {
    source.command(word).description(`${title} a ${kindName} source`).argument('[name...]', 'source names').action(withKind(pick));
  }
}

/** Names as given, first occurrence kept (flux skips duplicates). */
export function distinct(names: readonly string[]): string[] {
  return [...new Set(names)];
}

/** `--all` is only used when no name is given; neither → "<human kind> name is required". */
export function requireTargets(kind: AnyFluxKind, names: readonly string[], all: boolean): void {
  if (names.length === 0 && !all) throw new CliError(`${kind.humanKind} name is required`);
}

/** Each name's objects (LIST by metadata.name, as flux does); undefined when not found. */
export async function lookUp(cluster: Cluster, kind: AnyFluxKind, name: string, namespace: string): Promise<KubeObject | undefined> {
  return findNamed(cluster, kind, name, namespace);
}

export async function everyObject(cluster: Cluster, kind: AnyFluxKind, namespace: string): Promise<KubeObject[]> {
  return listAll(cluster, kind, namespace);
}

/** JSON merge patch of spec.suspend: true to suspend; null removes it (Go's omitempty false). */
export function suspendPatch(suspend: boolean): { spec: { suspend: true | null } } {
  return { spec: { suspend: suspend ? true : null } };
}

/**
 * Patches spec.suspend of one object (at the version it was read at) with flux's lines:
 * `► suspending|resuming …`, then `✔ … suspended|resumed` or `✗ failed …`. Returns the patched
 * object, or undefined after a logged failure (the verb goes on with the next object).
 */
export async function setSuspended(ctx: CommandContext, cluster: Cluster, kind: AnyFluxKind, obj: KubeObject, suspend: boolean): Promise<KubeObject | undefined> {
  const name = obj.metadata.name;
  const ns = ctx.options.namespace;
  const [doing, done] = suspend ? ['suspending', 'suspended'] : ['resuming', 'resumed'];
  ctx.logger.action(`${doing} ${kind.humanKind} ${name} in ${ns} namespace`);
  let patched: KubeObject;
  try {
    patched = await cluster.mergePatch<KubeObject>(resourceOfObject(kind, obj), name, ns, suspendPatch(suspend));
  } catch (err) {
    ctx.logger.failure(`failed ${doing} ${kind.kind} ${name} in ${ns} namespace: ${errorMessage(err)}`);
    return undefined;
  }
  ctx.logger.success(`${kind.humanKind} ${done}`);
  return patched;
}
