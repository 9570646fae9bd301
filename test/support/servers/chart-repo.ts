// A plain HTTP(S) Helm chart repository on 127.0.0.1: serves files from memory (index.yaml and
// archives), optional Basic auth, optional TLS with the fixture CA (and client-certificate
// checking). Records requests so tests can tell what was fetched and with which credentials.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fixturesDir } from './ports.js';

export interface ChartRepoServer {
  url: string;
  files: Map<string, Buffer>;
  requests: { path: string; authorization?: string; clientCert: boolean }[];
  stop(): Promise<void>;
}

export interface ChartRepoOptions {
  basicAuth?: { username: string; password: string };
  tls?: boolean;
  requireClientCert?: boolean;
}

export function tlsFixture(name: 'ca.crt' | 'server.crt' | 'server.key' | 'client.crt' | 'client.key'): string {
  return readFileSync(join(fixturesDir, 'tls', name), 'utf8');
}

export async function startChartRepo(opts: ChartRepoOptions = {}): Promise<ChartRepoServer> {
  const files = new Map<string, Buffer>();
  const requests: ChartRepoServer['requests'] = [];
  const handler: http.RequestListener = (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const socket = req.socket as import('node:tls').TLSSocket;
    const clientCert = typeof socket.getPeerCertificate === 'function' && Object.keys(socket.getPeerCertificate() ?? {}).length > 0;
    requests.push({ path, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}), clientCert });
    if (opts.basicAuth) {
      const want = `Basic ${Buffer.from(`${opts.basicAuth.username}:${opts.basicAuth.password}`).toString('base64')}`;
      if (req.headers.authorization !== want) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="charts"' });
        res.end('unauthorized\n');
        return;
      }
    }
    const body = files.get(path);
    if (body === undefined) {
      res.writeHead(404);
      res.end('not found\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': path.endsWith('.yaml') ? 'text/yaml' : 'application/octet-stream', 'Content-Length': body.length });
    res.end(body);
  };
  const server = opts.tls
    ? https.createServer(
        {
          cert: tlsFixture('server.crt'),
          key: tlsFixture('server.key'),
          ca: tlsFixture('ca.crt'),
          requestCert: opts.requireClientCert ?? false,
          rejectUnauthorized: opts.requireClientCert ?? false,
        },
        handler,
      )
    : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    files,
    requests,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
