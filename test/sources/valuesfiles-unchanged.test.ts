// source-controller lists a HelmChart's valuesFiles in its build summary (the Ready message,
// `and merged values files [...]`) and in status.observedValuesFiles only when the merge changed
// the chart's values.yaml: OverwriteChartDefaultValues compares the merged values, encoded as
// sigs.k8s.io/yaml writes them, with the chart's own values.yaml byte for byte and "does nothing
// if contents are equal". The encoding is checked against the real helm (its toYaml is the same
// encoder) on charts packaged by `helm package`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchive } from '../../src/sources/chart-archive.js';
import { fetchFromGitRepository, fetchFromHttpRepository, type FetchedChart } from '../../src/sources/fetchers.js';
import { helmChartReadyStatus } from '../../src/sources/helmchart.js';
import { SOURCE_API_VERSION, type HelmChart } from '../../src/sources/types.js';
import { startChartRepo, type ChartRepoServer } from '../support/servers/chart-repo.js';
import { makeRepo, startGitServer, type GitServer } from '../support/servers/git-server.js';
import { helmBin } from '../support/tools.js';
import { helmEnv, helmRepoIndex, serveDir, tempDir } from './helpers.js';

/** values.yaml exactly as sigs.k8s.io/yaml encodes its values (checked with helm below). */
const CANONICAL = 'image:\n  repository: ghcr.io/example/demo\n  tag: 1.0.0\nports:\n- 80\n- 443\nreplicas: 2\n';
/** The same values, written by hand: a comment and an indented list. */
const SAME_VALUES = '# the defaults, again\nimage:\n  tag: 1.0.0\n  repository: ghcr.io/example/demo\nreplicas: 2\nports:\n  - 80\n  - 443\n';
const PROD = 'replicas: 3\n';

let repo: ChartRepoServer;
let git: GitServer;
let dir: string;
let work: string;

/** A chart directory with the given values.yaml and extra files, packaged by helm into `dir`. */
function makeChart(version: string, valuesYaml: string): string {
  const src = join(work, `demo-${version}`);
  mkdirSync(join(src, 'templates'), { recursive: true });
  writeFileSync(join(src, 'Chart.yaml'), `apiVersion: v2\nname: demo\nversion: ${version}\n`);
  writeFileSync(join(src, 'values.yaml'), valuesYaml);
  writeFileSync(join(src, 'values-same.yaml'), SAME_VALUES);
  writeFileSync(join(src, 'values-prod.yaml'), PROD);
  // Renders the chart's values as sigs.k8s.io/yaml encodes them (without the final newline).
  writeFileSync(join(src, 'templates', 'values.yaml'), '{{ toYaml .Values }}\n');
  execFileSync(helmBin, ['package', src, '-d', dir], { env: helmEnv(work), stdio: 'ignore' });
  return src;
}

/** What source-controller would write as values.yaml for these values: helm's toYaml plus "\n". */
function helmEncoded(chartDir: string, valueFiles: string[] = []): string {
  const out = execFileSync(helmBin, ['template', chartDir, ...valueFiles.flatMap((f) => ['-f', join(chartDir, f)])], { env: helmEnv(work), encoding: 'utf8' });
  const header = '---\n# Source: demo/templates/values.yaml\n';
  expect(out.startsWith(header)).toBe(true);
  return out.slice(header.length);
}

function helmChart(valuesFiles: string[]): HelmChart {
  return {
    apiVersion: SOURCE_API_VERSION,
    kind: 'HelmChart',
    metadata: { name: 'apps-demo', namespace: 'flux-system', generation: 1 },
    spec: { chart: 'demo', version: '*', sourceRef: { kind: 'HelmRepository', name: 'demo' }, interval: '1m', reconcileStrategy: 'ChartVersion', valuesFiles },
  };
}

async function build(version: string, valuesFiles: string[]): Promise<FetchedChart> {
  return fetchFromHttpRepository({ subject: 'HelmRepository flux-system/demo' }, { url: repo.url }, 'demo', version, { valuesFiles, generation: 1 });
}

async function packagedValues(fetched: FetchedChart): Promise<string> {
  const files = await readArchive(fetched.archive);
  return files.find((f) => f.path === 'demo/values.yaml')!.data.toString('utf8');
}

function readyMessage(valuesFiles: string[], fetched: FetchedChart): string {
  const status = helmChartReadyStatus(helmChart(valuesFiles), fetched, new Date('2026-01-01T00:00:00Z'));
  return status.conditions?.find((c) => c.type === 'Ready')?.message ?? '';
}

