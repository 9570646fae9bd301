// The offline model: objects from YAML files, looked up as the cluster would hold them.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifestDir } from '../../../src/reconcile/local/manifests.js';
import { LocalObjects } from '../../../src/reconcile/local/objects.js';

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'flux-ts-local-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('local manifests', () => {
  it('reads every object of every YAML file, skipping dot-directories and non-objects', async () => {
    const dir = tree({
      'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: two\n  namespace: apps\n',
      'sub/b.yml': 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: s\n',
      'values.yaml': 'replicaCount: 2\n',
      '.git/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hidden\n',
      'README.md': 'not yaml: [',
    });
    const objects = await readManifestDir(dir);
    expect(objects.map((o) => `${o.object.kind}/${o.object.metadata.name}`)).toEqual(['ConfigMap/one', 'ConfigMap/two', 'Secret/s']);
    const local = new LocalObjects(objects, 'flux-system', dir);
    expect(local.find('', 'ConfigMap', 'flux-system', 'one')?.metadata.namespace).toBe('flux-system');
    expect(local.find('', 'ConfigMap', 'apps', 'two')).toBeDefined();
    expect(local.find('', 'ConfigMap', 'flux-system', 'two')).toBeUndefined();
  });

  it('reads scalars as `kubectl apply` sends them (sigs.k8s.io/yaml: YAML 1.1 booleans, numbers as JSON numbers)', async () => {
    const dir = tree({ 'hr.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: x\nspec:\n  values:\n    enabled: yes\n    replicas: 3\n    tag: "1.0"\n' });
    const [obj] = await readManifestDir(dir);
    expect(obj!.object['spec']).toEqual({ values: { enabled: true, replicas: 3, tag: '1.0' } });
  });

  it('refuses an object defined twice, naming both files', async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n';
    const dir = tree({ 'a.yaml': cm, 'b.yaml': cm });
    const local = new LocalObjects(await readManifestDir(dir), 'default', dir);
    expect(() => local.find('', 'ConfigMap', 'default', 'dup')).toThrow(`ConfigMap default/dup is defined more than once under ${dir}: a.yaml, b.yaml`);
  });

  it('names the file of a YAML syntax error', async () => {
    const dir = tree({ 'bad.yaml': 'a: [\n' });
    await expect(readManifestDir(dir)).rejects.toThrow(/bad\.yaml: /);
  });

  it('reads Secret stringData and data for values', async () => {
    const dir = tree({ 's.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  a: aGVsbG8=\nstringData:\n  b: world\n' });
    const local = new LocalObjects(await readManifestDir(dir), 'default', dir);
    expect(await local.valuesSource().get('Secret', 'default', 's')).toEqual({ data: { a: 'hello', b: 'world' } });
    expect(await local.valuesSource().get('ConfigMap', 'default', 's')).toBeUndefined();
  });
});
