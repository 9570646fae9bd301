// Chart packaging compared with the real `helm package`, and archive checks.
import { mkdirSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChartArchiveError, packageChartDir, readArchive, readChartMetadata, withChartVersion } from '../../src/sources/chart-archive.js';
import { chartFixture, helmPackage, tempDir } from './helpers.js';

let work: string;
beforeAll(() => {
  work = tempDir();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('packageChartDir', () => {
  it('packs the same files as `helm package`, honouring .helmignore', async () => {
    const src = join(work, 'chart');
    cpSync(chartFixture, src, { recursive: true });
    mkdirSync(join(src, 'notes'));
    writeFileSync(join(src, 'notes', 'todo.md'), 'ignored\n');
    writeFileSync(join(src, 'scratch.tmp'), 'ignored\n');
    const ours = await readArchive((await packageChartDir(src)).archive);
    const out = join(work, 'out');
    mkdirSync(out);
    const { execFileSync } = await import('node:child_process');
    const { helmBin } = await import('../support/tools.js');
    execFileSync(helmBin, ['package', src, '-d', out], { stdio: 'ignore' });
    const theirs = await readArchive(readFileSync(join(out, 'podinfo-lite-6.3.5.tgz')));
    expect(ours.map((f) => f.path).sort()).toEqual(theirs.map((f) => f.path).sort());
    for (const f of theirs) {
      const mine = ours.find((o) => o.path === f.path)!;
      if (f.path.endsWith('Chart.yaml')) expect(parse(mine.data.toString())).toEqual(parse(f.data.toString()));
      else expect(mine.data.toString(), f.path).toBe(f.data.toString());
    }
  });
});

describe('archives', () => {
  it('reads Chart.yaml and rewrites the version', async () => {
    const tgz = readFileSync(helmPackage(work, '1.2.3'));
    expect((await readChartMetadata(tgz)).version).toBe('1.2.3');
    const bumped = await withChartVersion(tgz, '1.2.3+abcdef012345');
    expect((await readChartMetadata(bumped)).version).toBe('1.2.3+abcdef012345');
  });

  it('refuses corrupt archives and archives without Chart.yaml', async () => {
    await expect(readChartMetadata(Buffer.from('nope'))).rejects.toThrowError(ChartArchiveError);
    const { gzipSync } = await import('node:zlib');
    await expect(readChartMetadata(gzipSync(Buffer.alloc(1024)))).rejects.toThrowError('Chart.yaml file is missing');
  });
});
