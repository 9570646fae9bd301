// kustomize's patch target selector: group, version, kind, name and namespace as anchored Go
// regular expressions, label and annotation selectors in Kubernetes' selector syntax.
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

function regexp(field: string, pattern: string | undefined): GoRegexp | undefined {
  if (!pattern) return undefined;
  try {
    return GoRegexp.compile(`^(?:${pattern})$`);
  } catch (e) {
    throw new KustomizeError(`target ${field} ${JSON.stringify(pattern)} is not a valid regular expression: ${(e as Error).message}`);
  }
}

function labels(field: string, text: string | undefined): LabelSelector | undefined {
  if (!text) return undefined;
  try {
    return parseLabelSelector(text);
  } catch (e) {
    if (e instanceof LabelSelectorError) throw new KustomizeError(`target ${field} ${JSON.stringify(text)}: ${e.message}`);
    throw e;
  }
}

export function compileSelector(sel: Selector): CompiledSelector {
  const group = regexp('group', sel.group);
  const version = regexp('version', sel.version);
  const kind = regexp('kind', sel.kind);
  const name = regexp('name', sel.name);
  const namespace = regexp('namespace', sel.namespace);
  const lab = labels('labelSelector', sel.labelSelector);
  const ann = labels('annotationSelector', sel.annotationSelector);
  return {
    matches(obj) {
      const gvk = gvkOf(obj);
      if (group && !group.matchString(gvk.group)) return false;
      if (version && !version.matchString(gvk.version)) return false;
      if (kind && !kind.matchString(gvk.kind)) return false;
      if (name && !name.matchString(nameOf(obj))) return false;
      if (namespace && !namespace.matchString(namespaceOf(obj))) return false;
      if (lab && !lab.matches(stringMapOf(obj, 'labels'))) return false;
      if (ann && !ann.matches(stringMapOf(obj, 'annotations'))) return false;
      return true;
    },
  };
}
