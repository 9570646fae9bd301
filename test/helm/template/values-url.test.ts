// `-f URL` and `--set-file key=URL`: values files fetched over HTTP as helm's getter fetches
// them (redirects followed, non-200 answers and dial failures with helm's texts). Each case
// runs the real helm against the same local server; its output is the expected one.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fixturesDir, freePort } from '../../support/servers/ports.js';
import { startRegistry } from '../../support/servers/registry.js';
import { helmBin } from '../../support/tools.js';
import { readFileSync } from 'node:fs';
import { comparable, fluxTemplate, helmEnv, helmTemplate } from './helm-live.js';

const dir = join(import.meta.dirname, '../../fixtures/template-values-url');
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/remote.yaml') res.writeHead(200, { 'content-type': 'text/yaml' }).end(readFileSync(join(dir, 'remote.yaml')));
    else if (req.url === '/moved') res.writeHead(302, { location: '/remote.yaml' }).end();
    else if (req.url === '/teapot') res.writeHead(418, 'Short And Stout').end('no');
    else if (req.url === '/broken.yaml') res.writeHead(200).end('a: [1\n');
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function same(args: string[]): Promise<void> {
  const [helm, ours] = await Promise.all([helmTemplate(args, dir), fluxTemplate(args, dir)]);
  expect(comparable(ours)).toEqual(comparable(helm));
}

describe('values files by URL', () => {
  it('merges a remote values file with local ones, in order', () => same(['rel', 'chart', '-f', `${base}/remote.yaml`, '-f', 'local.yaml']));
  it('follows redirects', () => same(['rel', 'chart', '-f', `${base}/moved`]));
  it('reads --set-file from a URL', () => same(['rel', 'chart', '--set-file', `fromurl=${base}/remote.yaml`]));
  it('reports a 404 with the status line', () => same(['rel', 'chart', '-f', `${base}/missing.yaml`]));
  it('reports the server\'s own reason phrase', () => same(['rel', 'chart', '-f', `${base}/teapot`]));
  it('reports a 404 behind --set-file', () => same(['rel', 'chart', '--set-file', `x=${base}/missing.yaml`]));
  it('reports YAML errors of a remote file under its URL', () => same(['rel', 'chart', '-f', `${base}/broken.yaml`]));
  it('reports a refused connection as Go does', async () => same(['rel', 'chart', '-f', `http://127.0.0.1:${await freePort()}/v.yaml`]));
  it('reaches any port, as Go does (fetch would refuse some)', () => same(['rel', 'chart', '-f', 'http://127.0.0.1:1/v.yaml']));
  it('refuses a path Go cannot parse as a URL', () => same(['rel', 'chart', '-f', 'values%zz.yaml']));
  it('reads a local path with an unknown scheme as a file', () => same(['rel', 'chart', '-f', 'ftp://nowhere/v.yaml']));
});

describe('values files from OCI registries (-f oci://...)', () => {
  // helm 4.1.4's OCI getter pulls a chart (its getter ignores --plain-http, so only a TLS
  // registry answers) and then parses the chart archive as YAML: it never yields values. flux-ts
  // refuses such files up front with a clear error instead.
  it('helm fails on them too; flux-ts refuses them', async () => {
    const registry = await startRegistry({ tls: true });
    try {
      const sslEnv = { SSL_CERT_FILE: join(fixturesDir, 'tls', 'ca.crt') };
      const archive = join(dir, '..', 'charts', 'archives', 'grade-api-1.0.0.tgz');
      const pushed = await runHelm(['push', archive, `oci://${registry.host}/charts`], helmEnv(sslEnv));
      expect(pushed.status).toBe(0);
      const ref = `oci://${registry.host}/charts/grade-api:1.0.0`;
      const helm = await helmTemplate(['rel', 'chart', '-f', ref], dir, helmEnv(sslEnv));
      expect(helm.status).toBe(1);
      expect(helm.stderr).toBe(`Error: failed to parse ${ref}: cannot unmarshal yaml document: error converting YAML to JSON: yaml: control characters are not allowed\n`);
      const ours = await fluxTemplate(['rel', 'chart', '-f', ref], dir);
      expect(ours).toEqual({ stdout: '', stderr: `Error: ${ref}: values files from OCI registries are not supported by flux-ts\n`, status: 1 });
    } finally {
      await registry.stop();
    }
  });
});

function runHelm(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(helmBin, args, { env });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ status: code ?? -1, stderr }));
  });
}
