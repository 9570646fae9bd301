// Credentials and Secret data never reach an error message, a stack (FLUX_TS_DEBUG=1) or a
// retry log: exec plugins that print a bare token, plugins that echo their env, passwords in
// server URLs, malformed kubeconfigs next to a token, servers that echo the request body.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/cluster/connect.js';
import { ClusterUnreachableError, CredentialsError, KubeApiError, KubeconfigError, redactUrl } from '../../src/cluster/errors.js';
import type { KubeObject } from '../../src/cluster/types.js';
import { fluxTs } from '../commands/get/harness.js';
import { kubeconfig } from './kubeconfig-file.js';
import { startScriptedServer, type ScriptedServer } from './scripted-server.js';

const TOKEN = 'sekret-token-4f1c9a7e';
const PASSWORD = 'pa55-w0rd-9b2d';
const hr = { group: 'helm.toolkit.fluxcd.io', version: 'v2', plural: 'helmreleases', kind: 'HelmRelease', namespaced: true };
const secretsRef = { group: '', version: 'v1', plural: 'secrets', kind: 'Secret', namespaced: true };

function plugin(dir: string, name: string, body: string): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

function execUser(command: string, env: Record<string, string> = {}): string {
  const envList = Object.entries(env).map(([name, value]) => `{name: ${name}, value: ${value}}`);
  return `    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ${command}
      interactiveMode: Never
      env: [${envList.join(', ')}]`;
}

/** Message and stack: what the CLI prints, with FLUX_TS_DEBUG=1 included. */
function printed(err: unknown): string {
  return err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err);
}

async function failure(kubeconfigPath: string, retries: string[] = []): Promise<unknown> {
  const { cluster } = await connect({
    flags: { kubeconfig: kubeconfigPath },
    env: {},
    transport: { sleep: async () => {}, onRetry: (r) => retries.push(r.reason), retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1, jitter: 0 } },
  });
  try {
    return await cluster.list(hr, { namespace: 'apps' }).then(
      () => new Error('listed'),
      (e: unknown) => e,
    );
  } finally {
    cluster.close();
  }
}

describe('credentials stay out of errors', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('an exec plugin that prints a bare token (not an ExecCredential): no quote of its output, no retries', async () => {
    server = await startScriptedServer([]);
    const dir = mkdtempSync(join(tmpdir(), 'flux-ts-secret-'));
    const cmd = plugin(dir, 'print-token', `echo ${TOKEN}`);
    const retries: string[] = [];
    const err = await failure(kubeconfig(dir, server.url, execUser(cmd)), retries);
    expect(err).toBeInstanceOf(CredentialsError);
    expect((err as Error).message).toBe(`getting credentials: exec: executable ${cmd} did not print an ExecCredential (its output is not JSON)`);
    expect(printed(err)).not.toContain(TOKEN);
    expect(retries).toEqual([]);
    expect(server.requests).toEqual([]);
  });

  it('an exec plugin that fails and echoes its env: the kubeconfig secret is redacted', async () => {
    server = await startScriptedServer([]);
    const dir = mkdtempSync(join(tmpdir(), 'flux-ts-secret-'));
    const cmd = plugin(dir, 'fail', 'echo "login failed for key $API_KEY" >&2; exit 3');
    const err = await failure(kubeconfig(dir, server.url, execUser(cmd, { API_KEY: TOKEN })));
    expect(err).toBeInstanceOf(CredentialsError);
    expect((err as Error).message).toBe(`getting credentials: exec: executable ${cmd} failed: login failed for key [redacted]`);
    expect(printed(err)).not.toContain(TOKEN);
  });

  it('a missing exec plugin is named, not reported as an unreachable cluster', async () => {
    server = await startScriptedServer([]);
    const dir = mkdtempSync(join(tmpdir(), 'flux-ts-secret-'));
    const err = await failure(kubeconfig(dir, server.url, execUser(join(dir, 'no-such-plugin'))));
    expect((err as Error).message).toBe(`getting credentials: exec: executable ${join(dir, 'no-such-plugin')} not found`);
  });

  it('a password in the server URL is redacted as Go redacts URLs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flux-ts-secret-'));
    const err = await failure(kubeconfig(dir, `http://admin:${PASSWORD}@127.0.0.1:1`, `    token: ${TOKEN}`));
    expect(err).toBeInstanceOf(ClusterUnreachableError);
    expect((err as Error).message).toBe('unable to connect to the cluster at http://admin:xxxxx@127.0.0.1:1: connection refused');
    expect(printed(err)).not.toContain(PASSWORD);
    const { cluster } = await connect({ flags: { kubeconfig: join(dir, 'config') }, env: {} });
    expect(cluster.server).toBe('http://admin:xxxxx@127.0.0.1:1');
  });

  it('redacts only the password of a URL, keeping the rest as written', () => {
    expect(redactUrl(`https://admin:${PASSWORD}@k8s.example.com:6443`)).toBe('https://admin:xxxxx@k8s.example.com:6443');
    expect(redactUrl(`https://admin:${PASSWORD}@k8s.example.com/prefix/`)).toBe('https://admin:xxxxx@k8s.example.com/prefix/');
    expect(redactUrl('https://admin@k8s.example.com')).toBe('https://admin@k8s.example.com');
    expect(redactUrl('https://k8s.example.com:6443')).toBe('https://k8s.example.com:6443');
    expect(redactUrl(`not a url//admin:${PASSWORD}@host`)).toBe('not a url//host');
  });

  it.each([
    ['a tab in the token line', `    token:\t${TOKEN}: [`],
    ['an unclosed flow mapping', `    {token: ${TOKEN}`],
    ['a nested mapping in a compact one', `    token: ${TOKEN}: x: y`],
    ['a duplicate anchor', `    token: &a ${TOKEN}\n    password: &a ${TOKEN}\n    x: *b`],
  ])('a malformed kubeconfig (%s) is reported without its content', async (_, user) => {
    const dir = mkdtempSync(join(tmpdir(), 'flux-ts-secret-'));
    const err = await connect({ flags: { kubeconfig: kubeconfig(dir, 'http://127.0.0.1:1', user) }, env: {} }).then(
      () => new Error('loaded'),
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(KubeconfigError);
    expect(printed(err)).not.toContain(TOKEN);
    expect((err as Error).message).not.toContain('\n');
  });
});

