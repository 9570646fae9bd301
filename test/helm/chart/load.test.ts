// Chart loading against the fixture charts and helm's own verdicts (test/fixtures/charts/generate.mjs).
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChart, loadChartArchiveFile, ChartLoadError, type Chart } from '../../../src/helm/chart/index.js';

const fixtures = 'test/fixtures/charts';
const names = (files: { name: string }[]) => files.map((f) => f.name);
const text = (c: Chart, name: string) => new TextDecoder().decode(c.files.find((f) => f.name === name)!.data);

async function loadError(path: string): Promise<string> {
  try {
    await loadChart(path);
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    return (e as Error).message;
  }
  return 'ok';
}

describe('a chart directory', () => {
  it('reads metadata, values, templates (partials and NOTES kept) and other files, honouring .helmignore', async () => {
    const c = await loadChart(join(fixtures, 'basic'));
    expect(c.metadata).toMatchObject({ apiVersion: 'v2', name: 'basic', version: '0.3.1', appVersion: '2.4', type: 'application', keywords: ['web', 'demo'] });
    expect(c.metadata.maintainers).toEqual([{ name: 'Platform Team', email: 'platform@example.com', url: '' }]);
    expect(c.metadata.annotations).toEqual({ category: 'Demo' });
    expect(names(c.templates)).toEqual(['templates/NOTES.txt', 'templates/_helpers.tpl', 'templates/configmap.yaml', 'templates/deployment.yaml', 'templates/service.yaml']);
    expect(names(c.files)).toEqual(['.helmignore', 'README.md', 'crds/widgets.example.com.yaml', 'files/app.properties', 'files/motd.txt']);
    expect(c.values).toMatchObject({ replicaCount: 1, config: { greeting: 'hello', enabled: true }, podAnnotations: {} });
    expect(c.schema).toBeNull();
    expect(c.crdObjects().map((x) => x.filename)).toEqual(['basic/crds/widgets.example.com.yaml']);
    expect(names(c.raw)).toContain('Chart.yaml');
  });

  it('loads subcharts from directories and archives, recursively, with library charts', async () => {
    const c = await loadChart(join(fixtures, 'parent'));
    expect(c.dependencies().map((d) => d.name())).toEqual(['common', 'sub-a', 'sub-b']);
    const [common, subA, subB] = c.dependencies();
    expect(common!.isLibrary()).toBe(true);
    expect(subA!.dependencies().map((d) => d.chartFullPath())).toEqual(['parent/charts/sub-a/charts/nested']);
    expect(subB!.values).toMatchObject({ exports: { data: { myint: 99 } } });
    expect(subB!.parent()).toBe(c);
    expect(c.metadata.dependencies.map((d) => d && (d.alias || d.name))).toEqual(['sub-a', 'sub-a-copy', 'bee', 'common']);
    expect(c.metadata.dependencies[2]!.importValues).toEqual([{ child: 'exports.data', parent: 'fromBee' }, 'data']);
  });

  it('reads a v1 chart: no apiVersion means v1, dependencies come from requirements.yaml', async () => {
    const c = await loadChart(join(fixtures, 'v1chart'));
    expect(c.metadata.apiVersion).toBe('v1');
    expect(c.metadata.dependencies).toEqual([expect.objectContaining({ name: 'dep', condition: 'dep.enabled', repository: 'file://charts/dep' })]);
    expect(names(c.files)).toContain('requirements.yaml');
  });

  it('keeps values.schema.json', async () => {
    const c = await loadChart(join(fixtures, 'schema'));
    expect(JSON.parse(new TextDecoder().decode(c.schema!))).toMatchObject({ type: 'object' });
  });

  it('fails like helm without Chart.yaml', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nochart-'));
    expect(await loadError(dir)).toBe(`unable to detect chart at ${dir}/Chart.yaml: open ${dir}/Chart.yaml: no such file or directory`);
  });

  it('refuses files over 5 MiB', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'big-'));
    writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: big\nversion: 1.0.0\n');
    writeFileSync(join(dir, 'big.txt'), Buffer.alloc(5 * 1024 * 1024 + 1, 97));
    expect(await loadError(dir)).toBe('chart file "big.txt" is larger than the maximum file size 5242880');
  });

  it('follows symlinks inside the chart (logging as helm does) and refuses those that leave it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'links-'));
    mkdirSync(join(dir, 'templates'));
    mkdirSync(join(dir, 'shared'));
    writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: links\nversion: 1.0.0\n');
    writeFileSync(join(dir, 'shared', 'cm.yaml'), 'kind: ConfigMap\n');
    symlinkSync('../shared/cm.yaml', join(dir, 'templates', 'cm.yaml'));
    const logs: string[] = [];
    const c = await loadChart(dir, { log: (l) => logs.push(l) });
    expect(names(c.templates)).toEqual(['templates/cm.yaml']);
    expect(logs).toEqual([
      `level=INFO msg="found symbolic link in path. Contents of linked file included and used" path=${dir}/templates/cm.yaml resolved=${dir}/shared/cm.yaml`,
    ]);

    const outside = mkdtempSync(join(tmpdir(), 'outside-'));
    writeFileSync(join(outside, 'secret.txt'), 'nope');
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'leak.txt'));
    expect(await loadError(dir)).toBe(`chart illegally contains a symbolic link leaving the chart directory: leak.txt resolves to ${outside}/secret.txt`);
  });

  it('reports a broken symlink as helm does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'broken-'));
    writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: broken\nversion: 1.0.0\n');
    symlinkSync('/nonexistent-flux-ts', join(dir, 'dangling.txt'));
    expect(await loadError(dir)).toBe(`error evaluating symlink ${dir}/dangling.txt: lstat /nonexistent-flux-ts: no such file or directory`);
  });
});

