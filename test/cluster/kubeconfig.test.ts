import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KubeconfigError } from '../../src/cluster/errors.js';
import { contextNamespace, loadKubeconfig } from '../../src/cluster/kubeconfig.js';

const dir = new URL('./fixtures/kubeconfig/', import.meta.url).pathname;
const A = join(dir, 'a.yaml');
const B = join(dir, 'b.yaml');
const env = (KUBECONFIG?: string): NodeJS.ProcessEnv => (KUBECONFIG === undefined ? { HOME: '/nonexistent-home' } : { KUBECONFIG, HOME: '/nonexistent-home' });

describe('kubeconfig loading (kubectl rules)', () => {
  it('reads the current context of --kubeconfig, resolving relative paths against the file', () => {
    const cfg = loadKubeconfig({ kubeconfig: A }, { env: env() });
    expect(cfg.contextName).toBe('dev');
    expect(cfg.namespace).toBe('apps');
    expect(cfg.cluster.server).toBe('https://dev.example.com:6443');
    expect(cfg.cluster.caFile).toBe(join(dir, 'certs/ca.crt'));
    expect(cfg.user.token).toBe('alice-secret-token');
    expect(cfg.user.certFile).toBe(join(dir, 'certs/alice.crt'));
  });

  it('merges KUBECONFIG files: the first file wins for current-context and for each name', () => {
    const cfg = loadKubeconfig({}, { env: env(`${A}:${B}`) });
    expect(cfg.contextName).toBe('dev');
    const shared = loadKubeconfig({ context: 'shared' }, { env: env(`${B}:${A}`) });
    expect(shared.cluster.server).toBe('https://shared-from-b.example.com');
    expect(shared.user.token).toBe('alice-from-b-must-lose'); // B listed first here
    const fromA = loadKubeconfig({ context: 'shared' }, { env: env(`${A}:${B}`) });
    expect(fromA.cluster.server).toBe('https://shared-from-a.example.com');
    expect(fromA.user.token).toBe('alice-secret-token');
  });

  it('uses contexts defined only in a later file, with exec auth resolved against that file', () => {
    const cfg = loadKubeconfig({ context: 'prod' }, { env: env(`${A}:${B}`) });
    expect(cfg.cluster.skipTLSVerify).toBe(true);
    expect(cfg.user.exec).toEqual({
      apiVersion: 'client.authentication.k8s.io/v1',
      command: join(dir, 'bin/get-token'),
      args: ['--cluster', 'prod'],
      env: [{ name: 'MODE', value: 'ci' }],
    });
  });

  it('skips KUBECONFIG entries that do not exist', () => {
    expect(loadKubeconfig({}, { env: env(`/nope/missing.yaml:${A}`) }).contextName).toBe('dev');
  });

  it('applies --server, --token, --user, --cluster and --insecure-skip-tls-verify overrides', () => {
    const cfg = loadKubeconfig({ kubeconfig: A, server: 'http://127.0.0.1:8080', token: 'override', insecureSkipTlsVerify: true }, { env: env() });
    expect(cfg.cluster.server).toBe('http://127.0.0.1:8080');
    expect(cfg.cluster.skipTLSVerify).toBe(true);
    expect(cfg.cluster.caFile).toBeUndefined();
    expect(cfg.user.token).toBe('override');
    const other = loadKubeconfig({ context: 'dev', cluster: 'prod', user: 'bob' }, { env: env(`${A}:${B}`) });
    expect(other.cluster.server).toBe('https://prod.example.com');
    expect(other.user.exec?.command).toBe(join(dir, 'bin/get-token'));
  });

  it('reports an unknown context', () => {
    expect(() => loadKubeconfig({ kubeconfig: A, context: 'staging' }, { env: env() })).toThrow(new KubeconfigError('context "staging" does not exist'));
  });

  it('reports a malformed file by name without quoting its content', () => {
    const file = join(dir, 'malformed.yaml');
    let message = '';
    try {
      loadKubeconfig({ kubeconfig: file }, { env: env() });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(new RegExp(`^error loading config file "${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}": invalid YAML: `));
    expect(message).not.toContain('do-not-print-me');
    expect(message.split('\n')).toHaveLength(1);
  });

  it('reports a wrongly shaped file and a missing explicit file', () => {
    expect(() => loadKubeconfig({ kubeconfig: join(dir, 'wrong-shape.yaml') }, { env: env() })).toThrow(/wrong-shape.yaml": clusters must be a list$/);
    expect(() => loadKubeconfig({ kubeconfig: '/nope/config' }, { env: env() })).toThrow('error loading config file "/nope/config": no such file or directory');
  });

  it('reports a cluster without a server', () => {
    expect(() => loadKubeconfig({ kubeconfig: join(dir, 'no-server.yaml') }, { env: env() })).toThrow('cluster "empty" has no server defined');
  });

  it('falls back to ~/.kube/config', () => {
    const home = mkdtempSync(join(tmpdir(), 'flux-ts-home-'));
    expect(() => loadKubeconfig({}, { env: { HOME: home } })).toThrow('no configuration has been provided');
    const kube = join(home, '.kube');
    mkdirSync(kube);
    writeFileSync(join(kube, 'config'), 'clusters: [{name: c, cluster: {server: "https://home"}}]\ncontexts: [{name: c, context: {cluster: c}}]\ncurrent-context: c\n');
    expect(loadKubeconfig({}, { env: { HOME: home } }).cluster.server).toBe('https://home');
  });

  it('uses the in-cluster service account when nothing is configured', () => {
    const sa = mkdtempSync(join(tmpdir(), 'flux-ts-sa-'));
    writeFileSync(join(sa, 'token'), 'sa-token');
    writeFileSync(join(sa, 'namespace'), 'flux-system\n');
    writeFileSync(join(sa, 'ca.crt'), 'CA');
    const cfg = loadKubeconfig({}, { env: { HOME: '/nonexistent-home', KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' }, serviceAccountDir: sa });
    expect(cfg.inCluster).toBe(true);
    expect(cfg.cluster.server).toBe('https://10.0.0.1:443');
    expect(cfg.cluster.caFile).toBe(join(sa, 'ca.crt'));
    expect(cfg.user.tokenFile).toBe(join(sa, 'token'));
    expect(cfg.namespace).toBe('flux-system');
  });

  it('gives the context namespace for --ns-follows-kube-context', () => {
    expect(contextNamespace({ kubeconfig: A }, { env: env() })).toBe('apps');
    expect(contextNamespace({ kubeconfig: B }, { env: env() })).toBeUndefined();
  });
});
