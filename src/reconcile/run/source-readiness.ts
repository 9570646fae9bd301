// helm-controller's source gate (internal/controller/helmrelease_controller.go getSource,
// isSourceReady, and the artifact load), for a core that runs next to something playing
// source-controller (`flux-ts controller`). The HelmRelease's source is the HelmChart recorded in
// status.helmChart (chart template) or the chartRef's HelmChart/OCIRepository; it must have
// observed its generation, not be Stalled and hold an artifact, and the chart installed is exactly
// that artifact (by digest). `reconcile hr --local` and `build hr` have no source-controller and
// fetch from the source directly (preflight.ts without SourceAccess).
import { notFoundMessage } from '../../cluster/errors.js';
import type { KubeObject } from '../../cluster/types.js';
import type { HelmRelease } from '../../kinds/api-types.js';
import { helmChartFor } from '../../sources/helmchart.js';
import { splitHelmChartRef, type HelmReleaseChartSource } from '../../sources/types.js';

/** Where the core reads source-controller's objects (a live GET or the controller's watch cache). */
export interface SourceAccess {
  /** The source object, undefined when it does not exist. */
  getSource(ref: SourceRef): Promise<KubeObject | undefined>;
}

export interface SourceRef {
  kind: 'HelmChart' | 'OCIRepository';
  namespace: string;
  name: string;
  /** chartRef.apiVersion, when given. */
  apiVersion?: string;
}

/** What a source reports in status (HelmChart and OCIRepository share the shape). */
export interface SourceArtifact {
  revision: string;
  digest?: string;
  path?: string;
  url?: string;
}

interface SourceStatusView {
  observedGeneration?: number;
  conditions?: { type: string; status: string; message?: string }[];
  artifact?: SourceArtifact;
}

/**
 * The object helm-controller's getSource reads: the chartRef (an OCIRepository, or a HelmChart),
 * else the HelmChart recorded in status.helmChart (written by the template reconcile; before it
 * is, the one the template names). Undefined for a chartRef kind flux-ts does not read.
 */
export function sourceRefOf(hr: HelmRelease): SourceRef | undefined {
  const ns = hr.metadata.namespace ?? '';
  const chartRef = hr.spec?.chartRef;
  if (chartRef !== undefined) {
    if (chartRef.kind !== 'HelmChart' && chartRef.kind !== 'OCIRepository') return undefined;
    return { kind: chartRef.kind, namespace: chartRef.namespace || ns, name: chartRef.name, ...(chartRef.apiVersion ? { apiVersion: chartRef.apiVersion } : {}) };
  }
  const recorded = hr.status?.helmChart ?? '';
  if (recorded !== '') return { kind: 'HelmChart', ...splitHelmChartRef(recorded) };
  const templated = helmChartFor(hr as HelmReleaseChartSource);
  return { kind: 'HelmChart', namespace: templated.metadata.namespace ?? ns, name: templated.metadata.name };
}

/** The NotFound text of a controller-runtime Get (`<resource>.<group> "<name>" not found`). */
export function sourceNotFoundMessage(ref: SourceRef): string {
  return notFoundMessage({ plural: ref.kind === 'HelmChart' ? 'helmcharts' : 'ocirepositories', group: 'source.toolkit.fluxcd.io' }, ref.name);
}

/**
 * isReady: undefined when the source can be used, else the SourceNotReady message. The
 * generation must be observed (the Ready message says why not when Ready=False), the source not
 * Stalled, and an artifact present; a Ready=False source that still holds its last artifact for
 * the observed generation is used (source-controller keeps serving it).
 */
export function sourceNotReadyMessage(obj: KubeObject, ref: SourceRef): string | undefined {
  const status = (obj['status'] ?? {}) as SourceStatusView;
  const condition = (type: string) => status.conditions?.find((c) => c.type === type);
  const subject = `${ref.kind} '${obj.metadata.namespace ?? ref.namespace}/${obj.metadata.name}' is not ready`;
  // A missing status.observedGeneration reads as 0 (the typed field's zero value).
  if ((obj.metadata.generation ?? 0) !== (status.observedGeneration ?? 0)) {
    const ready = condition('Ready');
    const why = ready?.status === 'False' ? (ready.message ?? '') : 'latest generation of object has not been reconciled';
    return `${subject}: ${why}`;
  }
  const stalled = condition('Stalled');
  if (stalled?.status === 'True') return `${subject}: ${stalled.message ?? ''}`;
  if (status.artifact === undefined) return `${subject}: does not have an artifact`;
  return undefined;
}

/** The source's artifact (call after sourceNotReadyMessage returned undefined). */
export function artifactOf(obj: KubeObject): SourceArtifact | undefined {
  return ((obj['status'] ?? {}) as SourceStatusView).artifact;
}

/** helm-controller's log and condition texts of the source gate. */
export const couldNotGetSource = (err: string) => `could not get Source object: ${err}`;
export const artifactNotFound = (retry: string) => `Source not ready: artifact not found. Retrying in ${retry}`;
export const couldNotLoadChart = (err: string) => `Could not load chart: ${err}`;
