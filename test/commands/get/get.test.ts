// `flux-ts get` against the API test server: tables for every kind and flag (goldens), JSON and
// YAML lists, errors, retries, older API versions, and --watch.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseObjects, startApiServer, type TestApiServer } from '../../support/apiserver/index.js';
import { GOLDEN_CASES, GOLDEN_VARS } from './cases.js';
import { FLUX_CRDS, fixture, fluxTs, loadYaml, render, startFluxServer } from './harness.js';

describe('flux-ts get (tables)', () => {
  let server: TestApiServer;
  beforeAll(async () => {
    server = await startFluxServer(render(fixture('helmreleases.yaml'), GOLDEN_VARS));
  });
  afterAll(async () => {
    await server.close();
  });

  for (const c of GOLDEN_CASES) {
    it(`${c.args.join(' ')} → ${c.golden}`, async () => {
      const out = await fluxTs(server, c.args);
      expect(out).toEqual({ code: 0, stdout: fixture(c.golden), stderr: c.stderr ?? '' });
    });
  }

  it('prints only the header when the status selector filters every row out', async () => {
    const out = await fluxTs(server, ['get', 'sources', 'helm', '-n', 'apps', '--status-selector', 'Ready=Unknown']);
    expect(out).toEqual({ code: 0, stdout: 'NAME\tREVISION\tSUSPENDED\tREADY\tMESSAGE \n', stderr: '' });
  });

  it('filters OCI HelmRepositories on their real conditions, not the forced Ready', async () => {
    const out = await fluxTs(server, ['get', 'sources', 'helm', '-n', 'apps', '--status-selector', 'ready=false', '--no-header']);
    expect(out.stdout).toBe('ghcr\t\tFalse\tTrue\tHelm repository is Ready\t\n');
  });

  it('accepts timeouts longer than a Node timer can hold', async () => {
    expect(await fluxTs(server, ['get', 'hr', '-n', 'apps', '--timeout', '1000h'])).toEqual({ code: 0, stdout: fixture('hr.golden'), stderr: '' });
  });

  it('words a malformed label selector as flux does', async () => {
    const out = await fluxTs(server, ['get', 'hr', '-A', '-l', 'team in w']);
    // The detail is the API server's (apimachinery's parser); flux-ts adds flux's prefix.
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^✗ unable to parse label selector: unable to parse requirement: found 'w',? expected: '\('\n$/);
  });

  it('-o json prints a List of the objects', async () => {
    const out = await fluxTs(server, ['get', 'hr', '-A', '-o', 'json']);
    expect(out.code).toBe(0);
    const doc = JSON.parse(out.stdout) as { apiVersion: string; kind: string; items: { kind: string; metadata: { namespace: string; name: string } }[] };
    expect(doc.apiVersion).toBe('v1');
    expect(doc.kind).toBe('List');
    expect(doc.items.map((i) => `${i.kind} ${i.metadata.namespace}/${i.metadata.name}`)).toEqual(['HelmRelease apps/podinfo', 'HelmRelease apps/redis', 'HelmRelease infra/fresh']);
  });

  it('-o yaml prints the same List, status included', async () => {
    const out = await fluxTs(server, ['get', 'all', '-n', 'apps', '-o', 'yaml', '--status-selector', 'Ready=True']);
    expect(out.code).toBe(0);
    const doc = parseYaml(out.stdout) as { kind: string; items: { kind: string; metadata: { name: string }; status: unknown }[] };
    expect(doc.kind).toBe('List');
    expect(doc.items.map((i) => `${i.kind}/${i.metadata.name}`)).toEqual(['HelmRepository/podinfo', 'HelmChart/apps-podinfo', 'HelmRelease/podinfo']);
    expect(doc.items[0]?.status).toBeDefined();
  });

  it('reports a forbidden list with the verb and the resource', async () => {
    server.faults.forbid({ verb: 'list', resource: 'helmreleases', group: 'helm.toolkit.fluxcd.io' });
    const out = await fluxTs(server, ['get', 'hr', '-n', 'apps']);
    server.faults.clear();
    expect(out.code).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(/^✗ helmreleases\.helm\.toolkit\.fluxcd\.io is forbidden: User "[^"]+" cannot list resource "helmreleases" in API group "helm\.toolkit\.fluxcd\.io" in the namespace "apps"\n$/);
  });

  it('retries through throttling and server errors', async () => {
    server.faults.failNext({ status: 429, retryAfter: 1, path: /helmreleases/ });
    server.faults.failNext({ status: 503, path: /helmreleases/ });
    server.faults.failNext({ status: 'reset', path: /helmreleases/ });
    const out = await fluxTs(server, ['get', 'hr', '-n', 'apps']);
    expect(out).toEqual({ code: 0, stdout: fixture('hr.golden'), stderr: '' });
  });

  it('uses the kubeconfig context namespace with --ns-follows-kube-context or its env var', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flux-ts-ns-'));
    const kubeconfig = server.writeKubeconfig(join(dir, 'config'), { namespace: 'apps' });
    const env = { KUBECONFIG: kubeconfig };
    expect(await fluxTs(server, ['get', 'hr', '--ns-follows-kube-context'], env)).toEqual({ code: 0, stdout: fixture('hr.golden'), stderr: '' });
    expect(await fluxTs(server, ['get', 'hr'], { ...env, FLUX_NS_FOLLOWS_KUBE_CONTEXT: 'true' })).toEqual({ code: 0, stdout: fixture('hr.golden'), stderr: '' });
    // An explicit -n wins; without the flag the default flux-system applies.
    expect((await fluxTs(server, ['get', 'hr', '--ns-follows-kube-context', '-n', 'infra'], env)).stdout).toMatch(/^NAME \tREVISION\tSUSPENDED\tREADY\tMESSAGE/);
    expect(await fluxTs(server, ['get', 'hr'], env)).toEqual({ code: 1, stdout: '', stderr: '✗ no HelmRelease objects found in "flux-system" namespace\n' });
  });

  it('uses FLUX_SYSTEM_NAMESPACE as the default namespace', async () => {
    expect(await fluxTs(server, ['get', 'hr'], { FLUX_SYSTEM_NAMESPACE: 'apps' })).toEqual({ code: 0, stdout: fixture('hr.golden'), stderr: '' });
  });

  it('follows continue tokens across pages', async () => {
    const many = Array.from({ length: 1203 }, (_, i) => ({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: `repo-${String(i).padStart(4, '0')}`, namespace: 'paged' },
      spec: { url: 'https://example.com/x', interval: '1m' },
    }));
    server.store.load(many);
    server.clearRequests();
    const out = await fluxTs(server, ['get', 'sources', 'git', '-n', 'paged', '--no-header']);
    expect(out.code).toBe(0);
    expect(out.stdout.trimEnd().split('\n')).toHaveLength(1203);
    const lists = server.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/gitrepositories'));
    expect(lists.map((r) => r.query.limit)).toEqual(['500', '500', '500']);
  });
});

