// `flux-ts template CHART --repo URL --version V`: the chart comes from an HTTP chart
// repository (served here on 127.0.0.1) and renders exactly as the same archive does locally
// (expected output: helm template of test/fixtures/charts/archives/grade-api-1.0.0.tgz).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTemplateEnv } from '../../../src/helm/template/env.js';
import { parseTemplateArgs } from '../../../src/helm/template/flags.js';
import { runTemplate } from '../../../src/helm/template/run.js';
import { startChartRepo, type ChartRepoServer } from '../../support/servers/chart-repo.js';
import { fixturesDir } from '../../support/servers/ports.js';
import { startProxy } from '../../support/servers/proxy.js';
import { expected, fixtures } from './harness.js';

const archive = readFileSync(join(fixtures, '../charts/archives/grade-api-1.0.0.tgz'));
const index = `apiVersion: v1
entries:
  grade-api:
    - apiVersion: v2
      name: grade-api
      version: 1.0.0
      urls: [charts/grade-api-1.0.0.tgz]
generated: "2024-01-01T00:00:00Z"
`;

let server: Server;
let url = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/index.yaml') res.writeHead(200, { 'content-type': 'text/yaml' }).end(index);
    else if (req.url === '/charts/grade-api-1.0.0.tgz') res.writeHead(200, { 'content-type': 'application/gzip' }).end(archive);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('charts from a repository', () => {
  it('renders a chart resolved with --repo and --version', async () => {
    const r = await runTemplate(parseTemplateArgs(['grade-api', '--repo', url, '--version', '1.0.0']), defaultTemplateEnv(fixtures));
    expect(r.error).toBeUndefined();
    expect(r.stdout).toBe(expected('archive-grade-api').stdout);
  });

  it('takes the latest version when none is given', async () => {
    const r = await runTemplate(parseTemplateArgs(['grade-api', '--repo', url]), defaultTemplateEnv(fixtures));
    expect(r.stdout).toBe(expected('archive-grade-api').stdout);
  });
});

describe('charts from an https repository', () => {
  let tls: ChartRepoServer;
  beforeAll(async () => {
    tls = await startChartRepo({ tls: true });
    tls.files.set('/index.yaml', Buffer.from(index));
    tls.files.set('/charts/grade-api-1.0.0.tgz', archive);
  });
  afterAll(() => tls.stop());
  const render = (...flags: string[]) => runTemplate(parseTemplateArgs(['grade-api', '--repo', tls.url, '--version', '1.0.0', ...flags]), defaultTemplateEnv(fixtures));

  it('refuses a server certificate from an unknown authority', async () => {
    const r = await render();
    expect(r.error).toMatch(/certificate/);
  });

  it('trusts the CA given with --ca-file, or none with --insecure-skip-tls-verify', async () => {
    for (const flags of [['--ca-file', join(fixturesDir, 'tls', 'ca.crt')], ['--insecure-skip-tls-verify']]) {
      const r = await render(...flags);
      expect(r.error, flags.join(' ')).toBeUndefined();
      expect(r.stdout).toBe(expected('archive-grade-api').stdout);
    }
  });
});

describe('charts from a repository behind a proxy', () => {
  it('goes through HTTP_PROXY / HTTPS_PROXY as helm does (charts.test resolves only through the proxy)', async () => {
    const proxy = await startProxy();
    const tls = await startChartRepo({ tls: true });
    tls.files.set('/index.yaml', Buffer.from(index));
    tls.files.set('/charts/grade-api-1.0.0.tgz', archive);
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, HTTPS_PROXY: process.env.HTTPS_PROXY };
    try {
      process.env.HTTP_PROXY = proxy.url;
      process.env.HTTPS_PROXY = proxy.url;
      const plain = await runTemplate(parseTemplateArgs(['grade-api', '--repo', `http://charts.test:${new URL(url).port}`, '--version', '1.0.0']), defaultTemplateEnv(fixtures));
      expect(plain.error).toBeUndefined();
      expect(plain.stdout).toBe(expected('archive-grade-api').stdout);
      const tunnelled = await runTemplate(
        parseTemplateArgs(['grade-api', '--repo', `https://charts.test:${new URL(tls.url).port}`, '--version', '1.0.0', '--ca-file', join(fixturesDir, 'tls', 'ca.crt')]),
        defaultTemplateEnv(fixtures),
      );
      expect(tunnelled.error).toBeUndefined();
      expect(proxy.requests.some((r) => r.method === 'CONNECT' && r.target === `charts.test:${new URL(tls.url).port}`)).toBe(true);
      expect(proxy.requests.some((r) => r.method === 'GET' && r.target.startsWith('http://charts.test:'))).toBe(true);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await proxy.stop();
      await tls.stop();
    }
  });
});
