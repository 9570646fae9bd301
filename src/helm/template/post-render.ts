// Rendering for `flux-ts template` with an optional post-renderer, in Helm 4's order
// (action.renderResources): render, set NOTES aside, then — only with a post-renderer — merge
// every rendered file into one stream whose documents carry their file name in an annotation,
// pipe it through the post-renderer, and split the answer back into files by that annotation;
// finally sort into hooks and manifests. Hooks are post-rendered too (Helm 4), CRDs of crds/ not.
import type { Chart } from '../chart/index.js';
import { renderChartView } from '../engine/chart-view.js';
import type { Capabilities } from '../engine/capabilities.js';
import { renderChart, type RenderValues } from '../engine/render.js';
import { KubeVersionIncompatibleError, renderResources, type RenderedRelease, type RenderResourcesOptions } from '../engine/resources.js';
import { INSTALL_ORDER, sortManifests } from '../manifest/index.js';
import { isCompatibleRange } from '../values/index.js';
import { annotateAndMerge, splitAndDeannotate } from '../yaml/kyaml-stream.js';

/** The rendered documents in, their replacement out; throws with the plugin's error. */
export type PostRenderer = (manifests: string) => string;

export interface TemplateRenderOptions extends RenderResourcesOptions {
  postRenderer?: PostRenderer;
}

export function renderTemplateResources(chart: Chart, top: RenderValues & { Capabilities: Capabilities }, opts: TemplateRenderOptions): RenderedRelease {
  const pr = opts.postRenderer;
  if (pr === undefined) return renderResources(chart, top, opts);

  const kubeVersion = chart.metadata.kubeVersion;
  const kv = top.Capabilities.KubeVersion.String();
  if (kubeVersion !== '' && !isCompatibleRange(kubeVersion, kv)) {
    throw new KubeVersionIncompatibleError(`chart requires kubeVersion: ${kubeVersion} which is incompatible with Kubernetes ${kv}`);
  }
  let files = renderChart(renderChartView(chart), top, opts);
  // `helm template` prints no notes; they only leave the file set.
  for (const path of [...files.keys()]) if (path.endsWith('NOTES.txt')) files.delete(path);

  let merged: string;
  try {
    merged = annotateAndMerge(files);
  } catch (e) {
    throw new Error(`error merging manifests: ${e instanceof Error ? e.message : String(e)}`);
  }
  let out: string;
  try {
    out = pr(merged);
  } catch (e) {
    throw new Error(`error while running post render on files: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    files = splitAndDeannotate(out);
  } catch (e) {
    throw new Error(`error while parsing post rendered output: ${e instanceof Error ? e.message : String(e)}`);
  }

  const { hooks, manifests } = sortManifests(files, INSTALL_ORDER, undefined, opts.onUnknownHook);
  let manifest = '';
  for (const m of manifests) manifest += `---\n# Source: ${m.name}\n${m.content}\n`;
  const crds = chart.crdObjects().map((c) => ({ filename: c.filename, data: new TextDecoder().decode(c.file.data) }));
  return { hooks, manifests, manifest, notes: '', crds };
}
