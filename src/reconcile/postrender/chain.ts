// helm-controller's post-renderer chain for a HelmRelease (internal/postrender BuildPostRenderers):
// each spec.postRenderers[].kustomize in order (patches, then images), then spec.commonMetadata
// (labels, then annotations), then the origin labels helm.toolkit.fluxcd.io/{name,namespace},
// which win over commonMetadata. It runs inside Helm's render, on the templates' documents:
// with the default strategy (`combined`) hooks and resources together; `nohooks` leaves hooks
// alone; `separate` post-renders hooks as a stream of their own. CRDs from crds/ get the origin
// labels too, as helm-controller's CRD installer sets them.
import type { RenderedRelease } from '../../helm/engine/index.js';
import type { HelmRelease, HelmReleaseSpec, PostRenderStrategy } from '../../kinds/api-types.js';
import { checkResources, isObject, kustomize, KustomizeError, parseResources, resourcesYaml, setAnnotations, setLabels, type JsonObject } from '../../kustomize/index.js';
import { clearFilenameAnnotation, documentsOf, FILENAME_ANNOTATION, filesOf, reassemble, type FileDoc } from './helm-stream.js';

export const HELM_GROUP = 'helm.toolkit.fluxcd.io';

/** A post-render failure: one line, worded as Helm reports it (callers name the HelmRelease). */
export class PostRenderError extends Error {
  override readonly name = 'PostRenderError';
}

export function originLabels(hr: Pick<HelmRelease, 'metadata'>): Record<string, string> {
  return { [`${HELM_GROUP}/name`]: hr.metadata.name, [`${HELM_GROUP}/namespace`]: hr.metadata.namespace ?? '' };
}

/** The chain as a function over objects (in stream order). */
export function postRenderObjects(hr: HelmRelease, objects: readonly JsonObject[]): JsonObject[] {
  const spec: Partial<HelmReleaseSpec> = hr.spec ?? {};
  // Every step loads the stream as a kustomize ResMap: named, kinded, unique objects.
  checkResources(objects);
  let out = objects.map((o) => structuredClone(o));
  (spec.postRenderers ?? []).forEach((pr, i) => {
    const k = pr.kustomize;
    if (!k) return;
    try {
      out = kustomize(out, { patches: k.patches ?? [], images: k.images ?? [] });
    } catch (e) {
      if (e instanceof KustomizeError) throw new KustomizeError(`postRenderers[${i}]: ${e.message}`);
      throw e;
    }
  });
  const cm = spec.commonMetadata;
  if (cm) {
    for (const o of out) {
      if (cm.labels) setLabels(o, cm.labels);
      if (cm.annotations) setAnnotations(o, cm.annotations);
    }
  }
  const origin = originLabels(hr);
  for (const o of out) setLabels(o, origin);
  return out;
}

const STRATEGIES: readonly string[] = ['combined', 'nohooks', 'separate'];

function strategyOf(hr: HelmRelease): PostRenderStrategy {
  const s = hr.spec?.postRenderStrategy ?? 'combined';
  // The CRD's enum normally keeps others out; objects read from disk are not validated.
  if (!STRATEGIES.includes(s)) throw new PostRenderError(`spec.postRenderStrategy: unknown post-render strategy ${JSON.stringify(s)} (one of combined, nohooks, separate)`);
  return s;
}

function runStream(hr: HelmRelease, docs: FileDoc[]): FileDoc[] {
  const objects = postRenderObjects(hr, docs.map((d) => d.obj));
  return objects.map((obj, i) => {
    const file = fileOf(obj, i);
    clearFilenameAnnotation(obj);
    return { file, obj };
  });
}

/** The template file an object came from (splitAndDeannotate's rule for one without). */
function fileOf(obj: JsonObject, i: number): string {
  const md = obj.metadata;
  const f = isObject(md) && isObject(md.annotations) ? md.annotations[FILENAME_ANNOTATION] : undefined;
  return typeof f === 'string' && f !== '' ? f : `generated-by-postrender-${i}.yaml`;
}

/** The Helm post-renderer for a HelmRelease: rewrites a rendered release. */
export function postRendererFor(hr: HelmRelease): (rendered: RenderedRelease) => RenderedRelease {
  return (rendered) => {
    try {
      const strategy = strategyOf(hr);
      let docs: FileDoc[];
      let untouched = new Map<string, string[]>();
      if (strategy === 'combined') {
        docs = runStream(hr, documentsOf(filesOf(rendered, 'all')));
      } else {
        docs = runStream(hr, documentsOf(filesOf(rendered, 'resources')));
        if (strategy === 'separate') docs = [...docs, ...runStream(hr, documentsOf(filesOf(rendered, 'hooks')))];
        else untouched = filesOf(rendered, 'hooks');
      }
      const out = reassemble(rendered, docs, untouched);
      return { ...out, crds: rendered.crds.map((c) => ({ ...c, data: labelCrds(hr, c.data, c.filename) })) };
    } catch (e) {
      // Helm's wording, so install/upgrade failures read as helm-controller's do.
      if (e instanceof KustomizeError) throw new PostRenderError(`error while running post render on files: ${e.message}`);
      throw e;
    }
  };
}

function labelCrds(hr: HelmRelease, text: string, file: string): string {
  const objs = parseResources(text, file);
  if (objs.length === 0) return text;
  for (const o of objs) setLabels(o, originLabels(hr));
  return resourcesYaml(objs);
}
