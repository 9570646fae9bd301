// `flux-ts describe hr` against the API test server: every section, in order, and no Secret
// content anywhere in the output.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flux, render, startRig, type Rig } from '../reconcile/harness.js';

function ago(ms: number): string {
  return new Date(Date.now() - ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

describe('flux-ts describe hr', () => {
  let rig: Rig;
  beforeAll(async () => {
    const vars = { t30m: ago(30 * 60_000), t40m: ago(40 * 60_000), t3h: ago(3 * 3600_000) };
    rig = await startRig(render(readFileSync(new URL('./fixtures/objects.yaml', import.meta.url), 'utf8'), vars));
  });
  afterAll(async () => {
    await rig.close();
  });

  it('explains the release for a person (golden)', async () => {
    const out = await flux(rig.server, ['describe', 'hr', 'podinfo', '-n', 'apps']);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(readFileSync(new URL('./fixtures/podinfo.golden', import.meta.url), 'utf8'));
  });

  it('never prints Secret contents', async () => {
    const cases = [['describe', 'hr', 'podinfo', '-n', 'apps'], ['describe', 'hr', 'podinfo', '-n', 'apps', '-o', 'yaml'], ['describe', 'hr', 'podinfo', '-n', 'apps', '--show-values'], ['describe', 'hr', 'leaky', '-n', 'apps', '--show-values']];
    for (const args of cases) {
      const out = await flux(rig.server, args, { FLUX_TS_DEBUG: '1' });
      expect(out.combined).not.toContain('supersecret');
      expect(out.combined).not.toContain('unclosed');
      expect(out.combined).not.toContain(Buffer.from('supersecret-token-value').toString('base64'));
    }
  });

  it('a Secret that does not parse is named, its content is not', async () => {
    const out = await flux(rig.server, ['describe', 'hr', 'leaky', '-n', 'apps', '--show-values']);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^✗ .*Secret.*apps\/broken.*\n$/);
  });

  it('-o yaml and -o json print the object', async () => {
    const json = await flux(rig.server, ['describe', 'hr', 'podinfo', '-n', 'apps', '-o', 'json']);
    expect(json.code).toBe(0);
    const obj = JSON.parse(json.stdout) as { kind: string; metadata: { name: string }; spec: { interval: string } };
    expect([obj.kind, obj.metadata.name, obj.spec.interval]).toEqual(['HelmRelease', 'podinfo', '10m0s']);
    const yaml = await flux(rig.server, ['describe', 'hr', 'podinfo', '-n', 'apps', '-o', 'yaml']);
    expect(yaml.stdout).toMatch(/^apiVersion: helm\.toolkit\.fluxcd\.io\/v2\nkind: HelmRelease\n/);
  });

  it('reports a missing release and a bad -o', async () => {
    expect(await flux(rig.server, ['describe', 'hr', 'nope', '-n', 'apps'])).toMatchObject({ code: 1, stderr: '✗ helmreleases.helm.toolkit.fluxcd.io "nope" not found\n', stdout: '' });
    expect(await flux(rig.server, ['describe', 'hr', 'podinfo', '-o', 'wide'])).toMatchObject({ code: 1, stderr: '✗ invalid argument "wide" for "-o, --output" flag: must be one of text|yaml|json\n' });
  });

  it('--show-values composes valuesFrom then inline values, masking what came from the Secret', async () => {
    const out = await flux(rig.server, ['describe', 'hr', 'podinfo', '-n', 'apps', '--show-values']);
    expect(out).toMatchObject({ code: 0, stderr: '', stdout: "auth:\n  token: '***'\ningress:\n  enabled: true\nreplicaCount: 2\n" });
  });
});

describe('flux-ts describe hr --show-values on flux debug hr testdata', () => {
  let rig: Rig;
  const dir = new URL('./fixtures/flux-debug/', import.meta.url);
  const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');
  beforeAll(async () => {
    rig = await startRig(render(read('objects.yaml'), { fluxns: 'flux-debug' }));
  });
  afterAll(async () => {
    await rig.close();
  });

  it('inline values only: exactly flux’s output', async () => {
    const out = await flux(rig.server, ['describe', 'hr', 'test-values-inline', '-n', 'flux-debug', '--show-values']);
    expect(out).toMatchObject({ code: 0, stdout: read('values-inline.golden.yaml') });
  });

  it('valuesFrom: flux’s output with the Secret’s values masked', async () => {
    const masked = read('values-from.golden.yaml').replace('override: secret', "override: '***'").replace('secret: test', "secret: '***'");
    const out = await flux(rig.server, ['describe', 'hr', 'test-values-from', '-n', 'flux-debug', '--show-values'], { FLUX_TS_DEBUG: '1' });
    expect(out).toMatchObject({ code: 0, stdout: masked, stderr: '' });
  });
});
