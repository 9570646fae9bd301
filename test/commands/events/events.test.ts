// `flux-ts events`: flux's table of Flux objects' Events (cmd/flux/events.go), sorted by time,
// LAST SEEN as kubectl words it, `--for` following a HelmRelease to its chart source and its
// HelmChart, `--types`, `-A`, and flux's errors.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flux, render, startRig, type Rig } from '../reconcile/harness.js';

const NS = 'events-apps';
const SRC = 'events-src';

describe('flux-ts events', () => {
  let rig: Rig;
  const events = (...args: string[]) => flux(rig.server, ['events', ...args]);
  beforeAll(async () => {
    // Half a minute past the whole minute, so LAST SEEN is stable while the test runs.
    const ago = (minutes: number) => new Date(Date.now() - (minutes * 60 + 30) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    const agoMicro = (minutes: number) => new Date(Date.now() - (minutes * 60 + 30) * 1000).toISOString().replace(/\.(\d+)Z$/, '.$1000Z');
    const vars = { ns: NS, srcns: SRC, t40: ago(40), t30: ago(30), t20: ago(20), t25micro: agoMicro(25), t15micro: agoMicro(15) };
    rig = await startRig(render(readFileSync(new URL('./fixtures/objects.yaml', import.meta.url), 'utf8'), vars));
  });
  afterAll(async () => {
    await rig.close();
  });

  it('lists the Events of Flux objects in the namespace, oldest first, repeated ones with their count', async () => {
    const upgraded = `Helm upgrade succeeded for release ${NS}/podinfo.v4 with chart podinfo@6.5.0`;
    const w = upgraded.length;
    expect(await events('-n', NS)).toMatchObject({
      code: 0,
      stderr: '',
      stdout:
        `LAST SEEN        \tTYPE   \tREASON          \tOBJECT             \t${'MESSAGE'.padEnd(w)} \n` +
        `40m              \tWarning\tInstallFailed   \tHelmRelease/podinfo\t${'install retries exhausted'.padEnd(w)}\t\n` +
        `20m (x4 over 40m)\tNormal \tUpgradeSucceeded\tHelmRelease/podinfo\t${upgraded}\t\n`,
    });
  });

  it('--for HelmRelease/NAME adds its source and its HelmChart, with a NAMESPACE column when they live elsewhere', async () => {
    const out = await events('-n', NS, '--for', 'helmrelease/podinfo');
    expect(out.code).toBe(0);
    expect(out.stdout.split('\n').map((l) => l.split('\t').map((c) => c.trim()))).toEqual([
      ['NAMESPACE', 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
      [NS, '40m', 'Warning', 'InstallFailed', 'HelmRelease/podinfo', 'install retries exhausted', ''],
      [SRC, '30m', 'Warning', 'Failed', 'HelmRepository/podinfo', 'failed to fetch index', ''],
      [NS, '20m (x4 over 40m)', 'Normal', 'UpgradeSucceeded', 'HelmRelease/podinfo', `Helm upgrade succeeded for release ${NS}/podinfo.v4 with chart podinfo@6.5.0`, ''],
      [SRC, '15m (x3 over 25m)', 'Normal', 'ChartPullSucceeded', `HelmChart/${NS}-podinfo`, "pulled 'podinfo' chart with version '6.5.0'", ''],
      [''],
    ]);
  });

  it('--types filters case-insensitively; -A lists every namespace', async () => {
    const out = await events('-A', '--types', 'warning');
    expect(out.stdout.split('\n').map((l) => l.split('\t')[0]?.trim() + ' ' + (l.split('\t')[4]?.trim() ?? ''))).toEqual([
      'NAMESPACE OBJECT',
      `${NS} HelmRelease/podinfo`,
      `${SRC} HelmRepository/podinfo`,
      ' ',
    ]);
  });

  it('logs “No events found” and exits 0, as flux does', async () => {
    expect(await events('-n', 'default')).toMatchObject({ code: 0, stdout: '', stderr: '✗ No events found in default namespace.\n' });
    expect(await events('-A', '--for', 'Bucket')).toMatchObject({ code: 0, stdout: '', stderr: '✗ No events found.\n' });
  });

  it('words bad input as flux does', async () => {
    expect(await events('--types', 'Normal,Info')).toMatchObject({ code: 1, stderr: "✗ type 'Info' not supported. Supported types are Normal, Warning\n" });
    expect(await events('--for', '/podinfo')).toMatchObject({ code: 1, stderr: '✗ --for selector must be of format <kind>[/<name>]\n' });
    expect(await events('--for', 'Deployment/podinfo')).toMatchObject({ code: 1, stderr: "✗ 'Deployment' is not a recognized Flux kind\n" });
    expect(await events('-n', NS, '--for', 'HelmRelease/nope')).toMatchObject({ code: 1, stderr: '✗ helmreleases.helm.toolkit.fluxcd.io "nope" not found\n' });
    // A HelmRelease with a chartRef has no spec.chart.spec.sourceRef to follow.
    expect(await events('-n', NS, '--for', 'HelmRelease/from-oci')).toMatchObject({ code: 1, stderr: `✗ field 'spec.chart.spec.sourceRef.kind' for '${NS}/from-oci' not found\n` });
  });

  it('-w prints each Event as its own table, the first with the header, and ends quietly at --timeout', async () => {
    const out = await events('-n', NS, '-w', '--timeout', '2s');
    expect(out.code).toBe(0);
    const lines = out.stdout.split('\n');
    // Each table has its own widths: the header is as wide as the first Event's row.
    expect(lines[0]).toMatch(/^LAST SEEN *\tTYPE *\tREASON *\tOBJECT *\tMESSAGE *$/);
    expect(lines.slice(1).filter((l) => l !== '').map((l) => l.split('\t')[2])).toEqual(expect.arrayContaining(['InstallFailed', 'UpgradeSucceeded']));
    expect(lines.filter((l) => l.startsWith('LAST SEEN'))).toHaveLength(1);
  });
});