describe('Secret data stays out of errors', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'apps' }, data: { password: Buffer.from(PASSWORD).toString('base64') } };

  it('an error answer that echoes the request body is not quoted', async () => {
    const echo = JSON.stringify(secret);
    server = await startScriptedServer([{ status: 400, body: echo }, { status: 502, body: 'upstream connect error' }]);
    const dir = mkdtempSync(join(tmpdir(), 'flux-ts-secret-'));
    const { cluster } = await connect({ flags: { kubeconfig: kubeconfig(dir, server.url, `    token: ${TOKEN}`) }, env: {}, transport: { sleep: async () => {} } });
    try {
      const err = await cluster.create(secretsRef, secret).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KubeApiError);
      expect((err as Error).message).toBe('the server responded with status 400 (BadRequest)');
      for (const leaked of [PASSWORD, Buffer.from(PASSWORD).toString('base64'), TOKEN]) expect(printed(err)).not.toContain(leaked);
      // A short plain-text answer (a proxy's) is still worth showing.
      const proxied = await cluster.create(secretsRef, secret).catch((e: unknown) => e);
      expect((proxied as Error).message).toBe('the server responded with status 502 (Unknown): upstream connect error');
    } finally {
      cluster.close();
    }
  });
});

describe('flux-ts with FLUX_TS_DEBUG=1 (message and stack)', () => {
  it('prints neither the token a plugin printed nor a URL password', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flux-ts-secret-'));
    const cmd = plugin(dir, 'print-token', `echo ${TOKEN}`);
    const withPlugin = await fluxTs(undefined, ['get', 'hr'], { KUBECONFIG: kubeconfig(dir, `http://admin:${PASSWORD}@127.0.0.1:1`, execUser(cmd)), FLUX_TS_DEBUG: '1' });
    expect(withPlugin.code).toBe(1);
    expect(withPlugin.stderr).toContain(`✗ getting credentials: exec: executable ${cmd} did not print an ExecCredential`);
    expect(withPlugin.stderr).toContain('CredentialsError');
    expect(withPlugin.stderr).not.toContain(TOKEN);

    const withPassword = await fluxTs(undefined, ['get', 'hr', '--timeout', '3s'], { KUBECONFIG: kubeconfig(dir, `http://admin:${PASSWORD}@127.0.0.1:1`, `    token: ${TOKEN}`), FLUX_TS_DEBUG: '1' });
    expect(withPassword.code).toBe(1);
    expect(withPassword.stderr).toContain('http://admin:xxxxx@127.0.0.1:1');
    expect(withPassword.stderr).not.toContain(PASSWORD);
    expect(withPassword.stderr).not.toContain(TOKEN);
  });
});
