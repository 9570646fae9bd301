// A YAML stream as kustomize loads it into resources (YAML 1.2, as kyaml reads it; empty
// documents dropped, `*List` objects
// expanded into their items, every object named and unique) and writes it back: each object's
// JSON form as sigs.k8s.io/yaml writes it (keys sorted), joined by `---`.
import type { GoValue } from '../gotemplate/value.js';
import { marshalYaml } from '../helm/yaml/index.js';
import { gvkOf, idOf, isObject, KustomizeError, nameOf, namespaceOf, type JsonObject, type JsonValue } from './resource.js';
import { parseYaml12Stream } from './yaml12.js';

export function parseResources(text: string, source = 'input'): JsonObject[] {
  const docs = parseYaml12Stream(text, source);
  // kustomize queues a `*List`'s items behind the stream's other documents.
  const queue: JsonValue[] = [...docs];
  const out: JsonObject[] = [];
  while (queue.length > 0) {
    const d = queue.shift()!;
    if (d === null) continue;
    if (!isObject(d)) throw new KustomizeError(`${source}: a document is not an object`);
    if (Object.keys(d).length === 0) continue;
    if (gvkOf(d).kind.endsWith('List') && Array.isArray(d.items)) {
      queue.push(...d.items);
      continue;
    }
    out.push(d);
  }
  return out;
}

/** kustomize's ResMap rules: every object has a kind and a name, and no two share an id. */
export function checkResources(resources: readonly JsonObject[]): void {
  const seen = new Set<string>();
  for (const r of resources) {
    if (!gvkOf(r).kind) throw new KustomizeError(`missing kind in object ${idOf(r)}`);
    if (!nameOf(r)) throw new KustomizeError(`missing metadata.name in object ${idOf(r)}`);
    // kustomize compares ids with an unset namespace as "default".
    const g = gvkOf(r);
    const key = `${g.group}|${g.version}|${g.kind}|${namespaceOf(r) || 'default'}|${nameOf(r)}`;
    if (seen.has(key)) throw new KustomizeError(`may not add resource with an already registered id: ${idOf(r)}`);
    seen.add(key);
  }
}

/** One object as kustomize writes it. */
export function resourceYaml(obj: JsonObject): string {
  return marshalYaml(obj as GoValue);
}

/** ResMap.AsYaml(): the objects joined by `---`. */
export function resourcesYaml(resources: readonly JsonObject[]): string {
  return resources.map(resourceYaml).join('---\n');
}
