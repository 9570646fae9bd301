// `flux-ts trace`: for each object, the Flux object managing it (its labels, or its owners'
// labels: Kustomization first, then HelmRelease, as flux's traceObject), that object's sources,
// and flux's report on stdout. An object that cannot be traced is reported on stderr (no
// newline, as flux's PrintErrf) and the command still succeeds; reports are separated by `---`.
import type { Cluster, KubeObject } from '../cluster/types.js';
import type { CommandContext } from '../cli/context.js';
import type { Kustomization } from '../kinds/api-types.js';
import type { AnyFluxKind } from '../kinds/registry.js';
import { externalArtifactKind, gitRepositoryKind, helmChartKind, helmReleaseKind, helmRepositoryKind, ociRepositoryKind } from '../kinds/registry.js';
import { field, stringField } from '../kinds/accessors.js';
import { getKind } from '../kinds/served.js';
import { splitHelmChartRef } from '../sources/types.js';
import { goErrorMessage, traceTargets, type TraceSelection, type TraceTarget } from './trace-objects.js';
import { renderHelmTrace, renderKustomizationTrace, type HelmTrace, type KustomizationTrace, type TracedObject } from './trace-report.js';
import { goLocal } from './trace-time.js';
import type { Location } from '../helm/funcs/sprig/extra/gotime/location.js';

const KUSTOMIZE_GROUP = 'kustomize.toolkit.fluxcd.io';
const HELM_GROUP = 'helm.toolkit.fluxcd.io';
const KUSTOMIZATION_API = `${KUSTOMIZE_GROUP}/v1`;

export interface TraceRequest {
  args: string[];
  kind?: string;
  apiVersion?: string;
}

interface NamespacedName {
  namespace: string;
  name: string;
}

/** isManagedByFlux: `<group>/name` (required) and `<group>/namespace` labels. */
function managedBy(obj: KubeObject, group: string): NamespacedName | undefined {
  const labels = obj.metadata.labels ?? {};
  const name = labels[`${group}/name`] ?? '';
  if (name === '') return undefined;
  return { name, namespace: labels[`${group}/namespace`] ?? '' };
}

/**
 * isOwnerManagedByFlux: the object's labels, else each owner in turn (read in the object's
 * namespace). The first owner that cannot be read, or that has owners of its own, ends the
 * search with its answer, as flux's loop does.
 */
async function ownerManagedBy(cluster: Cluster, obj: KubeObject, group: string): Promise<NamespacedName | undefined> {
  const direct = managedBy(obj, group);
  if (direct) return direct;
  for (const ref of obj.metadata.ownerReferences ?? []) {
    if (ref.apiVersion.split('/').length > 2) return undefined;
    let owner: KubeObject;
    try {
      const res = await cluster.resourceFor(ref.apiVersion, ref.kind);
      owner = await cluster.get(res, ref.name, res.namespaced ? obj.metadata.namespace : undefined);
    } catch {
      return undefined;
    }
    const found = managedBy(owner, group);
    if (found) return found;
    if ((owner.metadata.ownerReferences ?? []).length > 0) return ownerManagedBy(cluster, owner, group);
  }
  return undefined;
}

/** A Flux object by name at the version the cluster serves; flux's "failed to find <Kind>" on error. */
async function fetchFlux(cluster: Cluster, kind: AnyFluxKind, name: string, namespace: string): Promise<KubeObject> {
  try {
    return await getKind(cluster, kind, name, namespace);
  } catch (err) {
    throw new Error(`failed to find ${kind.kind}: ${goErrorMessage(err)}`);
  }
}

/** A cross-namespace reference's namespace: its own, else the referrer's. */
function refNamespace(ref: unknown, fallback: string): string {
  return stringField(ref, 'namespace') || fallback;
}

