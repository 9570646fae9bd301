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
    for (const args of [['describe', 'hr', 'podinfo', '-n', 'apps'], ['describe', 'hr', 'podinfo', '-n', 'apps', '-o', 'yaml']]) {
      const out = await flux(rig.server, args, { FLUX_TS_DEBUG: '1' });
      expect(out.combined).not.toContain('supersecret');
      expect(out.combined).not.toContain(Buffer.from('supersecret-token-value').toString('base64'));
    }
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
});
