// Benchmark of chart version choice (not a test): a 20,000-entry Helm index over HTTP and
// 5,000 tags in a real docker-registry, then the cached re-resolve, which must send no request.
// Run: npx tsx bench/sources/run.ts
import { readFileSync, rmSync } from 'node:fs';

import { performance } from 'node:perf_hooks';
import { parse as parseYaml } from 'yaml';
import { ArtifactCache } from '../../src/sources/cache.js';
import { fetchFromHttpRepository, fetchFromOciHelmRepository } from '../../src/sources/fetchers.js';
import { httpStats } from '../../src/sources/http.js';
import { parseIndex } from '../../src/sources/helm/repo-index.js';
import { chooseVersion } from '../../src/sources/helm/http-repository.js';
import { helmTagVersions, selectTag } from '../../src/sources/helm/select.js';
import { RegistryClient } from '../../src/sources/oci/client.js';
import { pushChart } from '../../src/sources/oci/helm-chart.js';
import { readChartMetadata } from '../../src/sources/chart-archive.js';
import { startChartRepo } from '../../test/support/servers/chart-repo.js';
import { startRegistry } from '../../test/support/servers/registry.js';
import { helmPackage, tempDir } from '../../test/sources/helpers.js';

const ENTRIES = 20_000;
const TAGS = 5_000;

function ms(t0: number): string {
  return `${(performance.now() - t0).toFixed(1)} ms`;
}

/** An index shaped like `helm repo index` output: 200 charts x 100 versions. */
function bigIndex(archiveName: string, digest: string): string {
  const lines = ['apiVersion: v1', 'entries:'];
  const charts = 200;
  const per = ENTRIES / charts;
  for (let c = 0; c < charts; c++) {
    const name = c === 0 ? 'podinfo-lite' : `chart-${c}`;
    lines.push(`  ${name}:`);
    for (let i = per - 1; i >= 0; i--) {
      const version = `${Math.floor(i / 10)}.${i % 10}.${c % 7}${i % 13 === 0 ? '-rc.1' : ''}`;
      lines.push(
        '  - annotations:',
        '      artifacthub.io/changes: |',
        '        - kind: changed',
        '          description: bump dependencies',
        '      category: Infrastructure',
        '    apiVersion: v2',
        `    appVersion: "${version}"`,
        `    created: "2026-01-${String((i % 28) + 1).padStart(2, '0')}T10:00:00.000000000Z"`,
        '    description: A chart used to benchmark index loading and version selection',
        `    digest: ${c === 0 ? digest : 'a'.repeat(64)}`,
        '    home: https://example.com/charts',
        '    keywords:',
        '    - bench',
        '    - test',
        '    maintainers:',
        '    - email: bench@example.com',
        '      name: bench',
        `    name: ${name}`,
        '    sources:',
        '    - https://example.com/src',
        '    type: application',
        '    urls:',
        `    - ${c === 0 ? archiveName : `${name}-${version}.tgz`}`,
        `    version: ${version}`,
      );
    }
  }
  lines.push('generated: "2026-11-24T00:00:00Z"', '');
  return lines.join('\n');
}

