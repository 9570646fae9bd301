// The /scale subresource of Deployments, ReplicaSets and StatefulSets (autoscaling/v1 Scale),
// which `kubectl scale` reads and patches.
import type { KubeObject } from '../../../src/cluster/types.js';
import { type Api, PATCH_TYPES, type WriteOptions } from './api.js';
import { builtinFieldTypes } from './field-types.js';
import { isObject } from './json.js';
import { applyJsonPatch } from './patch/json-patch.js';
import { applyMergePatch } from './patch/merge-patch.js';
import { applyStrategicMergePatch } from './patch/strategic-merge-patch.js';
import type { ResourceDef } from './resources.js';
import { badRequest, staleUpdate, unsupportedMediaType } from './status.js';

type Obj = Record<string, unknown>;

/** metav1.FormatLabelSelector of the workload's selector (matchLabels, sorted). */
function selectorString(sel: unknown): string {
  const s = isObject(sel) ? sel : {};
  const parts: string[] = [];
  if (isObject(s['matchLabels'])) for (const k of Object.keys(s['matchLabels']).sort()) parts.push(`${k}=${String(s['matchLabels'][k])}`);
  if (Array.isArray(s['matchExpressions'])) {
    for (const e of s['matchExpressions'].filter(isObject)) {
      const values = Array.isArray(e['values']) ? (e['values'] as unknown[]).map(String).sort().join(',') : '';
      const op = String(e['operator'] ?? '');
      if (op === 'Exists') parts.push(String(e['key']));
      else if (op === 'DoesNotExist') parts.push(`!${String(e['key'])}`);
      else parts.push(`${String(e['key'])} ${op === 'In' ? 'in' : 'notin'} (${values})`);
    }
  }
  return parts.join(',');
}

export function toScale(obj: KubeObject): Obj {
  const spec = isObject(obj['spec']) ? obj['spec'] : {};
  const status = isObject(obj['status']) ? obj['status'] : {};
  const m = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: typeof spec['replicas'] === 'number' ? spec['replicas'] : 1 },
    status: { replicas: typeof status['replicas'] === 'number' ? status['replicas'] : 0, selector: selectorString(spec['selector']) },
  };
}

export function getScale(api: Api, def: ResourceDef, version: string, ns: string | undefined, name: string): Obj {
  return toScale(api.get(def, version, ns, name));
}

/** PUT or PATCH of /scale: the new Scale's spec.replicas goes to the workload's spec. */
export function writeScale(api: Api, def: ResourceDef, version: string, ns: string | undefined, name: string, method: 'PUT' | 'PATCH', contentType: string, body: unknown, opts: WriteOptions): Obj {
  const cur = api.get(def, version, ns, name);
  const scale = toScale(cur);
  let next: unknown;
  if (method === 'PUT') next = body;
  else {
    const type = contentType.split(';')[0]!.trim();
    if (type === PATCH_TYPES.merge) next = applyMergePatch(scale, body);
    else if (type === PATCH_TYPES.json) next = applyJsonPatch(scale, body);
    else if (type === PATCH_TYPES.strategic) next = applyStrategicMergePatch(scale, body, builtinFieldTypes);
    else throw unsupportedMediaType([PATCH_TYPES.json, PATCH_TYPES.merge, PATCH_TYPES.strategic]);
  }
  if (!isObject(next) || !isObject(next['spec']) || typeof next['spec']['replicas'] !== 'number') throw badRequest('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml');
  const rv = isObject(next['metadata']) ? next['metadata']['resourceVersion'] : undefined;
  if (typeof rv === 'string' && rv !== '' && rv !== cur.metadata.resourceVersion) throw staleUpdate({ group: def.group, resource: def.plural }, name);
  const updated = JSON.parse(JSON.stringify(cur)) as KubeObject;
  (updated['spec'] as Obj)['replicas'] = next['spec']['replicas'];
  const r = api.update(def, version, ns, name, updated, opts, undefined, { patch: true });
  return toScale(r.object);
}
