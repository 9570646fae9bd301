// The objects `trace` starts from, found the way flux finds them (cmd/flux/trace.go):
// `--kind` + `--api-version` + a name (getObjectStatic), or kubectl-style arguments
// `<resource> <name>...` / `<resource>/<name>...` (getObjectDynamic, cli-runtime's builder),
// with flux's and kubectl's error texts.
import { NoKindMatchError } from '../cluster/errors.js';
import type { Cluster, KubeObject, ResourceRef } from '../cluster/types.js';
import { CliError } from '../cli/errors.js';
import { ResourceCatalogue } from './trace-resources.js';

export interface TraceTarget {
  object: KubeObject;
  /** The kind `Object:` shows: `--kind` as typed, or the served kind for resource arguments. */
  kind: string;
}

export interface TraceSelection {
  args: readonly string[];
  kind?: string;
  apiVersion?: string;
  namespace: string;
}

/** Go's error text for an unmapped kind (flux-ts words the Flux kinds its own way elsewhere). */
export function goErrorMessage(err: unknown): string {
  if (err instanceof NoKindMatchError) {
    const gv = err.group ? `${err.group}/${err.version}` : err.version;
    return `no matches for kind ${JSON.stringify(err.kind)} in version ${JSON.stringify(gv)}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/** apimachinery schema.ParseGroupVersion. */
function parseGroupVersion(text: string): { group: string; version: string } {
  if (text === '' || text === '/') return { group: '', version: '' };
  const parts = text.split('/');
  if (parts.length === 1) return { group: '', version: text };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  throw new Error(`unexpected GroupVersion string: ${text}`);
}

function namespaceFor(res: ResourceRef, namespace: string): string | undefined {
  return res.namespaced ? namespace : undefined;
}

/** getObjectStatic: one object by --kind, --api-version and the first argument. */
async function staticTarget(cluster: Cluster, sel: TraceSelection): Promise<TraceTarget> {
  const name = sel.args[0];
  if (name === undefined) throw new CliError('object name is required');
  if (!sel.kind) throw new CliError('object kind is required (--kind)');
  if (!sel.apiVersion) throw new CliError('object apiVersion is required (--api-version)');
  let gv: { group: string; version: string };
  try {
    gv = parseGroupVersion(sel.apiVersion);
  } catch (err) {
    // flux's message, typo included.
    throw new CliError(`invaild apiVersion: ${(err as Error).message}`);
  }
  try {
    const res = await new ResourceCatalogue(cluster).resolveKind(gv.group, gv.version, sel.kind);
    if (!res) throw new NoKindMatchError(sel.kind, gv.group, gv.version);
    const object = await cluster.get(res, name, namespaceFor(res, sel.namespace));
    return { object, kind: sel.kind };
  } catch (err) {
    throw new CliError(`failed to find object: ${goErrorMessage(err)}`);
  }
}

interface ResourceTuple {
  resource: string;
  name: string;
}

/** cli-runtime's ResourceTypeOrNameArgs: `type/name...`, or `type[,type] name...`. */
function splitArgs(args: readonly string[]): { tuples: ResourceTuple[] } | { types: string[]; names: string[] } {
  if (args.some((a) => a.includes('/'))) {
    const tuples: ResourceTuple[] = [];
    for (const arg of args) {
      if (!arg.includes('/')) {
        throw new CliError(
          "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'flux-ts get resource/<resource_name>' instead of 'flux-ts get resource resource/<resource_name>'",
        );
      }
      const parts = arg.split('/');
      if (parts.length > 2) throw new CliError('arguments in resource/name form may not have more than one slash');
      const [resource, name] = parts as [string, string];
      if (resource === '' || name === '') throw new CliError('arguments in resource/name form must have a single resource and name');
      tuples.push({ resource, name });
    }
    return { tuples };
  }
  const [first, ...names] = args;
  return { types: (first ?? '').split(',').filter((t) => t !== ''), names };
}

async function resolveResource(catalogue: ResourceCatalogue, word: string): Promise<ResourceRef> {
  const res = await catalogue.resolveWord(word);
  if (!res) throw new CliError(`the server doesn't have a resource type ${JSON.stringify(word)}`);
  return res;
}

/** getObjectDynamic: every named object, or flux's error when any is missing. */
async function dynamicTargets(cluster: Cluster, sel: TraceSelection): Promise<TraceTarget[]> {
  if (sel.args.length === 0) throw new CliError('either `<resource>/<name>` or `<resource> <name>` is required as an argument');
  const split = splitArgs(sel.args);
  const catalogue = new ResourceCatalogue(cluster);
  const wanted: { res: ResourceRef; name: string }[] = [];
  if ('tuples' in split) {
    for (const t of split.tuples) wanted.push({ res: await resolveResource(catalogue, t.resource), name: t.name });
  } else {
    // cli-runtime: with names, one type only (checked before mapping it); without, every type
    // is mapped before the missing name is reported.
    if (split.names.length > 0 && split.types.length > 1) throw new CliError('you must specify only one resource');
    const resources: ResourceRef[] = [];
    for (const t of split.types) resources.push(await resolveResource(catalogue, t));
    if (split.names.length === 0 || resources.length === 0) throw new CliError('resource(s) were provided, but no name was specified');
    for (const name of split.names) wanted.push({ res: resources[0]!, name });
  }
  // ContinueOnError: every object is asked for; any failure fails the command (flux's `x: ` prefix).
  const errors: string[] = [];
  const targets: TraceTarget[] = [];
  for (const { res, name } of wanted) {
    try {
      const object = await cluster.get(res, name, namespaceFor(res, sel.namespace));
      targets.push({ object, kind: object.kind || res.kind });
    } catch (err) {
      errors.push(goErrorMessage(err));
    }
  }
  if (errors.length > 0) throw new CliError(`x: ${errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`}`);
  return targets;
}

export function traceTargets(cluster: Cluster, sel: TraceSelection): Promise<TraceTarget[]> {
  if (sel.kind || sel.apiVersion) return staticTarget(cluster, sel).then((t) => [t]);
  return dynamicTargets(cluster, sel);
}
