// kustomize's patch target selector: group, version, kind, name and namespace as anchored Go
// regular expressions, label and annotation selectors in Kubernetes' selector syntax. Flux's
// drift-detection ignore rules (fluxcd/pkg ssa/jsondiff) take the same selector type, so the
// compiling and matching here serve both; each caller words its own errors.
import { LabelSelectorError, parseLabelSelector, type LabelSelector } from '../cluster/label-selector.js';
import { GoRegexp } from '../helm/funcs/sprig/extra/goregexp.js';
import { gvkOf, KustomizeError, nameOf, namespaceOf, stringMapOf, type JsonObject } from './resource.js';

export interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

export interface CompiledSelector {
  matches(obj: JsonObject): boolean;
}

/** A selector's compiled fields; an empty field is absent and selects everything. */
export interface SelectorFields {
  group?: GoRegexp;
  version?: GoRegexp;
  kind?: GoRegexp;
  name?: GoRegexp;
  namespace?: GoRegexp;
  labels?: LabelSelector;
  annotations?: LabelSelector;
}

/** What a selector is matched against; labels and annotations are read only when selected on. */
export interface SelectorSubject {
  group: string;
  version: string;
  kind: string;
  name: string;
  namespace: string;
  labels: () => Readonly<Record<string, string>>;
  annotations: () => Readonly<Record<string, string>>;
}

/** Turns a field's parser error into the error to throw (it throws; it does not return). */
export type SelectorFieldError = (field: keyof Selector, text: string, e: unknown) => never;

/**
 * Compiles the non-empty fields in kustomize's and jsondiff's order (group, version, kind, name,
 * namespace, then the label and annotation selectors), so the first bad field is the one reported.
 */
export function compileSelectorFields(sel: Selector, fail: SelectorFieldError): SelectorFields {
  const out: SelectorFields = {};
  const regexp = (field: 'group' | 'version' | 'kind' | 'name' | 'namespace') => {
    const pattern = sel[field];
    if (!pattern) return;
    try {
      out[field] = GoRegexp.compile(`^(?:${pattern})$`);
    } catch (e) {
      fail(field, pattern, e);
    }
  };
  const labels = (field: 'labelSelector' | 'annotationSelector', key: 'labels' | 'annotations') => {
    const text = sel[field];
    if (!text) return;
    try {
      out[key] = parseLabelSelector(text);
    } catch (e) {
      fail(field, text, e);
    }
  };
  regexp('group');
  regexp('version');
  regexp('kind');
  regexp('name');
  regexp('namespace');
  labels('labelSelector', 'labels');
  labels('annotationSelector', 'annotations');
  return out;
}

export function selectorFieldsMatch(c: SelectorFields, s: SelectorSubject): boolean {
  if (c.group && !c.group.matchString(s.group)) return false;
  if (c.version && !c.version.matchString(s.version)) return false;
  if (c.kind && !c.kind.matchString(s.kind)) return false;
  if (c.name && !c.name.matchString(s.name)) return false;
  if (c.namespace && !c.namespace.matchString(s.namespace)) return false;
  if (c.labels && !c.labels.matches(s.labels())) return false;
  if (c.annotations && !c.annotations.matches(s.annotations())) return false;
  return true;
}

const kustomizeFieldError: SelectorFieldError = (field, text, e) => {
  if (field === 'labelSelector' || field === 'annotationSelector') {
    if (e instanceof LabelSelectorError) throw new KustomizeError(`target ${field} ${JSON.stringify(text)}: ${e.message}`);
    throw e;
  }
  throw new KustomizeError(`target ${field} ${JSON.stringify(text)} is not a valid regular expression: ${(e as Error).message}`);
};

export function compileSelector(sel: Selector): CompiledSelector {
  const fields = compileSelectorFields(sel, kustomizeFieldError);
  return {
    matches(obj) {
      const gvk = gvkOf(obj);
      return selectorFieldsMatch(fields, {
        ...gvk,
        name: nameOf(obj),
        namespace: namespaceOf(obj),
        labels: () => stringMapOf(obj, 'labels'),
        annotations: () => stringMapOf(obj, 'annotations'),
      });
    },
  };
}
