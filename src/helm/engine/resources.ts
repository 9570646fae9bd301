// Helm's action.renderResources for flux-ts: from a chart with its render values to what a
// release stores and applies: hooks, resource documents in install order, the manifest text,
// the notes, and the CRDs of crds/ directories. Used by `flux-ts template` and by install/upgrade.
import type { Chart } from '../chart/index.js';
import { isCompatibleRange } from '../values/index.js';
import { INSTALL_ORDER, sortManifests, type Hook, type Manifest } from '../manifest/index.js';
import type { Capabilities } from './capabilities.js';
import { renderChartView } from './chart-view.js';
import { renderChart, type RenderOptions, type RenderValues } from './render.js';

export interface RenderedCrd {
  /** `<chart>/crds/<file>` (with the subchart path for subcharts). */
  filename: string;
  data: string;
}

export interface RenderedRelease {
  hooks: Hook[];
  /** Resource documents in Helm's install order. */
  manifests: Manifest[];
  /** The release manifest as Helm stores it: `---\n# Source: <path>\n<doc>\n` per document. */
  manifest: string;
  /** Rendered NOTES.txt of the chart (and of subcharts with renderSubchartNotes). */
  notes: string;
  crds: RenderedCrd[];
}

export interface RenderResourcesOptions extends RenderOptions {
  /** --render-subchart-notes */
  renderSubchartNotes?: boolean;
  /** Dry runs print notes with their `# Source:` header. */
  includeNotesSource?: boolean;
  /** Told about documents dropped for an unknown hook event (Helm logs them). */
  onUnknownHook?: (hookTypes: string) => void;
  /**
   * Helm's post-renderer step: the rendered files (NOTES.txt set aside) in, their replacement
   * out, before hooks and manifests are sorted. Hooks go through it too (Helm 4); crds/ not.
   */
  postRender?: (files: Map<string, string>) => Map<string, string>;
}

export class KubeVersionIncompatibleError extends Error {}

/** NOTES.txt files in path order, as helm v4.1.4 joins them (so `<c>/charts/...` before `<c>/templates`). */
function sortNotes(paths: string[]): string[] {
  return [...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function renderResources(chart: Chart, top: RenderValues & { Capabilities: Capabilities }, opts: RenderResourcesOptions): RenderedRelease {
  const kubeVersion = chart.metadata.kubeVersion;
  const kv = top.Capabilities.KubeVersion.String();
  if (kubeVersion !== '' && !isCompatibleRange(kubeVersion, kv)) {
    throw new KubeVersionIncompatibleError(`chart requires kubeVersion: ${kubeVersion} which is incompatible with Kubernetes ${kv}`);
  }
  let files = renderChart(renderChartView(chart), top, opts);

  // NOTES.txt is rendered like a template but is neither a resource nor a hook.
  const rootNotes = `${chart.name()}/templates/NOTES.txt`;
  const notesFiles = new Map<string, string>();
  for (const [path, content] of [...files]) {
    if (!path.endsWith('NOTES.txt')) continue;
    if (opts.renderSubchartNotes || path === rootNotes) notesFiles.set(path, content);
    files.delete(path);
  }
  let notes = '';
  for (const p of sortNotes([...notesFiles.keys()])) {
    if (opts.includeNotesSource) {
      notes += `---\n# Source: ${p}\n${notesFiles.get(p)}`;
      continue;
    }
    if (notes.length > 0) notes += '\n';
    notes += notesFiles.get(p);
  }
  if (opts.postRender) files = opts.postRender(files);

  const { hooks, manifests } = sortManifests(files, INSTALL_ORDER, undefined, opts.onUnknownHook);
  let manifest = '';
  for (const m of manifests) manifest += `---\n# Source: ${m.name}\n${m.content}\n`;
  const crds = chart.crdObjects().map((c) => ({ filename: c.filename, data: new TextDecoder().decode(c.file.data) }));
  return { hooks, manifests, manifest, notes, crds };
}