describe('flux-ts get (cluster problems)', () => {
  it('says when the CRD is not installed', async () => {
    const server = await startApiServer();
    try {
      const out = await fluxTs(server, ['get', 'hr']);
      expect(out).toEqual({ code: 1, stdout: '', stderr: '✗ HelmRelease API not found: is Flux installed?\n' });
      const all = await fluxTs(server, ['get', 'all', '-A']);
      expect(all).toEqual({ code: 0, stdout: '', stderr: '' });
    } finally {
      await server.close();
    }
  });

  it('reads HelmReleases from a cluster that serves only an older version', async () => {
    const crds = parseObjects(FLUX_CRDS).map((crd) => {
      if (crd.metadata.name !== 'helmreleases.helm.toolkit.fluxcd.io') return crd;
      const spec = crd.spec as { versions: { name: string; served: boolean; storage: boolean }[] };
      const v2 = spec.versions.find((v) => v.name === 'v2');
      return { ...crd, spec: { ...spec, versions: [{ ...v2, name: 'v2beta2', served: true, storage: true }] } };
    });
    const server = await startApiServer({ objects: crds });
    try {
      loadYaml(server, render(fixture('helmreleases.yaml'), GOLDEN_VARS).replaceAll('helm.toolkit.fluxcd.io/v2\n', 'helm.toolkit.fluxcd.io/v2beta2\n'));
      const out = await fluxTs(server, ['get', 'hr', '-n', 'apps']);
      expect(out).toEqual({ code: 0, stdout: fixture('hr.golden'), stderr: '' });
    } finally {
      await server.close();
    }
  });

  it('gives up at --timeout when the server does not answer', async () => {
    const server = await startFluxServer();
    try {
      server.faults.delay({ ms: 5000, path: /helmreleases/ });
      const out = await fluxTs(server, ['get', 'hr', '--timeout', '500ms']);
      expect(out).toEqual({ code: 1, stdout: '', stderr: '✗ context deadline exceeded\n' });
    } finally {
      await server.close();
    }
  });

  it('authenticates with the kubeconfig token and explains a rejected one without printing it', async () => {
    const server = await startFluxServer(render(fixture('helmreleases.yaml'), GOLDEN_VARS), { token: 'good-token' });
    try {
      expect(await fluxTs(server, ['get', 'hr', '-n', 'apps'])).toMatchObject({ code: 0, stdout: fixture('hr.golden') });
      const out = await fluxTs(server, ['get', 'hr', '-n', 'apps', '--token', 'wrong-token']);
      expect(out.code).toBe(1);
      expect(out.stderr).toMatch(/^✗ You must be logged in to the server \(.*\)\n$/);
      expect(out.stderr).not.toContain('wrong-token');
    } finally {
      await server.close();
    }
  });

  it('names the server it cannot reach', async () => {
    const out = await fluxTs(undefined, ['get', 'hr', '--server', 'http://127.0.0.1:1', '--token', 'do-not-print']);
    expect(out).toEqual({ code: 1, stdout: '', stderr: '✗ unable to connect to the cluster at http://127.0.0.1:1: connection refused\n' });
  });

  it('reports an unknown context', async () => {
    const server = await startFluxServer();
    try {
      const out = await fluxTs(server, ['get', 'hr', '--context', 'staging']);
      expect(out).toEqual({ code: 1, stdout: '', stderr: '✗ context "staging" does not exist\n' });
    } finally {
      await server.close();
    }
  });
});