async function benchHttp(): Promise<void> {
  const dir = tempDir();
  const cacheDir = tempDir();
  const repo = await startChartRepo();
  try {
    // One real archive, served for the version the constraint resolves to.
    const tgzPath = helmPackage(dir, '9.9.0');
    const tgz = readFileSync(tgzPath);
    const { createHash } = await import('node:crypto');
    const digest = createHash('sha256').update(tgz).digest('hex');
    const text = bigIndex('podinfo-lite-9.9.0.tgz', digest);
    repo.files.set('/index.yaml', Buffer.from(text));
    repo.files.set('/podinfo-lite-9.9.0.tgz', tgz);
    console.log(`index: ${ENTRIES} entries, ${(text.length / 1024 / 1024).toFixed(1)} MiB`);

    const runs: number[] = [];
    let index = parseIndex(text);
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      index = parseIndex(text);
      runs.push(performance.now() - t);
    }
    runs.sort((a, b) => a - b);
    console.log(`  parse (fast scanner), 5 warm runs: min ${runs[0]!.toFixed(1)} ms, median ${runs[2]!.toFixed(1)} ms`);
    let t0 = performance.now();
    parseYaml(text, { schema: 'failsafe' });
    console.log(`  parse (yaml package, reference): ${ms(t0)}`);
    t0 = performance.now();
    const cv = chooseVersion(index, 'podinfo-lite', '>=9.0.0 <10.0.0');
    console.log(`  choose '>=9.0.0 <10.0.0' among ${index.entries.get('podinfo-lite')!.length}: ${ms(t0)} -> ${cv.version}`);

    const cache = new ArtifactCache({ dir: cacheDir });
    const ctx = { subject: 'HelmRepository bench/big', cache, maxAgeMs: 60_000 };
    t0 = performance.now();
    const first = await fetchFromHttpRepository(ctx, { url: repo.url, maxIndexBytes: 100 * 1024 * 1024 }, 'podinfo-lite', '9.x');
    console.log(`  full resolve over HTTP (download index + archive, verify): ${ms(t0)} -> ${first.version}`);
    const before = httpStats.requests;
    t0 = performance.now();
    const again = await fetchFromHttpRepository(ctx, { url: repo.url }, 'podinfo-lite', '9.x');
    console.log(`  cached re-resolve: ${ms(t0)}, fromCache=${again.fromCache}, requests sent=${httpStats.requests - before}`);
    if (httpStats.requests !== before) throw new Error('cached re-resolve sent requests');
  } finally {
    await repo.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

async function benchOci(): Promise<void> {
  const registry = await startRegistry();
  const dir = tempDir();
  const cacheDir = tempDir();
  try {
    const tgz = readFileSync(helmPackage(dir, '1.0.0'));
    const client = new RegistryClient(registry.host, { plainHttp: true });
    const pushed = await pushChart(client, 'bench', tgz, await readChartMetadata(tgz));
    const manifest = await client.getManifest(pushed.repository, pushed.tag);
    let t0 = performance.now();
    // Tag the same manifest 5,000 times (the registry stores tags as links; content is shared).
    const tags: string[] = [];
    for (let i = 0; i < TAGS; i++) tags.push(`${Math.floor(i / 100)}.${i % 100}.0${i % 17 === 0 ? '-beta.1' : ''}`);
    const queue = [...tags];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let tag = queue.pop(); tag !== undefined; tag = queue.pop()) await client.putManifest(pushed.repository, tag, manifest.body, manifest.mediaType);
      }),
    );
    console.log(`registry: ${TAGS} tags created in ${ms(t0)}`);
    t0 = performance.now();
    const listed = await client.listTags(pushed.repository);
    console.log(`  list tags (pages of 1000): ${ms(t0)} -> ${listed.length} tags`);
    let chosen = '';
    const choose: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      chosen = selectTag(helmTagVersions(listed), '>=10.0.0 <40.0.0');
      choose.push(performance.now() - t);
    }
    choose.sort((a, b) => a - b);
    console.log(`  normalise + choose '>=10.0.0 <40.0.0', 5 runs: min ${choose[0]!.toFixed(1)} ms, median ${choose[2]!.toFixed(1)} ms -> ${chosen}`);

    const cache = new ArtifactCache({ dir: cacheDir });
    const ctx = { subject: 'HelmRepository bench/oci', cache, maxAgeMs: 60_000 };
    t0 = performance.now();
    const first = await fetchFromOciHelmRepository(ctx, { url: `oci://${registry.host}/bench`, plainHttp: true }, 'podinfo-lite', '>=10.0.0 <40.0.0');
    console.log(`  full resolve (tags + manifest + blob, verified): ${ms(t0)} -> ${first.version}`);
    const before = httpStats.requests;
    t0 = performance.now();
    const again = await fetchFromOciHelmRepository(ctx, { url: `oci://${registry.host}/bench`, plainHttp: true }, 'podinfo-lite', '>=10.0.0 <40.0.0');
    console.log(`  cached re-resolve: ${ms(t0)}, fromCache=${again.fromCache}, requests sent=${httpStats.requests - before}`);
    if (httpStats.requests !== before) throw new Error('cached re-resolve sent requests');
  } finally {
    await registry.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

await benchHttp();
await benchOci();
