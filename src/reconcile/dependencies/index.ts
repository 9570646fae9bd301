// helmrelease_controller.go checkDependencies: every dependsOn HelmRelease (same namespace by
// default, read fresh from the API) must be ready for its current generation, or satisfy its
// readyExpr. No ACL applies to dependencies; cycles are not detected (as in Flux).
import type { Cluster } from '../../cluster/types.js';
import type { HelmRelease } from '../../kinds/api-types.js';
import { helmReleaseKind } from '../../kinds/helmrelease.js';
import * as msg from '../messages/index.js';
import { compileReadyExpr, evaluateReadyExpr, InvalidReadyExprError } from './ready-expr.js';

export { compileReadyExpr, evaluateReadyExpr, InvalidReadyExprError };

/** fluxcd/pkg apis/meta DependencyReference as read from spec.dependsOn. */
export interface DependencyReference {
  name: string;
  namespace?: string;
  readyExpr?: string;
}

/** A dependency is missing or not ready: Ready=False DependencyNotReady, requeue (default 30s). */
export class DependencyNotReadyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DependencyNotReadyError';
  }
}

export interface DependencyOptions {
  /** The AdditiveCELDependencyCheck feature gate: the built-in check also runs with readyExpr. */
  additiveCELDependencyCheck?: boolean;
}

/** DependencyReference.String(): `[ns/]name[@expr]`. */
export function dependencyString(ref: DependencyReference): string {
  let s = ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
  if (ref.readyExpr) s += `@${ref.readyExpr}`;
  return s;
}

/** Ready=True for the dependency's current generation. */
export function isReadyForGeneration(dep: HelmRelease): boolean {
  const ready = dep.status?.conditions?.find((c) => c.type === 'Ready');
  return (dep.metadata.generation ?? 0) === (dep.status?.observedGeneration ?? -1) && ready?.status === 'True';
}

/**
 * Resolves when every dependency is ready. Throws DependencyNotReadyError (retry later) or
 * InvalidReadyExprError (terminal). Other API errors are wrapped in DependencyNotReadyError like
 * Flux's "unable to get" message.
 */
export async function checkDependencies(cluster: Cluster, hr: HelmRelease, opts: DependencyOptions = {}): Promise<void> {
  const own = hr.metadata.namespace ?? '';
  for (const d of hr.spec?.dependsOn ?? []) {
    const ns = d.namespace || own;
    const id = `${ns}/${d.name}`;
    let dep: HelmRelease;
    try {
      dep = await cluster.get<HelmRelease>(helmReleaseKind.resource, d.name, ns);
    } catch (e) {
      throw new DependencyNotReadyError(msg.dependencyGetFailed(id, (e as Error).message));
    }
    if (d.readyExpr) {
      let ok: boolean;
      try {
        ok = evaluateReadyExpr(d.readyExpr, hr, dep);
      } catch (e) {
        if (e instanceof InvalidReadyExprError) throw e.forDependency(d.name);
        // Evaluation errors are retried with their own text, as helm-controller returns them.
        throw new DependencyNotReadyError((e as Error).message);
      }
      if (!ok) throw new DependencyNotReadyError(msg.dependencyNotReadyByExpr(id));
      if (!opts.additiveCELDependencyCheck) continue;
    }
    if (!isReadyForGeneration(dep)) throw new DependencyNotReadyError(msg.dependencyNotReady(id));
  }
}