async function traceHelm(cluster: Cluster, object: TracedObject, at: NamespacedName, local: Location): Promise<string> {
  const release = await fetchFlux(cluster, helmReleaseKind as AnyFluxKind, at.name, at.namespace);
  const hrNamespace = release.metadata.namespace ?? at.namespace;
  const trace: HelmTrace = { object, release };

  const chart = stringField(release, 'status', 'helmChart');
  if (chart !== '') {
    const { namespace, name } = splitHelmChartRef(chart);
    trace.chart = await fetchFlux(cluster, helmChartKind as AnyFluxKind, name, namespace);
  }
  // The chart template's source (a Bucket has no block in flux's report).
  const sourceRef = field(release, 'spec', 'chart', 'spec', 'sourceRef');
  const sourceKind = stringField(sourceRef, 'kind');
  if (sourceKind === 'GitRepository') {
    trace.gitRepository = await fetchFlux(cluster, gitRepositoryKind as AnyFluxKind, stringField(sourceRef, 'name'), refNamespace(sourceRef, hrNamespace));
  } else if (sourceKind === 'HelmRepository') {
    trace.helmRepository = await fetchFlux(cluster, helmRepositoryKind as AnyFluxKind, stringField(sourceRef, 'name'), refNamespace(sourceRef, hrNamespace));
  }
  const chartRef = field(release, 'spec', 'chartRef');
  const chartRefKind = stringField(chartRef, 'kind');
  if (chartRefKind === 'OCIRepository') {
    trace.ociRepository = await fetchFlux(cluster, ociRepositoryKind as AnyFluxKind, stringField(chartRef, 'name'), refNamespace(chartRef, hrNamespace));
  } else if (chartRefKind === 'ExternalArtifact') {
    trace.externalArtifact = await fetchFlux(cluster, externalArtifactKind as AnyFluxKind, stringField(chartRef, 'name'), refNamespace(chartRef, hrNamespace));
  }
  return renderHelmTrace(trace, local);
}

async function traceKustomization(cluster: Cluster, object: TracedObject, at: NamespacedName, local: Location): Promise<string> {
  let kustomization: Kustomization;
  try {
    const res = await cluster.resourceFor(KUSTOMIZATION_API, 'Kustomization');
    kustomization = await cluster.get<Kustomization>(res, at.name, at.namespace);
  } catch (err) {
    throw new Error(`failed to find kustomization: ${goErrorMessage(err)}`);
  }
  const ksNamespace = kustomization.metadata.namespace ?? at.namespace;
  const trace: KustomizationTrace = { object, kustomization };
  const sourceRef = kustomization.spec?.sourceRef;
  const name = stringField(sourceRef, 'name');
  const namespace = refNamespace(sourceRef, ksNamespace);
  switch (stringField(sourceRef, 'kind')) {
    case 'GitRepository':
      trace.gitRepository = await fetchFlux(cluster, gitRepositoryKind as AnyFluxKind, name, namespace);
      break;
    case 'OCIRepository':
      trace.ociRepository = await fetchFlux(cluster, ociRepositoryKind as AnyFluxKind, name, namespace);
      break;
    case 'ExternalArtifact':
      trace.externalArtifact = await fetchFlux(cluster, externalArtifactKind as AnyFluxKind, name, namespace);
      break;
  }
  return renderKustomizationTrace(trace, local);
}

/** traceObject: the report for one object, or the reason it has none. */
async function traceOne(cluster: Cluster, target: TraceTarget, local: Location): Promise<string> {
  const object: TracedObject = { kind: target.kind, name: target.object.metadata.name, namespace: target.object.metadata.namespace ?? '' };
  const ks = await ownerManagedBy(cluster, target.object, KUSTOMIZE_GROUP);
  if (ks) return traceKustomization(cluster, object, ks, local);
  const hr = await ownerManagedBy(cluster, target.object, HELM_GROUP);
  if (hr) return traceHelm(cluster, object, hr, local);
  throw new Error('object not managed by Flux');
}

export async function runTrace(ctx: CommandContext, req: TraceRequest): Promise<void> {
  const cluster = await ctx.cluster();
  const selection: TraceSelection = { args: req.args, namespace: ctx.options.namespace, ...(req.kind ? { kind: req.kind } : {}), ...(req.apiVersion ? { apiVersion: req.apiVersion } : {}) };
  const targets = await traceTargets(cluster, selection);
  const local = goLocal(ctx.io.env);
  for (const [i, target] of targets.entries()) {
    try {
      ctx.io.stdout.write(await traceOne(cluster, target, local));
    } catch (err) {
      const meta = target.object.metadata;
      ctx.io.stderr.write(`failed to trace ${target.kind}/${meta.name} in namespace ${meta.namespace ?? ''}: ${(err as Error).message}`);
    }
    if (i < targets.length - 1) ctx.io.stdout.write('---\n');
  }
}
