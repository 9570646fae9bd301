// spec.chart.spec.valuesFiles of a chart from a GitRepository: source-controller's local builder
// reads them from the artifact root (the checkout), not from the chart directory; the merged
// result replaces the chart's values.yaml; a path out of the artifact is refused naming it.
import { cpSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildFromDir } from '../../src/reconcile/local/build.js';
import { packageChartDir, readArchive } from '../../src/sources/chart-archive.js';
import { mergeFileValues, valuesFileIn, withChartValues } from '../../src/sources/helmchart.js';

const FIXTURE = fileURLToPath(new URL('./helmchart-values/', import.meta.url));
const REPO = join(FIXTURE, 'repo');
const MANIFESTS = join(REPO, 'clusters/prod');

const build = (name: string, sourceDir?: string) => buildFromDir({ name, namespace: 'flux-system', path: MANIFESTS, ...(sourceDir ? { sourceDir } : {}) });
const configMapData = (manifest: string) => (parse(manifest) as { data: Record<string, string> }).data;

describe('valuesFiles of a chart built from a GitRepository', () => {
  it('are read from the artifact root and merged in order, replacing the chart defaults', async () => {
    for (const built of [await build('demo'), await build('demo', REPO)]) {
      expect(configMapData(built.rendered.manifests[0]!.content)).toEqual({ replicas: '3', env: 'prod', tier: 'web/large' });
      expect(built.chart.values).toEqual({ replicas: 3, env: 'prod', tier: { name: 'web', size: 'large' } });
    }
  });

  it('a path relative to the chart is not found at the root, and the error names it', async () => {
    await expect(build('chart-relative')).rejects.toThrow(
      "HelmRelease flux-system/chart-relative: GitRepository flux-system/platform: values files merge error: no values file found at path '/values-prod.yaml' (reference 'values-prod.yaml')",
    );
  });

  it('a path that climbs out of the artifact is refused, naming the reference', async () => {
    await expect(build('escape')).rejects.toThrow("HelmRelease flux-system/escape: GitRepository flux-system/platform: values files merge error: values file 'envs/../../outside.yaml' is outside the source artifact");
  });

  it('with ignoreMissingValuesFiles and no file found, the chart defaults are emptied as Flux does', async () => {
    const built = await build('missing-ignored');
    expect(built.chart.values).toEqual({});
    expect(configMapData(built.rendered.manifests[0]!.content)).toEqual({ replicas: 'unset', env: 'unset', tier: '<nil>/<nil>' });
  });
});

describe('mergeFileValues', () => {
  it('deep-merges maps, replaces lists and scalars, and reports the files that took part', async () => {
    // Read as sigs.k8s.io/yaml reads them (YAML 1.1 through JSON): the key `y` is the boolean true.
    const root = mkdtempSync(join(tmpdir(), 'flux-ts-values-'));
    writeFileSync(join(root, 'a.yaml'), 'list: [1, 2]\nmap:\n  x: 1\n  y: 2\n');
    writeFileSync(join(root, 'b.yaml'), 'list: [3]\nmap:\n  y: 20\n');
    writeFileSync(join(root, 'empty.yaml'), '');
    expect(await mergeFileValues(root, ['a.yaml', '/b.yaml', 'gone.yaml', './empty.yaml'], true)).toEqual({
      values: { list: [3], map: { x: 1, true: 20 } },
      used: ['a.yaml', '/b.yaml', './empty.yaml'],
    });
    await expect(mergeFileValues(root, ['gone.yaml'], false)).rejects.toThrow("values files merge error: no values file found at path '/gone.yaml' (reference 'gone.yaml')");
    writeFileSync(join(root, 'list.yaml'), '- 1\n');
    await expect(mergeFileValues(root, ['list.yaml'], false)).rejects.toThrow("values files merge error: unmarshaling values from 'list.yaml' failed");
  });

  it('refuses a directory, and a symlink that leads out of the artifact', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flux-ts-values-'));
    cpSync(REPO, root, { recursive: true });
    await expect(mergeFileValues(root, ['envs'], false)).rejects.toThrow("no values file found at path '/envs' (reference 'envs')");
    symlinkSync(join(FIXTURE, 'outside.yaml'), join(root, 'envs/linked.yaml'));
    await expect(mergeFileValues(root, ['envs/linked.yaml'], false)).rejects.toThrow("values file 'envs/linked.yaml' is outside the source artifact");
    // A symlink inside the artifact is fine.
    symlinkSync(join(root, 'envs/prod.yaml'), join(root, 'envs/alias.yaml'));
    expect((await mergeFileValues(root, ['envs/alias.yaml'], false)).values).toMatchObject({ env: 'prod' });
  });

  it('joins lexically inside the root and refuses what climbs above it', () => {
    expect(valuesFileIn('/src', 'envs/../charts/x.yaml')).toBe('/src/charts/x.yaml');
    expect(valuesFileIn('/src', '/envs//prod.yaml')).toBe('/src/envs/prod.yaml');
    expect(() => valuesFileIn('/src', '../x.yaml')).toThrow("values file '../x.yaml' is outside the source artifact");
  });

  it('replaces the packaged values.yaml with the merge, keys sorted', async () => {
    const { archive } = await packageChartDir(join(REPO, 'charts/demo'));
    const out = await withChartValues(archive, { zeta: 1, alpha: { b: 2, a: 1 } });
    const values = (await readArchive(out)).find((f) => f.path === 'demo/values.yaml')!;
    expect(values.data.toString()).toBe('alpha:\n  a: 1\n  b: 2\nzeta: 1\n');
    expect((await readArchive(out)).map((f) => f.path).sort()).toEqual((await readArchive(archive)).map((f) => f.path).sort());
  });
});
