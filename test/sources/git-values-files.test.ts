// valuesFiles of a chart fetched from a GitRepository (the cluster and `reconcile --local` paths):
// read from the artifact root as source-controller's local builder does, not from the chart
// directory, against a real `git http-backend`.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readArchive } from '../../src/sources/chart-archive.js';
import { SourceError } from '../../src/sources/errors.js';
import { fetchFromGitRepository, type FetchContext } from '../../src/sources/fetchers.js';
import { makeRepo, startGitServer, type GitServer } from '../support/servers/git-server.js';

const REPO = fileURLToPath(new URL('./helmchart-values/repo/', import.meta.url));

/** Every file of the fixture checkout (charts/demo, envs/prod.yaml, ...), by repository path. */
function repoFiles(dir: string, out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) repoFiles(path, out);
    else out[relative(REPO, path)] = readFileSync(path, 'utf8');
  }
  return out;
}

let server: GitServer;
const ctx: FetchContext = { subject: 'GitRepository flux-system/platform' };
const url = (): string => `${server.url}/platform.git`;

async function packagedValues(archive: Buffer): Promise<unknown> {
  const file = (await readArchive(archive)).find((f) => f.path === 'demo/values.yaml');
  return parse(file!.data.toString()) ?? {};
}

beforeAll(async () => {
  server = await startGitServer();
  makeRepo(server.root, 'platform', [{ files: repoFiles(REPO) }]);
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('valuesFiles of a chart fetched from a GitRepository', () => {
  it('reads a file at the repository root outside the chart directory, merged over the listed chart values', async () => {
    const got = await fetchFromGitRepository(ctx, { url: url() }, 'charts/demo', 'ChartVersion', {
      valuesFiles: ['charts/demo/values.yaml', 'envs/prod.yaml'],
    });
    expect(await packagedValues(got.archive)).toEqual({ replicas: 3, env: 'prod', tier: { name: 'web', size: 'large' } });
    expect(got.valuesFiles).toEqual(['charts/demo/values.yaml', 'envs/prod.yaml']);
  });

  it('a path relative to the chart directory is not found at the root, and the error names it', async () => {
    const err = await fetchFromGitRepository(ctx, { url: url() }, 'charts/demo', 'ChartVersion', { valuesFiles: ['values-prod.yaml'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as Error).message).toBe(
      "GitRepository flux-system/platform: values files merge error: no values file found at path '/values-prod.yaml' (reference 'values-prod.yaml')",
    );
  });

  it('with ignoreMissingValuesFiles, only the files found are reported, and none found empties the defaults', async () => {
    const some = await fetchFromGitRepository(ctx, { url: url() }, 'charts/demo', 'ChartVersion', {
      valuesFiles: ['envs/prod.yaml', 'envs/gone.yaml'],
      ignoreMissingValuesFiles: true,
    });
    expect(await packagedValues(some.archive)).toEqual({ replicas: 3, env: 'prod', tier: { size: 'large' } });
    expect(some.valuesFiles).toEqual(['envs/prod.yaml']);
    const none = await fetchFromGitRepository(ctx, { url: url() }, 'charts/demo', 'ChartVersion', { valuesFiles: ['envs/gone.yaml'], ignoreMissingValuesFiles: true });
    expect(await packagedValues(none.archive)).toEqual({});
    expect(none.valuesFiles).toBeUndefined();
  });

  it('without valuesFiles the chart keeps its own values.yaml', async () => {
    const got = await fetchFromGitRepository(ctx, { url: url() }, 'charts/demo');
    expect(await packagedValues(got.archive)).toEqual({ replicas: 1, env: 'dev', tier: { name: 'web', size: 'small' } });
    expect(got.valuesFiles).toBeUndefined();
  });
});
