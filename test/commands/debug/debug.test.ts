// `flux-ts debug hr` on flux's own test data (fixtures/README.md): status and history byte for
// byte as `flux debug hr` prints them, values as flux prints them with Secret values masked.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flux, render, startRig, type Rig } from '../reconcile/harness.js';

const NS = 'debug-1';
const read = (name: string) => render(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'), { fluxns: NS });

describe('flux-ts debug hr (flux TestDebugHelmRelease)', () => {
  let rig: Rig;
  const debug = (...args: string[]) => flux(rig.server, ['debug', 'helmrelease', ...args, `-n=${NS}`]);
  beforeAll(async () => {
    rig = await startRig(read('objects.yaml'));
  });
  afterAll(async () => {
    await rig.close();
  });

  it('--show-status: the status document, CRD defaults included', async () => {
    expect(await debug('test-values-inline', '--show-status', '--show-values=false')).toMatchObject({ code: 0, stdout: read('status.golden.yaml'), stderr: '' });
  });

  it('--show-history: snapshots with keys sorted, `deleted: null` when unset', async () => {
    expect(await debug('test-with-history', '--show-history')).toMatchObject({ code: 0, stdout: read('history.golden.yaml'), stderr: '' });
  });

  it('--show-history without history prints []', async () => {
    expect(await debug('test-values-inline', '--show-history')).toMatchObject({ code: 0, stdout: read('history-empty.golden.yaml'), stderr: '' });
  });

  it('--show-values: inline values exactly as flux', async () => {
    expect(await debug('test-values-inline', '--show-values', '--show-status=false')).toMatchObject({ code: 0, stdout: read('values-inline.golden.yaml'), stderr: '' });
  });

  it('--show-values: flux’s composition, every value from the Secret masked', async () => {
    const masked = read('values-from.golden.yaml').replace('aFlatValue: some-flat-value', "aFlatValue: '***'").replace('override: secret', "override: '***'").replace('secret: test', "secret: '***'");
    expect(await debug('test-values-from', '--show-values')).toMatchObject({ code: 0, stdout: masked, stderr: '' });
  });

  it('needs exactly one --show-* flag and exactly one name, with flux’s errors', async () => {
    const none = await debug('test-values-inline');
    expect(none).toMatchObject({ code: 1, stdout: '', stderr: '✗ exactly one of --show-status, --show-values, or --show-history must be set\n' });
    expect(await debug('test-values-inline', '--show-status', '--show-history')).toMatchObject({ code: 1, stderr: '✗ exactly one of --show-status, --show-values, or --show-history must be set\n' });
    expect(await debug('--show-status')).toMatchObject({ code: 1, stderr: '✗ accepts 1 arg(s), received 0\n' });
    expect(await debug('a', 'b', '--show-status')).toMatchObject({ code: 1, stderr: '✗ accepts 1 arg(s), received 2\n' });
  });

  it('reports a missing HelmRelease with the API error', async () => {
    expect(await debug('nope', '--show-status')).toMatchObject({ code: 1, stdout: '', stderr: '✗ helmreleases.helm.toolkit.fluxcd.io "nope" not found\n' });
  });
});
