// Update rules of built-in kinds that make real upgrades fail: immutable workload selectors, the
// immutable Job pod template, and ConfigMaps/Secrets marked immutable.
import type { KubeObject } from '../../../src/cluster/types.js';
import { deepEqual, isObject } from './json.js';
import type { ResourceDef } from './resources.js';
import type { FieldError } from './status.js';

type Obj = Record<string, unknown>;

const IMMUTABLE = 'field is immutable';

function spec(o: KubeObject): Obj {
  return isObject(o['spec']) ? o['spec'] : {};
}

/** Go's %#v of a map[string]string (keys sorted, as fmt prints maps). */
function goStringMap(m: unknown): string {
  if (!isObject(m)) return 'map[string]string(nil)';
  const entries = Object.keys(m)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(String(m[k]))}`);
  return `map[string]string{${entries.join(', ')}}`;
}

/** Go's %#v of a metav1.LabelSelector, as immutable-selector errors print it. */
function goLabelSelector(sel: unknown): string {
  const s = isObject(sel) ? sel : {};
  const exprs = Array.isArray(s['matchExpressions']) ? s['matchExpressions'] : undefined;
  const me = exprs
    ? `[]v1.LabelSelectorRequirement{${exprs
        .filter(isObject)
        .map((e) => `v1.LabelSelectorRequirement{Key:${JSON.stringify(String(e['key'] ?? ''))}, Operator:${JSON.stringify(String(e['operator'] ?? ''))}, Values:[]string{${(Array.isArray(e['values']) ? e['values'] : []).map((v) => JSON.stringify(String(v))).join(', ')}}}`)
        .join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return `v1.LabelSelector{MatchLabels:${goStringMap(s['matchLabels'])}, MatchExpressions:${me}}`;
}

function immutableField(field: string, shown: string): FieldError {
  return { field, type: 'FieldValueInvalid', text: `Invalid value: ${shown}: ${IMMUTABLE}` };
}

export function validateBuiltinUpdate(def: ResourceDef, old: KubeObject, next: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const key = `${def.group}/${def.plural}`;
  if (['apps/deployments', 'apps/replicasets', 'apps/daemonsets', 'apps/statefulsets', 'batch/jobs'].includes(key)) {
    if (!deepEqual(spec(old)['selector'], spec(next)['selector'])) errs.push(immutableField('spec.selector', goLabelSelector(spec(next)['selector'])));
  }
  if (key === 'batch/jobs' && !deepEqual(spec(old)['template'], spec(next)['template'])) {
    // The real message prints the whole core.PodTemplateSpec with %#v; it is abbreviated here.
    errs.push(immutableField('spec.template', 'core.PodTemplateSpec{...}'));
  }
  if ((key === '/configmaps' || key === '/secrets') && old['immutable'] === true) {
    if (!deepEqual(old['data'], next['data'])) errs.push({ field: 'data', type: 'FieldValueForbidden', text: 'Forbidden: field is immutable when `immutable` is set' });
    if (!deepEqual(old['binaryData'], next['binaryData']) && key === '/configmaps') errs.push({ field: 'binaryData', type: 'FieldValueForbidden', text: 'Forbidden: field is immutable when `immutable` is set' });
    if (next['immutable'] !== true) errs.push({ field: 'immutable', type: 'FieldValueForbidden', text: 'Forbidden: field is immutable when `immutable` is set' });
  }
  return errs;
}
