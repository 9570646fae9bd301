import { describe, expect, it } from 'vitest';
import { composeValuesTrackingSecrets, maskValues, readValues } from '../../../src/reconcile/values/index.js';
import { fakeSource } from './fake-source.js';

describe('composeValuesTrackingSecrets', () => {
  it('reports the leaves that came from Secrets and survived the merge', async () => {
    const { source } = fakeSource([
      { kind: 'ConfigMap', name: 'c', namespace: 'ns', data: { 'values.yaml': 'image: {tag: v1}\ndb: {host: db}\n' } },
      { kind: 'Secret', name: 's', namespace: 'ns', data: { 'values.yaml': 'db:\n  password: hunter2\n  user: admin\nlist: [a, b]\n', token: 'abc' } },
    ]);
    const inline = readValues('db:\n  user: override\n');
    const { values, secretPaths } = await composeValuesTrackingSecrets(source, 'ns', inline, [
      { kind: 'ConfigMap', name: 'c' },
      { kind: 'Secret', name: 's' },
      { kind: 'Secret', name: 's', valuesKey: 'token', targetPath: 'auth.token' },
    ]);
    expect(values).toEqual({ image: { tag: 'v1' }, db: { host: 'db', password: 'hunter2', user: 'override' }, list: ['a', 'b'], auth: { token: 'abc' } });
    expect(secretPaths).toEqual(expect.arrayContaining([['db', 'password'], ['list', 0], ['list', 1], ['auth', 'token']]));
    expect(secretPaths).toHaveLength(4);
    const masked = maskValues(values, secretPaths);
    expect(masked).toEqual({ image: { tag: 'v1' }, db: { host: 'db', password: '***', user: 'override' }, list: ['***', '***'], auth: { token: '***' } });
    expect(JSON.stringify(masked)).not.toContain('hunter2');
    expect(inline).toEqual({ db: { user: 'override' } });
  });

  it('reads each referenced object once for both compositions', async () => {
    const { source, reads } = fakeSource([
      { kind: 'ConfigMap', name: 'c', namespace: 'ns', data: { 'values.yaml': 'a: 1\n' } },
      { kind: 'Secret', name: 's', namespace: 'ns', data: { 'values.yaml': 'b: 2\n', token: 'abc' } },
    ]);
    const { secretPaths } = await composeValuesTrackingSecrets(source, 'ns', undefined, [
      { kind: 'ConfigMap', name: 'c' },
      { kind: 'Secret', name: 's' },
      { kind: 'Secret', name: 's', valuesKey: 'token', targetPath: 'auth.token' },
    ]);
    expect(secretPaths).toEqual([['b'], ['auth', 'token']]);
    expect(reads).toEqual(['ConfigMap/ns/c', 'Secret/ns/s']);
  });

  it('reports nothing without Secret references', async () => {
    const { source } = fakeSource([{ kind: 'ConfigMap', name: 'c', data: { 'values.yaml': 'a: 1' } }]);
    expect((await composeValuesTrackingSecrets(source, '', undefined, [{ kind: 'ConfigMap', name: 'c' }])).secretPaths).toEqual([]);
  });
});
