// driftDetection.ignore: JSON pointer paths dropped from both sides of the comparison, for all
// objects or those a target selector picks. The selector is fluxcd/pkg ssa/jsondiff's: group,
// version, kind, name and namespace as anchored Go (RE2) regular expressions, and label and
// annotation selectors parsed as apimachinery's labels.Parse parses them.
import { parseLabelSelector, type LabelSelector } from '../../cluster/label-selector.js';
import type { KubeObject } from '../../cluster/types.js';
import { GoRegexp } from '../../helm/funcs/sprig/extra/goregexp.js';
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

interface CompiledTarget {
  group?: GoRegexp;
  version?: GoRegexp;
  kind?: GoRegexp;
  name?: GoRegexp;
  namespace?: GoRegexp;
  labels?: LabelSelector;
  annotations?: LabelSelector;
}

const compiledTargets = new WeakMap<IgnoreTarget, CompiledTarget>();

function regexp(pattern: string | undefined): GoRegexp | undefined {
  // An empty field selects everything (jsondiff only consults non-empty ones).
  return pattern ? GoRegexp.compile(`^(?:${pattern})$`) : undefined;
}

function selector(text: string | undefined): LabelSelector | undefined {
  return text ? parseLabelSelector(text) : undefined;
}

/**
 * Compiles a target once; an invalid one fails with jsondiff's wording
 * (`failed to create ignore rule selector: <parser error>`).
 */
function compileTarget(target: IgnoreTarget): CompiledTarget {
  const cached = compiledTargets.get(target);
  if (cached) return cached;
  const c: CompiledTarget = {};
  const compile = <K extends keyof CompiledTarget>(k: K, field: keyof IgnoreTarget, make: () => CompiledTarget[K] | undefined) => {
    try {
      const v = make();
      if (v !== undefined) c[k] = v;
    } catch (e) {
      throw new IgnoreRuleError(`failed to create ignore rule selector: ${e instanceof Error ? e.message : String(e)}`, field);
    }
  };
  // jsondiff's order: group, version, kind, name, namespace, then the label and annotation selectors.
  compile('group', 'group', () => regexp(target.group));
  compile('version', 'version', () => regexp(target.version));
  compile('kind', 'kind', () => regexp(target.kind));
  compile('name', 'name', () => regexp(target.name));
  compile('namespace', 'namespace', () => regexp(target.namespace));
  compile('labels', 'labelSelector', () => selector(target.labelSelector));
  compile('annotations', 'annotationSelector', () => selector(target.annotationSelector));
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

function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** A Kubernetes label selector (equality- and set-based) against a map of labels or annotations. */
export function matchesSelector(text: string, labels: Readonly<Record<string, string>>): boolean {
  return parseLabelSelector(text).matches(labels);
}

export function targetMatches(target: IgnoreTarget | undefined, obj: KubeObject): boolean {
  if (!target) return true;
  const t = compileTarget(target);
  const { group, version } = splitApiVersion(obj.apiVersion);
  if (t.namespace && !t.namespace.matchString(obj.metadata.namespace ?? '')) return false;
  if (t.name && !t.name.matchString(obj.metadata.name)) return false;
  if (t.group && !t.group.matchString(group)) return false;
  if (t.version && !t.version.matchString(version)) return false;
  if (t.kind && !t.kind.matchString(obj.kind)) return false;
  if (t.labels && !t.labels.matches(obj.metadata.labels ?? {})) return false;
  if (t.annotations && !t.annotations.matches(obj.metadata.annotations ?? {})) return false;
  return true;
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
