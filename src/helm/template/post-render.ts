// Rendering for `flux-ts template` with an optional post-renderer, in Helm 4's order
// (action.renderResources, see engine/resources.ts): merge every rendered file into one stream
// whose documents carry their file name in an annotation, pipe it through the post-renderer,
// and split the answer back into files by that annotation.
import type { Chart } from '../chart/index.js';
import type { Capabilities } from '../engine/capabilities.js';
import type { RenderValues } from '../engine/render.js';
import { renderResources, type RenderedRelease, type RenderResourcesOptions } from '../engine/resources.js';
import { annotateAndMerge, splitAndDeannotate } from '../yaml/kyaml-stream.js';

/** The rendered documents in, their replacement out; throws with the plugin's error. */
export type PostRenderer = (manifests: string) => string;

export interface TemplateRenderOptions extends RenderResourcesOptions {
  postRenderer?: PostRenderer;
  /** Told the files about to be sorted into manifests and hooks (what --debug prints if that fails). */
  onFiles?: (files: ReadonlyMap<string, string>) => void;
}

export function renderTemplateResources(chart: Chart, top: RenderValues & { Capabilities: Capabilities }, opts: TemplateRenderOptions): RenderedRelease {
  const { postRenderer: pr, onFiles } = opts;
  if (pr === undefined && onFiles === undefined) return renderResources(chart, top, opts);
  return renderResources(chart, top, {
    ...opts,
    postRender: (files) => {
      const out = pr === undefined ? files : postRenderFiles(files, pr);
      onFiles?.(out);
      return out;
    },
  });
}

/** renderResources' text of files that failed to parse: every non-blank file with its `# Source:`. */
export function unparsedFilesText(files: ReadonlyMap<string, string>): string {
  let b = '';
  for (const [name, content] of files) if (content.trim() !== '') b += `---\n# Source: ${name}\n${content}\n`;
  return b;
}

/** The file set through a post-renderer, failures worded as Helm's. */
function postRenderFiles(files: ReadonlyMap<string, string>, pr: PostRenderer): Map<string, string> {
  let merged: string;
  try {
    merged = annotateAndMerge(files);
  } catch (e) {
    throw new Error(`error merging manifests: ${message(e)}`);
  }
  let out: string;
  try {
    out = pr(merged);
  } catch (e) {
    throw new Error(`error while running post render on files: ${message(e)}`);
  }
  try {
    return splitAndDeannotate(out);
  } catch (e) {
    throw new Error(`error while parsing post rendered output: ${message(e)}`);
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
