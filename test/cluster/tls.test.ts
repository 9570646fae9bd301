// TLS as kubectl does it: the cluster CA from the kubeconfig, --insecure-skip-tls-verify, and
// the in-cluster service account (token + CA mounted in the pod).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/cluster/connect.js';
import { startScriptedServer, type ScriptedServer } from './scripted-server.js';

const tlsDir = new URL('./fixtures/tls/', import.meta.url).pathname;
const tls = { key: readFileSync(join(tlsDir, 'server.key'), 'utf8'), cert: readFileSync(join(tlsDir, 'server.crt'), 'utf8') };
const caData = readFileSync(join(tlsDir, 'ca.crt')).toString('base64');
const list = { apiVersion: 'v1', kind: 'ConfigMapList', metadata: {}, items: [] };
const configmaps = { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true };

function kubeconfig(server: string, cluster: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'flux-ts-tls-'));
  const file = join(dir, 'config');
  writeFileSync(file, `clusters: [{name: c, cluster: {server: "${server}"${cluster}}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\nusers: [{name: u, user: {token: tls-token}}]\n`);
  return file;
}

describe('TLS', () => {
  let server: ScriptedServer;
  beforeEach(async () => {
    server = await startScriptedServer([], { status: 200, body: list }, tls);
  });
  afterEach(async () => {
    await server.close();
  });

  it('verifies the server against certificate-authority-data', async () => {
    const { cluster } = await connect({ flags: { kubeconfig: kubeconfig(server.url, `, certificate-authority-data: ${caData}`) }, env: {} });
    await expect(cluster.list(configmaps, { namespace: 'default' })).resolves.toMatchObject({ items: [] });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer tls-token');
    cluster.close();
  });

  it('refuses an unknown CA, naming the server', async () => {
    const { cluster } = await connect({ flags: { kubeconfig: kubeconfig(server.url, '') }, env: {} });
    await expect(cluster.list(configmaps)).rejects.toThrow(`unable to connect to the cluster at ${server.url}: x509: certificate signed by unknown authority`);
    cluster.close();
  });

  it('skips verification with --insecure-skip-tls-verify', async () => {
    const { cluster } = await connect({ flags: { kubeconfig: kubeconfig(server.url, ''), insecureSkipTlsVerify: true }, env: {} });
    await expect(cluster.list(configmaps)).resolves.toMatchObject({ items: [] });
    cluster.close();
  });

  it('connects in-cluster with the mounted service account', async () => {
    const sa = mkdtempSync(join(tmpdir(), 'flux-ts-sa-'));
    writeFileSync(join(sa, 'token'), 'pod-token');
    writeFileSync(join(sa, 'namespace'), 'flux-system');
    writeFileSync(join(sa, 'ca.crt'), readFileSync(join(tlsDir, 'ca.crt')));
    const port = new URL(server.url).port;
    const { cluster, config } = await connect({
      flags: {},
      env: { HOME: '/nonexistent-home', KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: port },
      serviceAccountDir: sa,
    });
    expect(config.inCluster).toBe(true);
    expect(cluster.contextNamespace).toBe('flux-system');
    await cluster.list(configmaps);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer pod-token');
    cluster.close();
  });
});
