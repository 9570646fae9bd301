// driftDetection.ignore: JSON pointer paths dropped from both sides of the comparison, for all
// objects or those a target selector picks. The selector is fluxcd/pkg ssa/jsondiff's: group,
// version, kind, name and namespace as anchored Go (RE2) regular expressions, and label and
// annotation selectors parsed as apimachinery's labels.Parse parses them.
import { parseLabelSelector } from '../../cluster/label-selector.js';
import { splitApiVersion } from '../../cluster/paths.js';
import type { KubeObject } from '../../cluster/types.js';
import { compileSelectorFields, selectorFieldsMatch, type Selector, type SelectorFields } from '../../kustomize/selector.js';
import { parsePointer, removeAt } from './pointer.js';

/** The target selector: kustomize's Selector, as jsondiff takes it. */
export type IgnoreTarget = Selector;

export interface IgnoreRule {
  paths: string[];
  target?: IgnoreTarget;
}

/** jsondiff.IgnorePathRoot: the whole object is left out of drift detection. */
export const IGNORE_PATH_ROOT = '';

/**
 * A target selector whose regular expression or label selector does not parse. The message is
 * jsondiff's; `rule` (index in the list) and `field` (of the target) say where it is.
 */
export class IgnoreRuleError extends Error {
  override readonly name = 'IgnoreRuleError';
  constructor(
    message: string,
    readonly field: keyof IgnoreTarget,
    public rule?: number,
  ) {
    super(message);
  }

  /** `ignore[<rule>].target.<field>`, for messages that name the field. */
  get path(): string {
    return `ignore${this.rule !== undefined ? `[${this.rule}]` : ''}.target.${this.field}`;
  }
}

const compiledTargets = new WeakMap<IgnoreTarget, SelectorFields>();

/**
 * Compiles a target once; an invalid one fails with jsondiff's wording
 * (`failed to create ignore rule selector: <parser error>`).
 */
function compileTarget(target: IgnoreTarget): SelectorFields {
  const cached = compiledTargets.get(target);
  if (cached) return cached;
  const c = compileSelectorFields(target, (field, _text, e) => {
    throw new IgnoreRuleError(`failed to create ignore rule selector: ${e instanceof Error ? e.message : String(e)}`, field);
  });
  compiledTargets.set(target, c);
  return c;
}

/** Checks every rule's selector up front, so a bad rule fails before any request is made. */
export function compileIgnoreRules(rules: readonly IgnoreRule[]): void {
  rules.forEach((r, i) => {
    if (!r.target) return;
    try {
      compileTarget(r.target);
    } catch (e) {
      if (e instanceof IgnoreRuleError) e.rule = i;
      throw e;
    }
  });
}

/** A Kubernetes label selector (equality- and set-based) against a map of labels or annotations. */
export function matchesSelector(text: string, labels: Readonly<Record<string, string>>): boolean {
  return parseLabelSelector(text).matches(labels);
}

export function targetMatches(target: IgnoreTarget | undefined, obj: KubeObject): boolean {
  if (!target) return true;
  return selectorFieldsMatch(compileTarget(target), {
    ...splitApiVersion(obj.apiVersion),
    kind: obj.kind,
    name: obj.metadata.name,
    namespace: obj.metadata.namespace ?? '',
    labels: () => obj.metadata.labels ?? {},
    annotations: () => obj.metadata.annotations ?? {},
  });
}

/** The paths of every rule that applies to `subject`. */
export function ignoredPaths(rules: readonly IgnoreRule[], subject: KubeObject): string[] {
  return rules.filter((r) => targetMatches(r.target, subject)).flatMap((r) => r.paths);
}

/** A rule applying to `subject` ignores its root path: the object is excluded from drift detection. */
export function ignoresWholeObject(rules: readonly IgnoreRule[], subject: KubeObject): boolean {
  return ignoredPaths(rules, subject).includes(IGNORE_PATH_ROOT);
}

/** Removes every ignored path that applies to `subject` from each of `docs` (in place). */
export function applyIgnoreRules(rules: readonly IgnoreRule[], subject: KubeObject, docs: unknown[]): void {
  for (const path of ignoredPaths(rules, subject)) {
    const tokens = parsePointer(path);
    for (const d of docs) removeAt(d, tokens);
  }
}
