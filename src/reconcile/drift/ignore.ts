// driftDetection.ignore: JSON pointer paths dropped from both sides of the comparison, for all
// objects or those a target selector picks (kustomize's Selector: group, version, kind, name and
// namespace as anchored regular expressions, plus label and annotation selectors).
import type { KubeObject } from '../../cluster/types.js';
import { parsePointer, removeAt } from './pointer.js';

export interface IgnoreTarget {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

export interface IgnoreRule {
  paths: string[];
  target?: IgnoreTarget;
}

function anchored(pattern: string, value: string): boolean {
  return new RegExp(`^(?:${pattern})$`).test(value);
}

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Equality-based and set-based label selector terms (`a=b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`). */
export function matchesSelector(selector: string, labels: Record<string, string>): boolean {
  const terms = selector.match(/[^,(]+(\([^)]*\))?/g) ?? [];
  return terms.every((raw) => {
    const term = raw.trim();
    if (term === '') return true;
    let m = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (m) {
      const values = m[3]!.split(',').map((s) => s.trim());
      const has = m[1]! in labels && values.includes(labels[m[1]!]!);
      return m[2] === 'in' ? has : !has;
    }
    m = /^([^\s!=]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    if (m) return m[2] === '!=' ? labels[m[1]!] !== m[3] : labels[m[1]!] === m[3];
    if (term.startsWith('!')) return !(term.slice(1).trim() in labels);
    return term in labels;
  });
}

export function targetMatches(target: IgnoreTarget | undefined, obj: KubeObject): boolean {
  if (!target) return true;
  const { group, version } = splitApiVersion(obj.apiVersion);
  if (target.group && !anchored(target.group, group)) return false;
  if (target.version && !anchored(target.version, version)) return false;
  if (target.kind && !anchored(target.kind, obj.kind)) return false;
  if (target.name && !anchored(target.name, obj.metadata.name)) return false;
  if (target.namespace && !anchored(target.namespace, obj.metadata.namespace ?? '')) return false;
  if (target.labelSelector && !matchesSelector(target.labelSelector, obj.metadata.labels ?? {})) return false;
  if (target.annotationSelector && !matchesSelector(target.annotationSelector, obj.metadata.annotations ?? {})) return false;
  return true;
}

/** Removes every ignored path that applies to `subject` from each of `docs` (in place). */
export function applyIgnoreRules(rules: readonly IgnoreRule[], subject: KubeObject, docs: unknown[]): void {
  for (const rule of rules) {
    if (!targetMatches(rule.target, subject)) continue;
    for (const path of rule.paths) {
      const tokens = parsePointer(path);
      for (const d of docs) removeAt(d, tokens);
    }
  }
}
