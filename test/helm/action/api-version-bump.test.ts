// Helm matches a release's objects on group, kind, namespace and name (pkg/kube isMatchingInfo),
// not on the version: a chart that moves an object to another served version of its group is
// updating it, and the prune after the upgrade (or rollback) must not delete it.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { install, rollback, upgrade } from '../../../src/helm/action/index.js';
import { matchKey } from '../../../src/helm/action/sync.js';
import { CHART_DIR, startHarness, type Harness } from './harness.js';

const CHART = join(CHART_DIR, '..', 'version-bump');
const ns = 'default';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ unpullableImage: /registry\.invalid/ });
});
afterAll(async () => {
  await h?.close();
});

describe('an upgrade that changes an object apiVersion within its group', () => {
  it('keeps the object (now served at the new version) instead of pruning it', async () => {
    await install(h.cfg(ns), h.source('gizmo', ns, {}, CHART), { name: 'gizmo', namespace: ns, timeoutMs: 20_000, crds: 'Create' });
    expect(h.get('example.org/v1', 'Gadget', 'gizmo', ns)?.spec).toEqual({ size: 1 });

    const rel = await upgrade(h.cfg(ns), h.source('gizmo', ns, { gadgetVersion: 'v1', size: 2 }, CHART), { name: 'gizmo', namespace: ns, timeoutMs: 20_000 });
    expect(rel.info.status).toBe('deployed');
    expect(rel.manifest).toContain('apiVersion: example.org/v1\nkind: Gadget');
    expect(h.get('example.org/v1', 'Gadget', 'gizmo', ns)?.spec).toEqual({ size: 2 });
    expect(h.get('v1', 'ConfigMap', 'gizmo-config', ns)?.data).toEqual({ gadgetVersion: 'v1' });
  });

  it('keeps it on a rollback to the old version as well', async () => {
    const rel = await rollback(h.cfg(ns), { name: 'gizmo', version: 1, timeoutMs: 20_000 });
    expect(rel.info.status).toBe('deployed');
    expect(h.get('example.org/v1', 'Gadget', 'gizmo', ns)?.spec).toEqual({ size: 1 });
    expect(h.get('v1', 'ConfigMap', 'gizmo-config', ns)?.data).toEqual({ gadgetVersion: 'v1beta1' });
  });

  it('a failed upgrade with cleanupOnFail deletes what it created, not the object whose version it bumped', async () => {
    const failed = upgrade(h.cfg(ns), h.source('gizmo', ns, { gadgetVersion: 'v1', size: 3, broken: true }, CHART), { name: 'gizmo', namespace: ns, timeoutMs: 1_500, cleanupOnFail: true });
    await expect(failed).rejects.toThrow();
    expect(h.get('apps/v1', 'Deployment', 'gizmo-broken', ns)).toBeUndefined();
    expect(h.get('example.org/v1', 'Gadget', 'gizmo', ns)).toBeDefined();
  });

  it('matches on group and kind, not version: another group or kind is another object (pruned when it leaves)', () => {
    const gadget = (apiVersion: string, group: string, kind = 'Gadget') => ({
      object: { apiVersion, kind, metadata: { name: 'gizmo', namespace: ns } },
      ref: { group, version: apiVersion.split('/').pop()!, plural: `${kind.toLowerCase()}s`, kind, namespaced: true },
    });
    expect(matchKey(gadget('example.org/v1beta1', 'example.org'))).toBe(matchKey(gadget('example.org/v1', 'example.org')));
    expect(matchKey(gadget('example.net/v1', 'example.net'))).not.toBe(matchKey(gadget('example.org/v1', 'example.org')));
    expect(matchKey(gadget('example.org/v1', 'example.org', 'Gizmo'))).not.toBe(matchKey(gadget('example.org/v1', 'example.org')));
  });
});
