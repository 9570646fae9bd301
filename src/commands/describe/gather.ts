// Everything `describe hr` shows, fetched concurrently: the release, its source, its
// dependencies, where each valuesFrom entry points, and its Events. Secrets are only checked
// for existence and key presence: their data never leaves this module.
import { errorMessage } from '../../cli/errors.js';
import { CONFIGMAPS, EVENTS, SECRETS } from '../../cluster/core-resources.js';
import type { Cluster, KubeObject } from '../../cluster/types.js';
import { asRecord, field, findCondition, stringField } from '../../kinds/accessors.js';
import type { HelmRelease } from '../../kinds/api-types.js';
import type { SourceReference } from '../../kinds/kind.js';
import { ALL_KINDS, helmReleaseKind, type AnyFluxKind } from '../../kinds/registry.js';
import { tryGetKind } from '../../kinds/served.js';

export interface Readiness {
  /** `True` / `False` / `Unknown`, or `not found` / the error text when it could not be read. */
  ready: string;
  message: string;
}

export interface ValuesSource {
  kind: string;
  name: string;
  key: string;
  targetPath: string;
  optional: boolean;
  /** `yes`, `no`, `key missing`, or why it could not be checked. */
  exists: string;
}

export interface EventRow {
  type: string;
  reason: string;
  time: string | undefined;
  count: number;
  from: string;
  message: string;
}

export interface DescribeData {
  release: HelmRelease;
  source?: SourceReference & Readiness;
  /** The HelmChart helm-controller made from spec.chart (status.helmChart `<ns>/<name>`). */
  helmChart?: { namespace: string; name: string } & Readiness;
  dependencies: ({ name: string; namespace: string } & Readiness)[];
  valuesFrom: ValuesSource[];
  events: EventRow[];
  eventsError?: string;
}

async function readinessOf(cluster: Cluster, kind: AnyFluxKind | undefined, name: string, namespace: string): Promise<Readiness> {
  if (!kind) return { ready: 'unknown kind', message: '' };
  try {
    const obj = await tryGetKind(cluster, kind, name, namespace);
    if (!obj) return { ready: 'not found', message: '' };
    const ready = findCondition(obj, 'Ready');
    // flux shows an OCI HelmRepository as Ready: it has no controller.
    if (obj.kind === 'HelmRepository' && field(obj, 'spec', 'type') === 'oci') return { ready: 'True', message: 'Helm repository is Ready' };
    return ready ? { ready: ready.status, message: ready.message ?? '' } : { ready: 'Unknown', message: 'waiting to be reconciled' };
  } catch (err) {
    return { ready: errorMessage(err), message: '' };
  }
}

async function valuesSource(cluster: Cluster, namespace: string, ref: unknown): Promise<ValuesSource> {
  const kind = stringField(ref, 'kind');
  const name = stringField(ref, 'name');
  const key = stringField(ref, 'valuesKey') || 'values.yaml';
  const entry = { kind, name, key, targetPath: stringField(ref, 'targetPath'), optional: field(ref, 'optional') === true };
  const res = kind === 'Secret' ? SECRETS : kind === 'ConfigMap' ? CONFIGMAPS : undefined;
  if (!res) return { ...entry, exists: `unsupported kind ${JSON.stringify(kind)}` };
  try {
    const obj = await cluster.tryGet(res, name, namespace);
    if (!obj) return { ...entry, exists: 'no' };
    const hasKey = [asRecord(obj['data']), asRecord(obj['binaryData']), asRecord(obj['stringData'])].some((d) => d !== undefined && key in d);
    return { ...entry, exists: hasKey ? 'yes' : 'key missing' };
  } catch (err) {
    return { ...entry, exists: errorMessage(err) };
  }
}

function eventRow(ev: KubeObject): EventRow {
  const time = stringField(ev, 'lastTimestamp') || stringField(ev, 'eventTime') || stringField(ev, 'firstTimestamp') || ev.metadata.creationTimestamp;
  const count = field(ev, 'count');
  const component = stringField(ev, 'source', 'component') || stringField(ev, 'reportingComponent');
  return { type: stringField(ev, 'type'), reason: stringField(ev, 'reason'), time, count: typeof count === 'number' ? count : 1, from: component, message: stringField(ev, 'message') };
}

export async function gather(cluster: Cluster, name: string, namespace: string): Promise<DescribeData> {
  const release = await cluster.get<HelmRelease>(helmReleaseKind.resource, name, namespace);
  const ref = helmReleaseKind.sourceRef?.(release);
  const sourceKind = ref ? ALL_KINDS.find((k) => k.kind === ref.kind) : undefined;
  const deps = Array.isArray(release.spec?.dependsOn) ? release.spec.dependsOn : [];
  const valuesFrom = Array.isArray(release.spec?.valuesFrom) ? release.spec.valuesFrom : [];

  const chartRefText = release.status?.helmChart ?? '';
  const slash = chartRefText.indexOf('/');
  const chartKind = ALL_KINDS.find((k) => k.kind === 'HelmChart');
  const [source, dependencies, values, events, helmChart] = await Promise.all([
    ref ? readinessOf(cluster, sourceKind, ref.name, ref.namespace).then((r) => ({ ...ref, ...r })) : Promise.resolve(undefined),
    Promise.all(
      deps.map(async (d) => {
        const ns = stringField(d, 'namespace') || namespace;
        const dname = stringField(d, 'name');
        return { name: dname, namespace: ns, ...(await readinessOf(cluster, helmReleaseKind as AnyFluxKind, dname, ns)) };
      }),
    ),
    Promise.all(valuesFrom.map((v) => valuesSource(cluster, namespace, v))),
    cluster
      .list(EVENTS, { namespace, fieldSelector: `involvedObject.kind=HelmRelease,involvedObject.name=${name}` })
      .then((l) => ({ rows: l.items.map(eventRow) }))
      .catch((err: unknown) => ({ rows: [] as EventRow[], error: errorMessage(err) })),
    slash > 0
      ? readinessOf(cluster, chartKind, chartRefText.slice(slash + 1), chartRefText.slice(0, slash)).then((r) => ({ namespace: chartRefText.slice(0, slash), name: chartRefText.slice(slash + 1), ...r }))
      : Promise.resolve(undefined),
  ]);
  // Oldest first, as a person reads a story.
  const rows = [...events.rows].sort((a, b) => (Date.parse(a.time ?? '') || 0) - (Date.parse(b.time ?? '') || 0));
  return {
    release,
    ...(source ? { source } : {}),
    ...(helmChart ? { helmChart } : {}),
    dependencies,
    valuesFrom: values,
    events: rows,
    ...('error' in events && events.error ? { eventsError: events.error } : {}),
  };
}
