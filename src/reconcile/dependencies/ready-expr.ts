// dependsOn[].readyExpr: a CEL expression over `self` (this HelmRelease) and `dep` (the
// dependency), both as unstructured objects, that must evaluate to true. As fluxcd/pkg
// runtime/cel with WithCompile and a bool output type: an expression that does not parse or is
// not typed bool is a configuration error (terminal); evaluation errors are retried.
import { Environment } from '@marcbachmann/cel-js';

/**
 * A readyExpr that does not compile to a bool (Flux: Ready=False + Stalled InvalidCELExpression,
 * terminal). `forDependency` adds helm-controller's `failed to evaluate dependency <name>: `.
 */
export class InvalidReadyExprError extends Error {
  constructor(
    readonly expression: string,
    /** fluxcd/pkg's compile error text. */
    readonly reason: string,
    readonly dependency?: string,
  ) {
    super(dependency === undefined ? reason : `failed to evaluate dependency ${dependency}: ${reason}`);
    this.name = 'InvalidReadyExprError';
  }

  forDependency(name: string): InvalidReadyExprError {
    return new InvalidReadyExprError(this.expression, this.reason, name);
  }
}

/** Both variables are unstructured objects: maps with string keys and dynamic values. */
const env = new Environment().registerVariable('self', 'map<string, dyn>').registerVariable('dep', 'map<string, dyn>');

/** Kubernetes integers are int64 in Flux's unstructured maps: CEL `int`, so they become bigint. */
function toCel(v: unknown): unknown {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (Array.isArray(v)) return v.map(toCel);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = toCel(x);
    return out;
  }
  return v;
}

/** Parses and type-checks the expression; throws InvalidReadyExprError. */
export function compileReadyExpr(expression: string): void {
  let checked: { valid: boolean; type?: string; error?: unknown };
  try {
    checked = env.check(expression);
  } catch (e) {
    checked = { valid: false, error: e };
  }
  if (!checked.valid) {
    const detail = checked.error instanceof Error ? (checked.error.message.split('\n')[0] ?? '') : String(checked.error);
    throw new InvalidReadyExprError(expression, `failed to parse the CEL expression '${expression}': ${detail}`);
  }
  if (checked.type !== 'bool') throw new InvalidReadyExprError(expression, `CEL expression output type mismatch: expected bool, got ${checked.type ?? 'unknown'}`);
}

/** Compiles, then evaluates; evaluation failures are plain errors worded as fluxcd/pkg's. */
export function evaluateReadyExpr(expression: string, self: unknown, dep: unknown): boolean {
  compileReadyExpr(expression);
  let result: unknown;
  try {
    result = env.evaluate(expression, { self: toCel(self), dep: toCel(dep) });
  } catch (e) {
    throw new Error(`failed to evaluate the CEL expression '${expression}': ${(e as Error).message.split('\n')[0] ?? ''}`);
  }
  if (typeof result !== 'boolean') throw new Error(`failed to evaluate CEL expression as boolean: '${expression}'`);
  return result;
}
