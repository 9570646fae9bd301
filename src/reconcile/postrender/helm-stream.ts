// How Helm hands rendered files to a post-renderer and takes them back (pkg/action
// annotateAndMerge / splitAndDeannotate): every document of every file, in file-name order, goes
// through as one stream; each comes back to the file it came from (the original file name rides
// along in the `postrenderer.helm.sh/postrender-filename` annotation, which is removed again, with
// the annotations map when it is left empty), and is written out by kyaml (go-yaml v3: no line
// folding, the scalar styles it read).
import type { RenderedRelease } from '../../helm/engine/index.js';
import { INSTALL_ORDER, sortManifests } from '../../helm/manifest/index.js';
import { FILENAME_ANNOTATION, reemitYamlV3 } from '../../helm/yaml/index.js';
import { isObject, parseResources, resourceYaml, setAnnotations, type JsonObject } from '../../kustomize/index.js';
import { compareBytes } from '../../helm/manifest/kind-order.js';

export { FILENAME_ANNOTATION };

/** A rendered document and the template file it came from. */
export interface FileDoc {
  file: string;
  obj: JsonObject;
}

/** The documents of the given files, in Helm's merge order (file names sorted, documents in file order). */
export function documentsOf(files: ReadonlyMap<string, string[]>): FileDoc[] {
  const names = [...files.keys()].sort(compareBytes);
  const out: FileDoc[] = [];
  for (const file of names) {
    for (const text of files.get(file)!) {
      for (const obj of parseResources(text, file)) {
        // Post-renderers see the annotation (a JSON patch may rely on metadata.annotations existing).
        setAnnotations(obj, { [FILENAME_ANNOTATION]: file });
        out.push({ file, obj });
      }
    }
  }
  return out;
}

/** Template files of a rendered release: hooks and resources grouped by their path. */
export function filesOf(rendered: RenderedRelease, which: 'all' | 'hooks' | 'resources'): Map<string, string[]> {
  const files = new Map<string, string[]>();
  const add = (path: string, content: string) => {
    const list = files.get(path);
    if (list) list.push(content);
    else files.set(path, [content]);
  };
  if (which !== 'resources') for (const h of rendered.hooks) add(h.path, h.manifest);
  if (which !== 'hooks') for (const m of rendered.manifests) add(m.name, m.content);
  return files;
}

/** kyaml's rewrite of one post-rendered document: kustomize's output re-read and re-written. */
export function kyamlText(obj: JsonObject): string {
  return reemitYamlV3(resourceYaml(obj));
}

/** Drops the filename annotation helm adds for the round trip, and an annotations map left empty. */
export function clearFilenameAnnotation(obj: JsonObject): void {
  const md = obj.metadata;
  if (!isObject(md) || !isObject(md.annotations)) return;
  delete md.annotations[FILENAME_ANNOTATION];
  if (Object.keys(md.annotations).length === 0) delete md.annotations;
}

/**
 * The release rebuilt from post-rendered documents (and the files that did not go through the
 * post-renderer): hooks and resources sorted again, the manifest text rebuilt.
 */
export function reassemble(rendered: RenderedRelease, docs: readonly FileDoc[], untouched: ReadonlyMap<string, string[]>): RenderedRelease {
  const files = new Map<string, string>();
  const append = (file: string, text: string) => {
    const prev = files.get(file);
    files.set(file, prev === undefined ? text : `${prev}---\n${text}`);
  };
  for (const [file, texts] of untouched) for (const t of texts) append(file, t.endsWith('\n') ? t : `${t}\n`);
  for (const d of docs) append(d.file, kyamlText(d.obj));
  const { hooks, manifests } = sortManifests(files, INSTALL_ORDER);
  let manifest = '';
  for (const m of manifests) manifest += `---\n# Source: ${m.name}\n${m.content}\n`;
  return { ...rendered, hooks, manifests, manifest };
}

