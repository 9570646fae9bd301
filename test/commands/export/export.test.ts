// `flux-ts export`: objects as flux exports them (fixtures/README.md): `---`, the object of the
// Go type (metadata name/namespace/labels/annotations, spec with CRD defaults), keys sorted,
// durations as Go prints them, zero omitempty fields left out; flux's errors.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flux, render, startRig, type Rig } from '../reconcile/harness.js';

const NS = 'export-1';
const read = (name: string) => render(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'), { fluxns: NS });

describe('flux-ts export (flux TestExport)', () => {
  let rig: Rig;
  const exp = (...args: string[]) => flux(rig.server, ['export', ...args, `-n=${NS}`]);
  beforeAll(async () => {
    rig = await startRig(read('objects.yaml'));
  });
  afterAll(async () => {
    await rig.close();
  });

  it('export helmrelease', async () => {
    expect(await exp('helmrelease', 'flux-system')).toMatchObject({ code: 0, stdout: read('helm-release.yaml'), stderr: '' });
  });

  it('export source helm', async () => {
    expect(await exp('source', 'helm', 'flux-system')).toMatchObject({ code: 0, stdout: read('helm-repo.yaml'), stderr: '' });
  });

  it('re-serialises the spec as the Go types do, leaving values alone', async () => {
    const out = await exp('hr', 'tuned');
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(
      [
        '---',
        'apiVersion: helm.toolkit.fluxcd.io/v2',
        'kind: HelmRelease',
        'metadata:',
        '  labels:',
        '    team: web',
        '  name: tuned',
        `  namespace: ${NS}`,
        'spec:',
        '  chart:',
        '    spec:',
        '      chart: podinfo',
        '      interval: 1h0m0s',
        '      reconcileStrategy: ChartVersion',
        '      sourceRef:',
        '        kind: HelmRepository',
        '        name: flux-system',
        "      version: '*'",
        '  install:',
        '    remediation: {}',
        '  interval: 1m30s',
        '  maxHistory: 0',
        '  timeout: 5m0s',
        '  upgrade:',
        '    remediation:',
        '      remediateLastFailure: false',
        '      retries: 3',
        '  values:',
        '    enabled: false',
        '    interval: 5m',
        '    replicas: 0',
        '',
      ].join('\n'),
    );
  });

  it('--all exports every object of the kind, one document each', async () => {
    const out = await exp('hr', '--all');
    expect(out.code).toBe(0);
    expect(out.stdout.match(/^---$/gm)).toHaveLength(2);
    expect(out.stdout.startsWith(read('helm-release.yaml'))).toBe(true);
  });

  it('words errors as flux does', async () => {
    expect(await exp('hr')).toMatchObject({ code: 1, stdout: '', stderr: '✗ name is required\n' });
    expect(await flux(rig.server, ['export', 'source', 'oci', '--all', '-n', 'default'])).toMatchObject({ code: 1, stdout: '', stderr: '✗ no objects found in default namespace\n' });
    expect(await exp('hr', 'nope')).toMatchObject({ code: 1, stderr: '✗ helmreleases.helm.toolkit.fluxcd.io "nope" not found\n' });
  });
});