let canonicalDir: string;
let handWrittenDir: string;

beforeAll(async () => {
  dir = tempDir();
  work = tempDir();
  canonicalDir = makeChart('1.0.0', CANONICAL);
  handWrittenDir = makeChart('2.0.0', SAME_VALUES);
  helmRepoIndex(dir);
  repo = await startChartRepo();
  serveDir(repo.files, dir);
  git = await startGitServer();
  makeRepo(git.root, 'apps', [
    {
      files: {
        'charts/demo/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 3.0.0\n',
        'charts/demo/values.yaml': CANONICAL,
        'charts/demo/templates/values.yaml': '{{ toYaml .Values }}\n',
        'envs/same.yaml': SAME_VALUES,
        'envs/prod.yaml': PROD,
      },
    },
  ]);
}, 120_000);

afterAll(async () => {
  await repo?.stop();
  await git?.stop();
  for (const d of [dir, work]) if (d) rmSync(d, { recursive: true, force: true });
});

describe('valuesFiles whose merge leaves values.yaml as it is', () => {
  it('the fixture values.yaml is what sigs.k8s.io/yaml writes for its values (helm says so)', () => {
    expect(helmEncoded(canonicalDir)).toBe(CANONICAL);
  });

  it('listing only the chart’s own values.yaml reports no merged files', async () => {
    const fetched = await build('1.0.0', ['values.yaml']);
    expect(fetched.valuesFiles).toBeUndefined();
    expect(readyMessage(['values.yaml'], fetched)).toBe("packaged 'demo' chart with version '1.0.0+1'");
    expect(helmChartReadyStatus(helmChart(['values.yaml']), fetched).observedValuesFiles).toBeUndefined();
    expect(await packagedValues(fetched)).toBe(CANONICAL);
  });

  it('another file holding the same values reports no merged files either', async () => {
    const fetched = await build('1.0.0', ['values-same.yaml']);
    expect(fetched.valuesFiles).toBeUndefined();
    expect(readyMessage(['values-same.yaml'], fetched)).toBe("packaged 'demo' chart with version '1.0.0+1'");
  });
});

describe('valuesFiles whose merge changes values.yaml', () => {
  it('an override lists every file that took part, and the chart carries helm’s encoding of the merge', async () => {
    const files = ['values.yaml', 'values-prod.yaml', 'missing.yaml'];
    const fetched = await fetchFromHttpRepository({ subject: 'HelmRepository flux-system/demo' }, { url: repo.url }, 'demo', '1.0.0', { valuesFiles: files, ignoreMissingValuesFiles: true, generation: 1 });
    expect(fetched.valuesFiles).toEqual(['values.yaml', 'values-prod.yaml']);
    expect(readyMessage(files, fetched)).toBe("packaged 'demo' chart with version '1.0.0+1' and merged values files [values.yaml values-prod.yaml]");
    expect(await packagedValues(fetched)).toBe(helmEncoded(canonicalDir, ['values-prod.yaml']));
  });

  it('the same values written differently still count as a change (bytes are compared, not values)', async () => {
    const fetched = await build('2.0.0', ['values.yaml']);
    expect(fetched.valuesFiles).toEqual(['values.yaml']);
    expect(readyMessage(['values.yaml'], fetched)).toBe("packaged 'demo' chart with version '2.0.0+1' and merged values files [values.yaml]");
    expect(await packagedValues(fetched)).toBe(helmEncoded(handWrittenDir));
  });
});

describe('a GitRepository chart (the local builder applies the same rule)', () => {
  const fromGit = (valuesFiles: string[]) => fetchFromGitRepository({ subject: 'GitRepository flux-system/apps' }, { url: `${git.url}/apps.git` }, 'charts/demo', 'ChartVersion', { valuesFiles, generation: 1 });

  it('files repeating the chart’s values are not reported', async () => {
    const fetched = await fromGit(['charts/demo/values.yaml', 'envs/same.yaml']);
    expect(fetched.valuesFiles).toBeUndefined();
  });

  it('an override is reported with the files that took part', async () => {
    const fetched = await fromGit(['charts/demo/values.yaml', 'envs/prod.yaml']);
    expect(fetched.valuesFiles).toEqual(['charts/demo/values.yaml', 'envs/prod.yaml']);
    expect(await packagedValues(fetched)).toBe(helmEncoded(canonicalDir, ['values-prod.yaml']));
  });
});
