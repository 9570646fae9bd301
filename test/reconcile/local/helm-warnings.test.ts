// Helm's values warnings on the build and reconcile paths: `build hr` hands them to its log (the
// CLI writes them to stderr as `helm template` does) and a reconcile's release source to the
// run's logger, always through the masking sink, so a value that came from a Secret is never
// printed. Expected lines: the reference helm's own stderr for the same chart and values.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { GoMap } from '../../../src/gotemplate/value.js';
import { loadChart } from '../../../src/helm/chart/index.js';
import type { HelmRelease } from '../../../src/kinds/api-types.js';
import { buildFromDir } from '../../../src/reconcile/local/build.js';
import { readManifestDir } from '../../../src/reconcile/local/manifests.js';
import { LocalObjects } from '../../../src/reconcile/local/objects.js';
import { releaseSource } from '../../../src/reconcile/run/release-source.js';
import { composeValuesTrackingSecrets, type ValuesReference } from '../../../src/reconcile/values/index.js';
import { helmBin } from '../../support/tools.js';

const FIXTURE = join(import.meta.dirname, 'build-warnings');
const MANIFESTS = join(FIXTURE, 'manifests');
const CHART = join(FIXTURE, 'chart');
const SECRET = 's3cr3t-pa55word';

/** What flux-ts prints: the db.auth warning is about a Secret-sourced key, so its value is masked. */
const EXPECTED = [
  'level=INFO msg="warning: skipped value for warned.annotations: Not a table."',
  'level=INFO msg="warning: cannot overwrite table with non table for warned.db.auth (***)"',
];

/** The reference helm's stderr for `helm template` of the chart with these values (stdout dropped). */
function helmStderr(values: unknown): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'flux-ts-warnings-'));
  writeFileSync(join(dir, 'values.yaml'), stringify(values));
  const env = { ...process.env, HELM_CACHE_HOME: join(dir, 'c'), HELM_CONFIG_HOME: join(dir, 'f'), HELM_DATA_HOME: join(dir, 'd') };
  const stderr = execFileSync('sh', ['-c', '"$0" template warned "$1" -n apps -f "$2" 2>&1 >/dev/null', helmBin, CHART, join(dir, 'values.yaml')], { env, encoding: 'utf8' });
  return stderr.split('\n').filter((l) => l !== '');
}

async function composed() {
  const objects = new LocalObjects(await readManifestDir(MANIFESTS), 'apps', MANIFESTS);
  const hr = objects.find<HelmRelease>('helm.toolkit.fluxcd.io', 'HelmRelease', 'apps', 'warned')!;
  return composeValuesTrackingSecrets(objects.valuesSource(), 'apps', structuredClone(hr.spec!.values) as GoMap, (hr.spec!.valuesFrom ?? []) as ValuesReference[]);
}

describe('Helm values warnings with values from a Secret', () => {
  it('are the lines helm prints, with the Secret-sourced value masked', async () => {
    const c = await composed();
    expect(c.values).toMatchObject({ db: { auth: `postgres://app:${SECRET}@db.local/app` } });
    const helm = helmStderr(c.values);
    // helm itself quotes the value at the Secret-sourced key; flux-ts prints the same line masked.
    // Go walks the values map in random order, so helm's lines are compared as a set.
    const unmasked = EXPECTED.map((l) => l.replace('(***)', '(map[mode:password])'));
    expect([...helm].sort()).toEqual([...unmasked].sort());
  });

  it('build hr hands them to its log', async () => {
    const lines: string[] = [];
    const built = await buildFromDir({ name: 'warned', namespace: 'apps', path: MANIFESTS, sourceDir: FIXTURE, log: (l) => lines.push(l) });
    expect(lines).toEqual(EXPECTED);
    expect(built.rendered.manifests[0]!.content).toContain(`annotations: '{"team":"platform"}'`);
    // Without a log the build is quiet, as before.
    await expect(buildFromDir({ name: 'warned', namespace: 'apps', path: MANIFESTS, sourceDir: FIXTURE })).resolves.toBeDefined();
  });

  it('a reconcile release source hands them to the run logger', async () => {
    const c = await composed();
    const lines: string[] = [];
    const chart = await loadChart(CHART);
    const source = await releaseSource({
      loadChart: async () => chart,
      values: c.values,
      releaseName: 'warned',
      releaseNamespace: 'apps',
      warnings: { sink: (l) => lines.push(l), secretPaths: c.secretPaths },
    });
    await source.render({ revision: 1, isInstall: true, isUpgrade: false });
    expect(lines).toEqual(EXPECTED);
    expect(lines.join('\n')).not.toContain(SECRET);
  });
});
