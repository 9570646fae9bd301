// `lookup` without a cluster returns an empty map (as `helm template` does); with one it goes
// through a worker thread synchronously, and a missing object is an empty map.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoNumber } from '../../../../src/gotemplate/value.js';
import { lookupFunc, SyncLookupBridge } from '../../../../src/helm/funcs/helm/lookup.js';

let bridge: SyncLookupBridge;
beforeAll(async () => {
  bridge = await SyncLookupBridge.start({
    clusterModule: new URL('../../../fixtures/render/lookup-cluster.mjs', import.meta.url).href,
    clusterOptions: { server: 'https://example.invalid' },
    // Node 20 workers cannot start from a .ts file; the bootstrap registers tsx first.
    workerUrl: new URL('../../../fixtures/render/ts-worker-bootstrap.mjs', import.meta.url),
    extraWorkerData: { tsWorker: new URL('../../../../src/helm/funcs/helm/lookup-worker.ts', import.meta.url).href },
  });
});
afterAll(() => bridge.close());

describe('lookup', () => {
  it('returns an empty map when no cluster is configured', () => {
    expect(lookupFunc().fn('v1', 'Pod', 'ns', 'x')).toEqual({});
  });

  it('gets one object synchronously, integers as int64 like Go unstructured content', () => {
    const cm = lookupFunc(bridge.lookup).fn('v1', 'ConfigMap', 'ns1', 'cm1') as Record<string, unknown>;
    expect(cm['data']).toEqual({ replicas: '3' });
    expect(cm['count']).toEqual(new GoNumber('int64', 2n));
    expect(cm['ratio']).toBe(0.5);
  });

  it('lists when no name is given and ignores the namespace of cluster-scoped kinds', () => {
    const list = lookupFunc(bridge.lookup).fn('v1', 'ConfigMap', 'ns1', '') as Record<string, unknown>;
    expect(list['kind']).toBe('ConfigMapList');
    expect((list['items'] as unknown[]).length).toBe(1);
    expect(lookupFunc(bridge.lookup).fn('v1', 'Namespace', 'whatever', 'ns1')).toMatchObject({ kind: 'Namespace' });
  });

  it('returns an empty map for a missing object and fails for an unknown kind', () => {
    expect(lookupFunc(bridge.lookup).fn('v1', 'ConfigMap', 'ns1', 'nope')).toEqual({});
    expect(() => lookupFunc(bridge.lookup).fn('v9', 'Widget', '', '')).toThrow('no matches for kind "Widget" in version "v9"');
  });
});
