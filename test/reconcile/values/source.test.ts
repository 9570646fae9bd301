import { describe, expect, it } from 'vitest';
import type { Cluster, KubeObject, ResourceRef } from '../../../src/cluster/types.js';
import { clusterValuesSource, configMapValuesObject, secretValuesObject } from '../../../src/reconcile/values/index.js';

const secret: KubeObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 's', namespace: 'apps' },
  data: { 'values.yaml': Buffer.from('password: hunter2\n').toString('base64') },
  stringData: { extra: 'plain' },
};
const cm: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'apps' }, data: { 'values.yaml': 'a: 1' }, binaryData: { bin: 'AAE=' } };

describe('values objects', () => {
  it('decodes Secret data and takes stringData from manifests', () => {
    expect(secretValuesObject(secret)).toEqual({ data: { 'values.yaml': 'password: hunter2\n', extra: 'plain' } });
  });

  it('reads ConfigMap data only', () => {
    expect(configMapValuesObject(cm)).toEqual({ data: { 'values.yaml': 'a: 1' } });
  });

  it('reads through the Cluster with tryGet, undefined when absent', async () => {
    const calls: string[] = [];
    const cluster = {
      server: 'https://fake',
      async tryGet<T extends KubeObject>(res: ResourceRef, name: string, namespace?: string): Promise<T | undefined> {
        calls.push(`${res.plural}/${namespace}/${name}`);
        const o = [secret, cm].find((x) => x.kind === res.kind && x.metadata.name === name && x.metadata.namespace === namespace);
        return o as T | undefined;
      },
    } as unknown as Cluster;
    const source = clusterValuesSource(cluster);
    expect(await source.get('Secret', 'apps', 's')).toEqual({ data: { 'values.yaml': 'password: hunter2\n', extra: 'plain' } });
    expect(await source.get('ConfigMap', 'apps', 'missing')).toBeUndefined();
    expect(calls).toEqual(['secrets/apps/s', 'configmaps/apps/missing']);
  });
});
