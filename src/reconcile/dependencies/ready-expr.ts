// dependsOn[].readyExpr: a CEL expression over `self` (this HelmRelease) and `dep` (the
// dependency), both as unstructured objects, that must evaluate to true.
import { evaluate, parse } from '@marcbachmann/cel-js';

/**
 * A readyExpr that does not compile (Flux: Ready=False + Stalled InvalidCELExpression, terminal).
 * Worded as fluxcd/pkg runtime/cel; `forDependency` adds helm-controller's prefix.
 */
export class InvalidReadyExprError extends Error {
  constructor(
    readonly expression: string,
    readonly detail: string,
    readonly dependency?: string,
  ) {
    const parse = `failed to parse the CEL expression '${expression}': ${detail}`;
    super(dependency === undefined ? parse : `failed to evaluate dependency ${dependency}: ${parse}`);
    this.name = 'InvalidReadyExprError';
  }

  forDependency(name: string): InvalidReadyExprError {
    return new InvalidReadyExprError(this.expression, this.detail, name);
  }
}

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

/** Compiles the expression first, so syntax errors are terminal and evaluation errors are not. */
export function evaluateReadyExpr(expression: string, self: unknown, dep: unknown): boolean {
  try {
    parse(expression);
  } catch (e) {
    throw new InvalidReadyExprError(expression, (e as Error).message.split('\n')[0] ?? '');
  }
  const result: unknown = evaluate(expression, { self: toCel(self), dep: toCel(dep) });
  if (typeof result !== 'boolean') throw new Error(`readyExpr '${expression}' did not evaluate to a bool`);
  return result;
}
