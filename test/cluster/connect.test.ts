import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/cluster/connect.js';
import { kubeconfig } from './kubeconfig-file.js';
import { startScriptedServer, type ScriptedServer } from './scripted-server.js';

const list = { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmReleaseList', metadata: { resourceVersion: '7' }, items: [] };
const hr = { group: 'helm.toolkit.fluxcd.io', version: 'v2', plural: 'helmreleases', kind: 'HelmRelease', namespaced: true };

describe('connect', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('authenticates with a static token over plain HTTP and reads the context namespace', async () => {
    server = await startScriptedServer([{ status: 200, body: list }]);
    const dir = mkdtempSync(join(tmpdir(), 'flux-ts-connect-'));
    const { cluster, config } = await connect({ flags: { kubeconfig: kubeconfig(dir, server.url, '    token: static-token') }, env: {} });
    expect(config.namespace).toBe('apps');
    expect(cluster.contextNamespace).toBe('apps');
    await cluster.list(hr, { namespace: 'apps' });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer static-token');
    expect(server.requests[0]?.url).toBe('/apis/helm.toolkit.fluxcd.io/v2/namespaces/apps/helmreleases?limit=500');
    cluster.close();
  });

  it('runs an exec credential plugin and sends its token', async () => {
    server = await startScriptedServer([{ status: 200, body: list }]);
    const dir = mkdtempSync(join(tmpdir(), 'flux-ts-exec-'));
    const plugin = join(dir, 'get-token');
    writeFileSync(
      plugin,
      `#!/usr/bin/env node
process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 'exec-' + process.env.TOKEN_SUFFIX } }));
`,
    );
    chmodSync(plugin, 0o755);
    const user = `    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./get-token
      env: [{name: TOKEN_SUFFIX, value: from-plugin}]`;
    const { cluster } = await connect({ flags: { kubeconfig: kubeconfig(dir, server.url, user) }, env: {} });
    await cluster.list(hr, { namespace: 'apps' });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer exec-from-plugin');
    cluster.close();
  });

  it('impersonates with --as, --as-group (repeatable) and --as-uid', async () => {
    server = await startScriptedServer([{ status: 200, body: list }]);
    const dir = mkdtempSync(join(tmpdir(), 'flux-ts-as-'));
    const file = kubeconfig(dir, server.url, '    token: static-token');
    const { cluster } = await connect({ flags: { kubeconfig: file, as: 'jane', asGroups: ['devs', 'ops'], asUid: '42' }, env: {} });
    await cluster.list(hr);
    const headers = server.requests[0]?.headers;
    expect(headers?.['impersonate-user']).toBe('jane');
    expect(headers?.['impersonate-group']).toBe('devs, ops');
    expect(headers?.['impersonate-uid']).toBe('42');
    cluster.close();
  });

  it('lets --server and --token override the kubeconfig', async () => {
    server = await startScriptedServer([{ status: 200, body: list }]);
    const dir = mkdtempSync(join(tmpdir(), 'flux-ts-override-'));
    const file = kubeconfig(dir, 'https://unused.example.com', '    token: file-token');
    const { cluster } = await connect({ flags: { kubeconfig: file, server: server.url, token: 'flag-token' }, env: {} });
    expect(cluster.server).toBe(server.url);
    await cluster.list(hr);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer flag-token');
    expect(server.requests[0]?.url).toBe('/apis/helm.toolkit.fluxcd.io/v2/helmreleases?limit=500');
    cluster.close();
  });
});
