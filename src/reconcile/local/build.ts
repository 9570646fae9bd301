// `build hr` without a cluster: the HelmRelease and its values objects from manifests on disk,
// the chart from the local checkout (or its repository), values composed as helm-controller
// composes them, rendered as Helm's install would render them with helm-controller's
// post-renderers (origin labels, commonMetadata, postRenderers). Helm's values warnings go to
// `log` as `helm template` prints them, with Secret-sourced values masked.
import { resolve } from 'node:path';
import type { GoMap } from '../../gotemplate/value.js';
import type { Chart } from '../../helm/chart/index.js';
import { chartSource } from '../../helm/action/index.js';
import { makeCapabilities, type RenderedRelease } from '../../helm/engine/index.js';
import type { HelmLog } from '../../helm/values/index.js';
import type { HelmRelease } from '../../kinds/api-types.js';
import type { ArtifactCache } from '../../sources/index.js';
import { postRendererFor } from '../postrender/index.js';
import { releaseName, validateReleaseName } from '../release-name.js';
import { composeValuesTrackingSecrets, secretMaskingHelmLog, type ComposedValues, type ValuesReference } from '../values/index.js';
import { resolveLocalChart } from './chart.js';
import { readManifestDir } from './manifests.js';
import { LocalObjects } from './objects.js';
import { secretRedactor } from './redact.js';

export const HELM_GROUP = 'helm.toolkit.fluxcd.io';

export interface BuildOptions {
  name: string;
  namespace: string;
  /** `--path`: the directory of manifests. */
  path: string;
  sourceDir?: string;
  /** Capabilities.KubeVersion (default: Helm's default for client-only rendering). */
  kubeVersion?: string;
  allowCrossNamespace?: boolean;
  cache?: ArtifactCache;
  /**
   * Helm's warning lines while coalescing the values (`level=INFO msg="warning: skipped value
   * for ..."`), as `helm template` writes them to stderr. Values from Secrets are masked first.
   */
  log?: HelmLog;
}

export interface BuiltRelease {
  helmRelease: HelmRelease;
  releaseName: string;
  /** Where the chart's objects go: spec.targetNamespace, else the HelmRelease namespace. */
  releaseNamespace: string;
  chart: Chart;
  /** `Kind/namespace/name` of the chart's source. */
  source: string;
  values: GoMap;
  rendered: RenderedRelease;
}

/** A build failure; its message is one line that never holds Secret data. */
export class BuildError extends Error {
  override readonly name = 'BuildError';
}

function cloneValues(v: unknown): GoMap | undefined {
  if (v === undefined || v === null) return undefined;
  return structuredClone(v) as GoMap;
}

/** Reads DIR, finds the HelmRelease and builds it. */
export async function buildFromDir(opts: BuildOptions): Promise<BuiltRelease> {
  const root = resolve(opts.path);
  const objects = new LocalObjects(await readManifestDir(root), opts.namespace, opts.path);
  return buildHelmRelease(objects, opts);
}

export async function buildHelmRelease(objects: LocalObjects, opts: BuildOptions): Promise<BuiltRelease> {
  const hr = objects.find<HelmRelease>(HELM_GROUP, 'HelmRelease', opts.namespace, opts.name);
  if (!hr) throw new BuildError(`HelmRelease ${opts.namespace}/${opts.name} not found in the manifests under ${opts.path}`);
  const spec = hr.spec;
  if (!spec) throw new BuildError(`HelmRelease ${opts.namespace}/${opts.name}: spec is missing`);
  const ns = opts.namespace;
  const refs = (spec.valuesFrom ?? []) as ValuesReference[];
  const source = objects.valuesSource();
  const redact = await secretRedactor(source, ns, refs);
  const fail = (e: unknown): never => {
    throw new BuildError(redact(`HelmRelease ${ns}/${opts.name}: ${(e as Error).message ?? String(e)}`.split('\n')[0]!));
  };

  const name = releaseName({ metadata: { name: opts.name, namespace: ns }, spec });
  const invalid = validateReleaseName(name);
  if (invalid !== undefined) fail(new Error(invalid));
  const releaseNamespace = spec.targetNamespace || ns;

  let composed: ComposedValues;
  let local;
  try {
    composed = await composeValuesTrackingSecrets(source, ns, cloneValues(spec.values), refs);
    local = await resolveLocalChart(hr, objects, {
      manifestsDir: opts.path,
      allowCrossNamespace: opts.allowCrossNamespace ?? true,
      ...(opts.sourceDir !== undefined ? { sourceDir: opts.sourceDir } : {}),
      ...(opts.cache ? { cache: opts.cache } : {}),
    });
  } catch (e) {
    return fail(e);
  }

  const values = composed.values;
  let rendered: RenderedRelease;
  try {
    const caps = makeCapabilities(opts.kubeVersion !== undefined ? { kubeVersion: opts.kubeVersion } : {});
    // chartSource renders from copies: Helm mutates chart and values during dependency processing.
    const log = opts.log ? secretMaskingHelmLog(opts.log, composed) : undefined;
    const source = chartSource(local.chart, values, { name, namespace: releaseNamespace, capabilities: caps, postRender: postRendererFor(hr), ...(log ? { log } : {}) });
    rendered = await source.render({ revision: 1, isInstall: true, isUpgrade: false });
  } catch (e) {
    return fail(e);
  }
  return { helmRelease: hr, releaseName: name, releaseNamespace, chart: local.chart, source: local.source, values, rendered };
}
