// helmrelease_controller_test.go checkDependencies facts, over an in-memory Cluster.
import { describe, expect, it } from 'vitest';
import { KubeApiError } from '../../../src/cluster/errors.js';
import type { Cluster, KubeObject, ResourceRef } from '../../../src/cluster/types.js';
import type { DependencyReference, HelmRelease } from '../../../src/kinds/api-types.js';
import {
  checkDependencies,
  DependencyNotReadyError,
  dependencyString,
  evaluateReadyExpr,
  InvalidReadyExprError,
} from '../../../src/reconcile/dependencies/index.js';

/** Only `get` is used by the dependency check; every other call fails the test. */
function fakeCluster(objects: HelmRelease[]): Cluster & { reads: string[] } {
  const reads: string[] = [];
  const unused = () => {
    throw new Error('not used by checkDependencies');
  };
  return {
    server: 'https://fake',
    reads,
    async get<T extends KubeObject>(res: ResourceRef, name: string, namespace?: string): Promise<T> {
      reads.push(`${res.plural}/${namespace}/${name}`);
      const o = objects.find((x) => x.metadata.name === name && x.metadata.namespace === namespace);
      if (!o) throw new KubeApiError(`helmreleases.helm.toolkit.fluxcd.io "${name}" not found`, 404, 'NotFound');
      return o as unknown as T;
    },
    tryGet: unused,
    list: unused,
    watch: unused,
    create: unused,
    replace: unused,
    delete: unused,
    mergePatch: unused,
    statusPatch: unused,
    apply: unused,
    resourceFor: unused,
    serverVersion: unused,
  };
}

function hr(name: string, namespace: string, opts: { generation?: number; observed?: number; ready?: string; dependsOn?: DependencyReference[] } = {}): HelmRelease {
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name, namespace, generation: opts.generation ?? 1 },
    spec: { interval: '1m', ...(opts.dependsOn ? { dependsOn: opts.dependsOn } : {}) },
    status: { observedGeneration: opts.observed ?? 1, conditions: opts.ready ? [{ type: 'Ready', status: opts.ready }] : [] },
  };
}

describe('checkDependencies', () => {
  it('passes when every dependency is Ready for its generation, defaulting to the same namespace', async () => {
    const cluster = fakeCluster([hr('db', 'apps', { ready: 'True' }), hr('cache', 'infra', { ready: 'True' })]);
    await checkDependencies(cluster, hr('app', 'apps', { dependsOn: [{ name: 'db' }, { name: 'cache', namespace: 'infra' }] }));
    expect(cluster.reads).toEqual(['helmreleases/apps/db', 'helmreleases/infra/cache']);
  });

  it('fails for a missing dependency, naming it and the API error', async () => {
    const err = await checkDependencies(fakeCluster([]), hr('app', 'apps', { dependsOn: [{ name: 'db' }] })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DependencyNotReadyError);
    expect((err as Error).message).toBe("unable to get 'apps/db' dependency: helmreleases.helm.toolkit.fluxcd.io \"db\" not found");
  });

  it.each([
    ['not Ready', { ready: 'False' }],
    ['Ready for an older generation', { ready: 'True', generation: 2, observed: 1 }],
  ])('fails for a dependency %s', async (_n, dep) => {
    await expect(checkDependencies(fakeCluster([hr('db', 'apps', dep)]), hr('app', 'apps', { dependsOn: [{ name: 'db' }] }))).rejects.toThrow("dependency 'apps/db' is not ready");
  });

  it('uses readyExpr instead of the built-in check, unless the additive gate is on', async () => {
    const notReady = hr('db', 'apps', { ready: 'False' });
    const expr = "dep.metadata.generation == 1 && self.metadata.name == 'app'";
    const app = hr('app', 'apps', { dependsOn: [{ name: 'db', readyExpr: expr }] });
    await checkDependencies(fakeCluster([notReady]), app);
    await expect(checkDependencies(fakeCluster([notReady]), app, { additiveCELDependencyCheck: true })).rejects.toThrow("dependency 'apps/db' is not ready");
    const failing = hr('app', 'apps', { dependsOn: [{ name: 'db', readyExpr: 'dep.metadata.generation == 5' }] });
    await expect(checkDependencies(fakeCluster([notReady]), failing)).rejects.toThrow("dependency 'apps/db' is not ready according to readyExpr eval");
  });

  it('reports an expression that does not compile as terminal', async () => {
    const app = hr('app', 'apps', { dependsOn: [{ name: 'db', readyExpr: 'dep.(' }] });
    await expect(checkDependencies(fakeCluster([hr('db', 'apps', { ready: 'True' })]), app)).rejects.toBeInstanceOf(InvalidReadyExprError);
    await expect(checkDependencies(fakeCluster([hr('db', 'apps', { ready: 'True' })]), app)).rejects.toThrow(/^failed to evaluate dependency db: failed to parse the CEL expression 'dep\.\(': /);
  });

  it('an expression not typed bool is a configuration error too (compiled with a bool output type)', async () => {
    const app = hr('app', 'apps', { dependsOn: [{ name: 'db', readyExpr: 'dep.metadata.name' }] });
    const err = await checkDependencies(fakeCluster([hr('db', 'apps', { ready: 'True' })]), app).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidReadyExprError);
    expect((err as Error).message).toBe('failed to evaluate dependency db: CEL expression output type mismatch: expected bool, got dyn');
  });

  it('an evaluation error is retried with fluxcd/pkg wording', async () => {
    const app = hr('app', 'apps', { dependsOn: [{ name: 'db', readyExpr: 'dep.status.nothing.here == 1' }] });
    const err = await checkDependencies(fakeCluster([hr('db', 'apps', { ready: 'True' })]), app).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DependencyNotReadyError);
    expect((err as Error).message).toMatch(/^failed to evaluate the CEL expression 'dep\.status\.nothing\.here == 1': /);
  });
});

describe('readyExpr evaluation and reference strings', () => {
  it('sees Kubernetes integers as CEL ints and conditions as lists', () => {
    const dep = { metadata: { generation: 3 }, status: { observedGeneration: 3, conditions: [{ type: 'Ready', status: 'True' }] } };
    expect(evaluateReadyExpr("dep.metadata.generation == dep.status.observedGeneration && dep.status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')", {}, dep)).toBe(true);
  });

  it('formats [ns/]name[@expr]', () => {
    expect(dependencyString({ name: 'db' })).toBe('db');
    expect(dependencyString({ name: 'db', namespace: 'apps', readyExpr: 'true' })).toBe('apps/db@true');
  });
});
