// `flux-ts events`: the Events of Flux objects as flux lists them, one table sorted by time
// (or, with -w, each Event as it comes). `--for Kind/name` adds the Events of the objects it
// points to (a HelmRelease's chart source and its HelmChart `<ns>-<name>`).
import type { Cluster, ListOptions, ResourceRef } from '../../cluster/types.js';
import { EVENTS } from '../../cluster/core-resources.js';
import type { CommandContext } from '../../cli/context.js';
import { CliError } from '../../cli/errors.js';
import { renderTable } from '../../cli/printers/table.js';
import { stringField } from '../../kinds/accessors.js';
import { eventHeader, eventRow, fluxEventKind, keepEvent, sortEvents, type CoreEvent, type RowFilter } from './rows.js';

export interface EventsRequest {
  allNamespaces: boolean;
  watch: boolean;
  for?: string;
  types: string[];
}

/** How flux follows an object to the objects it references (refInfo in events.go). */
interface RefInfo {
  apiVersion: string;
  /** The referenced kind when the reference has no kind field. */
  kind?: string;
  crossNamespaced: boolean;
  field: string[];
  otherRefs?: (namespace: string, name: string) => string[];
}

const REFS: Record<string, RefInfo> = {
  HelmRelease: {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    crossNamespaced: true,
    field: ['spec', 'chart', 'spec', 'sourceRef'],
    otherRefs: (namespace, name) => [`HelmChart/${namespace}-${name}`],
  },
  HelmChart: { apiVersion: 'source.toolkit.fluxcd.io/v1', crossNamespaced: true, field: ['spec', 'sourceRef'] },
  Kustomization: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', crossNamespaced: true, field: ['spec', 'sourceRef'] },
  Alert: { apiVersion: 'notification.toolkit.fluxcd.io/v1beta3', kind: 'Provider', crossNamespaced: false, field: ['spec', 'providerRef'] },
  ImagePolicy: { apiVersion: 'image.toolkit.fluxcd.io/v1', kind: 'ImageRepository', crossNamespaced: true, field: ['spec', 'imageRepositoryRef'] },
};

interface Selection {
  kind: string;
  name?: string;
  namespace?: string;
}

function fieldSelector(s: Selection): string {
  return s.name ? `involvedObject.kind=${s.kind},involvedObject.name=${s.name}` : `involvedObject.kind=${s.kind}`;
}

function listOptions(s: Selection | undefined, namespace: string | undefined): ListOptions {
  return { ...(namespace ? { namespace } : {}), ...(s ? { fieldSelector: fieldSelector(s) } : {}) };
}

/** `Kind[/name]`: a word without a slash is a kind. */
export function parseFor(selector: string): { kind: string; name: string } {
  const slash = selector.indexOf('/');
  if (slash < 0) return { kind: selector, name: '' };
  return { kind: selector.slice(0, slash), name: selector.slice(slash + 1) };
}

export function validateTypes(types: readonly string[]): void {
  for (const t of types) {
    if (!['normal', 'warning'].includes(t.toLowerCase())) throw new CliError(`type '${t}' not supported. Supported types are Normal, Warning`);
  }
}

/** The objects `kind/name` points to, as `{kind, name, namespace}` (getObjectRef). */
async function referencedObjects(cluster: Cluster, kind: string, name: string, namespace: string): Promise<Selection[]> {
  const info = REFS[kind];
  if (!info) return [];
  const res: ResourceRef = await cluster.resourceFor(info.apiVersion, kind);
  const obj = await cluster.get(res, name, namespace);
  const at = `${namespace}/${name}`;
  const refKind = info.kind ?? stringField(obj, ...info.field, 'kind');
  if (!refKind) throw new CliError(`field '${[...info.field, 'kind'].join('.')}' for '${at}' not found`);
  const refName = stringField(obj, ...info.field, 'name');
  if (!refName) throw new CliError(`field '${[...info.field, 'name'].join('.')}' for '${at}' not found`);
  const refNamespace = (info.crossNamespaced && stringField(obj, ...info.field, 'namespace')) || namespace;
  const refs: Selection[] = [{ kind: refKind, name: refName, namespace: refNamespace }];
  for (const other of info.otherRefs?.(namespace, name) ?? []) {
    const { kind: k, name: n } = parseFor(other);
    refs.push({ kind: k, name: n, namespace: refNamespace });
  }
  return refs;
}

export async function runEvents(ctx: CommandContext, req: EventsRequest): Promise<void> {
  validateTypes(req.types);
  const cluster = await ctx.cluster();
  const ns = ctx.options.namespace;
  const namespace = req.allNamespaces ? undefined : ns;

  let main: Selection | undefined;
  let refs: Selection[] = [];
  if (req.for !== undefined && req.for !== '') {
    const { kind: typed, name } = parseFor(req.for);
    if (typed === '') throw new CliError('--for selector must be of format <kind>[/<name>]');
    const kind = fluxEventKind(typed);
    if (!kind) throw new CliError(`'${typed}' is not a recognized Flux kind`);
    main = { kind, ...(name ? { name } : {}) };
    if (name) refs = await referencedObjects(cluster, kind, name, ns);
  }
  const showNamespace = namespace === undefined || refs.some((r) => r.namespace !== namespace);
  const filter: RowFilter = { types: req.types, showNamespace };
  const selections: ListOptions[] = [listOptions(main, namespace), ...refs.map((r) => listOptions(r, r.namespace))];

  if (req.watch) return watchEvents(ctx, cluster, selections, filter);

  const events: CoreEvent[] = [];
  for (const opts of selections) events.push(...(await cluster.list<CoreEvent>(EVENTS, opts)).items);
  const now = Date.now();
  const rows = sortEvents(events)
    .filter((e) => keepEvent(e, filter))
    .map((e) => eventRow(e, showNamespace, now));
  if (rows.length === 0) {
    // Logged, not returned: flux exits 0 here.
    ctx.logger.failure(req.allNamespaces ? 'No events found.' : `No events found in ${ns} namespace.`);
    return;
  }
  ctx.io.stdout.write(renderTable(eventHeader(showNamespace), rows));
}

/** Each Event (not deletions) as its own table, the first with the header, until --timeout. */
async function watchEvents(ctx: CommandContext, cluster: Cluster, selections: readonly ListOptions[], filter: RowFilter): Promise<void> {
  let first = true;
  const follow = async (opts: ListOptions) => {
    for await (const ev of cluster.watch<CoreEvent>(EVENTS, { ...opts, signal: ctx.deadline })) {
      if (ev.type === 'DELETED' || !keepEvent(ev.object, filter)) continue;
      ctx.io.stdout.write(renderTable(first ? eventHeader(filter.showNamespace) : undefined, [eventRow(ev.object, filter.showNamespace, Date.now())]));
      first = false;
    }
  };
  try {
    await Promise.all(selections.map(follow));
  } catch (err) {
    if (!ctx.deadline.aborted) throw err;
  }
  // flux's watch ends quietly (exit 0) when --timeout passes.
}
