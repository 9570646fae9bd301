// HTTPS_PROXY / HTTP_PROXY / NO_PROXY, read as kubectl (Go) reads them.
import { createServer, type Server } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/cluster/connect.js';
import { bypassesProxy, CgiProxyError, proxyFromEnvironment } from '../../src/cluster/proxy-env.js';
import { startScriptedServer, type ScriptedServer } from './scripted-server.js';

describe('proxy environment', () => {
  it('uses HTTPS_PROXY for https and HTTP_PROXY for http servers (upper case first)', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128', https_proxy: 'http://lower:1', HTTP_PROXY: 'plain:8080' };
    expect(proxyFromEnvironment('https://kube.example.com', env)).toBe('http://proxy:3128');
    expect(proxyFromEnvironment('http://kube.example.com', env)).toBe('http://plain:8080');
    expect(proxyFromEnvironment('https://kube.example.com', {})).toBeUndefined();
  });

  it('never proxies loopback servers', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128', HTTP_PROXY: 'http://proxy:3128' };
    for (const s of ['https://127.0.0.1:6443', 'http://localhost:8080', 'https://[::1]:6443']) expect(proxyFromEnvironment(s, env)).toBeUndefined();
  });

  it('honours NO_PROXY names, suffixes, IPs, CIDRs, ports and *', () => {
    expect(bypassesProxy('kube.example.com', '443', 'example.com')).toBe(true);
    expect(bypassesProxy('example.com', '443', 'example.com')).toBe(true);
    expect(bypassesProxy('example.com', '443', '.example.com')).toBe(false);
    expect(bypassesProxy('a.example.com', '443', '.example.com')).toBe(true);
    expect(bypassesProxy('notexample.com', '443', 'example.com')).toBe(false);
    expect(bypassesProxy('10.1.2.3', '443', '10.0.0.0/8')).toBe(true);
    expect(bypassesProxy('192.168.1.1', '443', '10.0.0.0/8,192.168.1.1')).toBe(true);
    expect(bypassesProxy('kube.example.com', '6443', 'kube.example.com:443')).toBe(false);
    expect(bypassesProxy('kube.example.com', '443', 'kube.example.com:443')).toBe(true);
    expect(bypassesProxy('anything', '1', '*')).toBe(true);
  });
});

describe("Go's ProxyFromEnvironment, case by case (test/fixtures/proxy, made with Go's net/http)", () => {
  const cases = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/proxy/expected.json'), 'utf8')) as Array<{ env: Record<string, string>; proxies: Record<string, string> }>;
  const ours = (url: string, env: Record<string, string>): string => {
    try {
      const proxy = proxyFromEnvironment(url, env);
      return proxy === undefined ? 'DIRECT' : new URL(proxy).href;
    } catch (err) {
      if (err instanceof CgiProxyError) return `ERROR ${err.message}`;
      throw err;
    }
  };
  const goWay = (answer: string): string => (answer === 'DIRECT' || answer.startsWith('ERROR ') ? answer : new URL(answer).href);
  it.each(cases.map((c) => [JSON.stringify(c.env), c] as const))('env %s', (_name, c) => {
    const got = Object.fromEntries(Object.keys(c.proxies).map((url) => [url, ours(url, c.env)]));
    const want = Object.fromEntries(Object.entries(c.proxies).map(([url, p]) => [url, goWay(p)]));
    expect(got).toEqual(want);
  });
});

describe('connecting through a proxy', () => {
  let api: ScriptedServer | undefined;
  let proxy: Server | undefined;
  const tunnels: string[] = [];
  afterEach(async () => {
    await api?.close();
    proxy?.closeAllConnections();
    await new Promise<void>((resolve) => (proxy ? proxy.close(() => resolve()) : resolve()));
  });

  /** A CONNECT proxy that sends every tunnel to the scripted API server on loopback. */
  async function startProxy(targetPort: number): Promise<number> {
    proxy = createServer();
    proxy.on('connect', (req, client, head) => {
      tunnels.push(req.url ?? '');
      const upstream = netConnect(targetPort, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy?.listen(0, '127.0.0.1', resolve));
    return (proxy.address() as AddressInfo).port;
  }

  it('tunnels to a cluster behind HTTP_PROXY and connects directly when NO_PROXY says so', async () => {
    api = await startScriptedServer([], { status: 200, body: { apiVersion: 'v1', kind: 'ConfigMapList', metadata: {}, items: [] } });
    const apiPort = new URL(api.url).port;
    const proxyPort = await startProxy(Number(apiPort));
    const dir = mkdtempSync(join(tmpdir(), 'flux-ts-proxy-'));
    const file = join(dir, 'config');
    // An unresolvable name: only the proxy can reach it.
    writeFileSync(file, `clusters: [{name: c, cluster: {server: "http://kube.flux-ts.invalid:${apiPort}"}}]\ncontexts: [{name: c, context: {cluster: c}}]\ncurrent-context: c\n`);
    const cm = { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true };

    const viaProxy = await connect({ flags: { kubeconfig: file }, env: { HTTP_PROXY: `http://127.0.0.1:${proxyPort}` } });
    await expect(viaProxy.cluster.list(cm)).resolves.toMatchObject({ items: [] });
    expect(tunnels).toEqual([`kube.flux-ts.invalid:${apiPort}`]);
    viaProxy.cluster.close();

    const direct = await connect({ flags: { kubeconfig: file }, env: { HTTP_PROXY: `http://127.0.0.1:${proxyPort}`, NO_PROXY: '.invalid' } });
    await expect(direct.cluster.list(cm)).rejects.toThrow(`unable to connect to the cluster at http://kube.flux-ts.invalid:${apiPort}`);
    expect(tunnels).toHaveLength(1);
    direct.cluster.close();
  });
});