describe('flux-ts get --watch', () => {
  it('prints each event as its own table, survives a dropped watch, and times out as flux does', async () => {
    const server = await startFluxServer(render(fixture('helmreleases.yaml'), GOLDEN_VARS));
    try {
      let stage = 0;
      const redis = () => server.store.get('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'redis', 'apps');
      const done = fluxTs(server, ['get', 'hr', '-n', 'apps', '-w', '--timeout', '6s'], {}, (stdout) => {
        const lines = stdout.split('\n').length - 1;
        if (stage === 0 && lines >= 4) {
          stage = 1;
          // A dropped connection: the CLI must resume from its last resourceVersion.
          server.faults.closeWatches();
          setTimeout(() => {
            const obj = redis();
            if (!obj) return;
            server.store.put({ ...obj, spec: { ...(obj.spec as object), suspend: false }, status: { conditions: [{ type: 'Ready', status: 'True', reason: 'UpgradeSucceeded', message: 'ok' }] } });
          }, 300);
        }
      });
      const out = await done;
      expect(out.code).toBe(1);
      expect(out.stderr).toBe('✗ timed out waiting for the condition\n');
      const lines = out.stdout.split('\n');
      expect(lines[0]).toMatch(/^NAME\s*\tREVISION/);
      // Each event is its own table: the first padded to the header, later ones to themselves.
      expect(lines[1]).toBe('podinfo\t6.3.5   \tFalse    \tTrue \tHelm upgrade succeeded for release apps/podinfo.v2 with chart podinfo@6.3.5\t');
      expect(lines[2]).toBe('redis\t18.1.0+6c959c51ccbb\tTrue\tFalse\tHelm upgrade failed for release apps/redis with chart redis@18.1.0+6c959c51ccbb: timed out\t');
      expect(lines[3]).toMatch(/^     \t {19}\t    \t     \twaiting for 6c959c51/);
      // After the reconnect only the change arrives, as a header-less one-row table.
      expect(lines.slice(4)).toEqual(['redis\t\tFalse\tTrue\tok\t', '']);
    } finally {
      await server.close();
    }
  });
});
