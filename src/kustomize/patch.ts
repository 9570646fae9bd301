// kustomize's `patches` entries: the patch text is a JSON 6902 operation list or one or more
// strategic merge patch documents. A target selector picks the objects; without one, a strategic
// merge patch picks the object named by its own apiVersion, kind, name and namespace (a JSON 6902
// patch must have a target).
import type { Operation } from 'fast-json-patch';
import { unmarshal } from '../helm/gojson/index.js';
import { yamlToJson } from '../helm/yaml/index.js';
import { applyJson6902, toOperations } from './json6902.js';
import { gvkOf, idOf, isObject, KustomizeError, nameOf, namespaceOf, type JsonObject, type JsonValue } from './resource.js';
import { compileSelector, type Selector } from './selector.js';
import { parseYaml12Stream } from './yaml12.js';
import { applyStrategicMerge, deletesObject } from './smp.js';

export interface PatchSpec {
  patch: string;
  target?: Selector;
}

export type ParsedPatch = { kind: 'json6902'; ops: Operation[] } | { kind: 'strategic-merge'; docs: JsonObject[] };

/** Decides what kind of patch the text holds, as kustomize does. */
export function parsePatch(text: string): ParsedPatch {
  // Strategic merge patches are read by kyaml (YAML 1.2); JSON patches by sigs.k8s.io/yaml.
  const docs = parseYaml12Stream(text, 'patch').filter((d) => d !== null);
  if (docs.length === 0) throw new KustomizeError('unable to parse SM or JSON patch: the patch is empty');
  if (docs.length === 1 && Array.isArray(docs[0])) {
    // kustomize's jsonPatchFromBytes: JSON as it is when it starts with '[', else the first YAML
    // document through sigs.k8s.io/yaml.
    let ops: JsonValue;
    try {
      ops = (text.startsWith('[') ? unmarshal(text) : yamlToJson(text)) as JsonValue;
    } catch (e) {
      throw new KustomizeError(`unable to parse JSON patch: ${(e as Error).message}`);
    }
    return { kind: 'json6902', ops: toOperations(Array.isArray(ops) ? ops : []) };
  }
  // Each strategic merge patch document is a resource: it needs a kind and a name.
  const maps = docs.filter(isObject);
  if (maps.length !== docs.length || maps.some((d) => !gvkOf(d).kind || !nameOf(d))) {
    throw new KustomizeError(`unable to parse SM or JSON patch from [patch: ${JSON.stringify(text.replace(/\n+$/, ''))}]`);
  }
  return { kind: 'strategic-merge', docs: maps };
}

/** The same object for kustomize: same group, version, kind and name, and "" equals "default". */
function sameId(a: JsonObject, b: JsonObject): boolean {
  const ga = gvkOf(a);
  const gb = gvkOf(b);
  const ns = (o: JsonObject) => namespaceOf(o) || 'default';
  return ga.group === gb.group && ga.version === gb.version && ga.kind === gb.kind && nameOf(a) === nameOf(b) && ns(a) === ns(b);
}

/**
 * Applies one `patches` entry to the resources (a new list is returned; an object a patch
 * deletes with `$patch: delete` is left out).
 */
export function applyPatch(resources: readonly JsonObject[], spec: PatchSpec): JsonObject[] {
  const parsed = parsePatch(spec.patch);
  const hasTarget = spec.target !== undefined && spec.target !== null;
  if (parsed.kind === 'json6902') {
    if (!hasTarget) throw new KustomizeError(`must specify a target for JSON patch [patch: ${JSON.stringify(spec.patch.replace(/\n+$/, ''))}]`);
    const sel = compileSelector(spec.target!);
    return resources.map((r) => (sel.matches(r) ? applyJson6902(r, parsed.ops) : r));
  }
  if (hasTarget && parsed.docs.length > 1) {
    throw new KustomizeError(`Multiple Strategic-Merge Patches in one \`patches\` entry is not allowed to set \`patches.target\` field: [patch: ${JSON.stringify(spec.patch.replace(/\n+$/, ''))}]`);
  }
  let out = [...resources];
  for (const doc of parsed.docs) {
    if (hasTarget) {
      const sel = compileSelector(spec.target!);
      out = out.flatMap((r) => (sel.matches(r) ? patchOne(r, doc) : [r]));
      continue;
    }
    const idx = out.findIndex((r) => sameId(r, doc));
    if (idx < 0) {
      const id = idOf(doc);
      throw new KustomizeError(`no resource matches strategic merge patch "${id}": no matches for Id ${id}; failed to find unique target for patch ${id}`);
    }
    out = out.flatMap((r, i) => (i === idx ? patchOne(r, doc) : [r]));
  }
  return out;
}

function patchOne(target: JsonObject, doc: JsonObject): JsonObject[] {
  if (deletesObject(doc)) return [];
  // The patch's own identity never renames the object it is applied to.
  const patch = structuredClone(doc);
  delete patch.apiVersion;
  delete patch.kind;
  if (isObject(patch.metadata)) {
    delete patch.metadata.name;
    delete patch.metadata.namespace;
    if (Object.keys(patch.metadata).length === 0) delete patch.metadata;
  }
  return [applyStrategicMerge(target, patch)];
}
