// The resource words `trace` accepts: the built-in table agrees with what kubectl reads from
// discovery (names, short names, group/version, scope), CRDs come from the cluster, and kubectl's
// `word.group` / `word.version.group` forms and version priority hold.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../src/cluster/connect.js';
import type { Cluster } from '../../../src/cluster/types.js';
import { builtinEntries, compareKubeVersions, ResourceCatalogue } from '../../../src/commands/trace-resources.js';
import { loadFluxCrds } from '../../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../../support/apiserver/index.js';
import { kubectlBin } from '../../support/tools.js';

describe('the resource catalogue', () => {
  let server: TestApiServer;
  let cluster: Cluster;
  const dir = mkdtempSync(join(tmpdir(), 'trace-resources-'));
  beforeAll(async () => {
    server = await startApiServer({ objects: loadFluxCrds() });
    cluster = (await connect({ flags: { kubeconfig: server.kubeconfigPath }, env: {} })).cluster;
  });
  afterAll(async () => {
    await server.close();
  });

  function kubectl(...args: string[]): Promise<string> {
    return new Promise((resolve, reject) =>
      execFile(kubectlBin, ['--kubeconfig', server.kubeconfigPath, ...args], { env: { ...process.env, HOME: dir, KUBECACHEDIR: join(dir, 'cache') }, timeout: 20_000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
      ),
    );
  }

  it('lists the built-in resources as kubectl api-resources sees them', async () => {
    // NAME SHORTNAMES APIVERSION NAMESPACED KIND, columns separated by runs of spaces.
    const rows = (await kubectl('api-resources', '--no-headers'))
      .trim()
      .split('\n')
      .map((line) => line.trim().split(/\s+/));
    const byKey = new Map(rows.map((r) => [`${r[r.length - 3]}/${r[r.length - 1]}`, r]));
    const served = builtinEntries().filter((e) => byKey.has(`${e.group ? `${e.group}/${e.versions[0]}` : e.versions[0]}/${e.kind}`));
    // The test server serves most of them (not LimitRange, PodTemplate and a few more).
    expect(served.length).toBeGreaterThan(builtinEntries().length * 0.6);
    for (const e of served) {
      const apiVersion = e.group ? `${e.group}/${e.versions[0]}` : e.versions[0]!;
      const row = byKey.get(`${apiVersion}/${e.kind}`);
      expect(row![0]).toBe(e.plural);
      expect(row!.length === 5 ? row![1]!.split(',') : []).toEqual(e.shortNames);
      expect(row![row!.length - 2]).toBe(String(e.namespaced));
    }
  });

  it('resolves plural, singular, short names and the .group / .version.group forms', async () => {
    const catalogue = new ResourceCatalogue(cluster);
    expect(await catalogue.resolveWord('deploy')).toEqual({ group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true });
    expect(await catalogue.resolveWord('Pod')).toMatchObject({ group: '', version: 'v1', plural: 'pods' });
    expect(await catalogue.resolveWord('ns')).toMatchObject({ plural: 'namespaces', namespaced: false });
    expect(await catalogue.resolveWord('hr')).toMatchObject({ group: 'helm.toolkit.fluxcd.io', version: 'v2', kind: 'HelmRelease' });
    expect(await catalogue.resolveWord('helmreleases.helm.toolkit.fluxcd.io')).toMatchObject({ version: 'v2' });
    expect(await catalogue.resolveWord('helmrelease.v2beta2.helm.toolkit.fluxcd.io')).toMatchObject({ version: 'v2beta2' });
    expect(await catalogue.resolveWord('deployments.apps')).toMatchObject({ kind: 'Deployment' });
    expect(await catalogue.resolveWord('deployments.extensions')).toBeUndefined();
    expect(await catalogue.resolveWord('widgets')).toBeUndefined();
  });

  it('maps --kind exactly or in lower case only', async () => {
    const catalogue = new ResourceCatalogue(cluster);
    expect(await catalogue.resolveKind('apps', 'v1', 'Deployment')).toMatchObject({ plural: 'deployments' });
    expect(await catalogue.resolveKind('apps', 'v1', 'deployment')).toMatchObject({ plural: 'deployments', kind: 'Deployment' });
    expect(await catalogue.resolveKind('source.toolkit.fluxcd.io', 'v1', 'ocirepository')).toMatchObject({ plural: 'ocirepositories' });
    expect(await catalogue.resolveKind('apps', 'v1', 'DEPLOYMENT')).toBeUndefined();
    expect(await catalogue.resolveKind('apps', 'v2', 'Deployment')).toBeUndefined();
  });

  it('orders versions as discovery prefers them: GA, beta, alpha, higher first', () => {
    expect(['v1alpha1', 'v1beta1', 'v2beta2', 'v1', 'v2', 'v11alpha2', 'foo'].sort(compareKubeVersions)).toEqual(['v2', 'v1', 'v2beta2', 'v1beta1', 'v11alpha2', 'v1alpha1', 'foo']);
  });
});