describe('a chart archive', () => {
  it('loads the same chart as its directory', async () => {
    const fromDir = await loadChart(join(fixtures, 'basic'));
    const fromTgz = await loadChart(join(fixtures, 'archives/basic-0.3.1.tgz'));
    expect(fromTgz.metadata).toEqual(fromDir.metadata);
    expect(names(fromTgz.templates)).toEqual(names(fromDir.templates));
    expect(fromTgz.values).toEqual(fromDir.values);
    expect(text(fromTgz, 'files/motd.txt')).toBe('line one\nline two\n');
  });

  it('loads an umbrella archive with nested subchart archives', async () => {
    const c = await loadChart(join(fixtures, 'archives/parent-1.2.0.tgz'));
    expect(c.dependencies().map((d) => d.name())).toEqual(['common', 'sub-a', 'sub-b']);
  });

  it('says what helm says of a file that is not a gzipped archive', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'notgz-'));
    writeFileSync(join(dir, 'values.yaml'), 'a: 1\n');
    writeFileSync(join(dir, 'x.tgz'), 'hi\n');
    await expect(loadChartArchiveFile(join(dir, 'values.yaml'))).rejects.toThrow(`file '${dir}/values.yaml' seems to be a YAML file, but expected a gzipped archive`);
    await expect(loadChartArchiveFile(join(dir, 'x.tgz'))).rejects.toThrow(`file '${dir}/x.tgz' does not appear to be a gzipped archive; got 'application/octet-stream'`);
  });

  const bad = JSON.parse(readFileSync(join(fixtures, 'expected/bad-archives.json'), 'utf8')) as Record<string, { topLevel: string; asSubchart: string }>;
  describe.each(Object.entries(bad))('hostile or broken archive %s', (name, want) => {
    const file = join(fixtures, 'archives/bad', `${name}.tgz`);
    it('at the top level', async () => {
      expect(await loadError(file)).toBe(want.topLevel);
    });
    it('as a subchart', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sub-'));
      mkdirSync(join(dir, 'p', 'charts'), { recursive: true });
      writeFileSync(join(dir, 'p', 'Chart.yaml'), 'apiVersion: v2\nname: p\nversion: 0.1.0\n');
      cpSync(file, join(dir, 'p', 'charts', `${name}.tgz`));
      expect(await loadError(join(dir, 'p'))).toBe(want.asSubchart);
    });
  });
});

describe('Chart.yaml as helm reads and validates it', () => {
  const cases = JSON.parse(readFileSync(join(fixtures, 'expected/chart-yaml.json'), 'utf8')) as Record<
    string,
    { chartYaml: string; error?: string; chart?: Record<string, unknown> }
  >;
  it.each(Object.entries(cases))('%s', async (_name, want) => {
    const dir = mkdtempSync(join(tmpdir(), 'chartyaml-'));
    writeFileSync(join(dir, 'Chart.yaml'), want.chartYaml);
    if (want.error !== undefined) {
      expect(await loadError(dir)).toBe(want.error);
      return;
    }
    const c = await loadChart(dir);
    const m = c.metadata;
    expect({ APIVersion: m.apiVersion, Name: m.name, Version: m.version, AppVersion: m.appVersion, Description: m.description, Keywords: m.keywords, Annotations: m.annotations }).toEqual({
      APIVersion: want.chart!.APIVersion,
      Name: want.chart!.Name,
      Version: want.chart!.Version,
      AppVersion: want.chart!.AppVersion,
      Description: want.chart!.Description,
      Keywords: want.chart!.Keywords,
      Annotations: want.chart!.Annotations,
    });
  });
});

it('ChartLoadError is what loading throws', async () => {
  await expect(loadChart('/nonexistent/flux-ts-chart')).rejects.toBeInstanceOf(ChartLoadError);
});

it('warns as helm does about requirements files in a v2 chart', async () => {
  // helm template prints these two lines for such a chart (requirements.lock sorts first).
  const dir = mkdtempSync(join(tmpdir(), 'req-'));
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: rq\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'requirements.yaml'), 'dependencies: []\n');
  writeFileSync(join(dir, 'requirements.lock'), 'dependencies: []\n');
  const logs: string[] = [];
  await loadChart(dir, { log: (l) => logs.push(l) });
  expect(logs).toEqual([
    'level=INFO msg="Warning: Dependency locking is handled in Chart.lock since apiVersion \\"v2\\". We recommend migrating to Chart.lock."',
    'level=INFO msg="Warning: Dependencies are handled in Chart.yaml since apiVersion \\"v2\\". We recommend migrating dependencies to Chart.yaml."',
  ]);
});
