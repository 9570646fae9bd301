// `flux-ts stats`: flux's per-kind report (running = total − suspended, failing = Ready=False,
// storage = artifact sizes), every Flux kind listed, kinds the cluster does not serve as zero.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSize } from '../../../src/commands/stats/report.js';
import { flux, render, startRig, type Rig } from '../reconcile/harness.js';

const NS = 'stats-apps';
const OTHER = 'stats-other';
const cells = (stdout: string) => stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t').map((c) => c.trim()).filter((c, i, all) => i < all.length - 1 || c !== ''));

describe('flux-ts stats', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig(render(readFileSync(new URL('./fixtures/objects.yaml', import.meta.url), 'utf8'), { ns: NS, other: OTHER }));
  });
  afterAll(async () => {
    await rig.close();
  });

  it('reports every Flux kind of the namespace, in flux’s order', async () => {
    const out = await flux(rig.server, ['stats', '-n', NS]);
    expect(out.code).toBe(0);
    expect(out.stdout.split('\n')[0]).toBe('RECONCILERS          \tRUNNING\tFAILING\tSUSPENDED\tSTORAGE  ');
    expect(cells(out.stdout)).toEqual([
      ['RECONCILERS', 'RUNNING', 'FAILING', 'SUSPENDED', 'STORAGE'],
      ['GitRepository', '1', '0', '0', '1.2 KiB'],
      ['OCIRepository', '0', '0', '0', '-'],
      ['HelmRepository', '1', '0', '0', '42.1 KiB'],
      ['HelmChart', '0', '0', '0', '-'],
      ['Bucket', '0', '0', '0', '-'],
      ['Kustomization', '0', '0', '0', '-'],
      ['HelmRelease', '2', '1', '1', '-'],
      ['Alert', '0', '0', '0', '-'],
      ['Provider', '0', '0', '0', '-'],
      ['Receiver', '0', '0', '0', '-'],
      ['ImageUpdateAutomation', '0', '0', '0', '-'],
      ['ImagePolicy', '0', '0', '0', '-'],
      ['ImageRepository', '0', '0', '0', '-'],
    ]);
  });

  it('-A counts every namespace', async () => {
    const out = await flux(rig.server, ['stats', '-A']);
    expect(cells(out.stdout).find((r) => r[0] === 'HelmRelease')).toEqual(['HelmRelease', '3', '1', '1', '-']);
  });

  it('takes no arguments (cobra.NoArgs)', async () => {
    expect(await flux(rig.server, ['stats', 'hr'])).toMatchObject({ code: 1, stderr: '✗ unknown command "hr" for "flux-ts stats"\n' });
  });

  it('words storage as Go formats it (fixtures/format-size.go)', () => {
    const expected = JSON.parse(readFileSync(new URL('./fixtures/format-size.json', import.meta.url), 'utf8')) as [number, string][];
    for (const [size, text] of expected) expect([size, formatSize(size)]).toEqual([size, text]);
  });
});
