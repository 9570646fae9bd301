// A reverse proxy on 127.0.0.1 that can damage responses on their way back (to prove clients
// verify digests): `tamper(path)` returns true for paths whose body gets its last byte flipped.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TamperProxy {
  host: string;
  stop(): Promise<void>;
}

export async function startTamperProxy(upstream: string, tamper: (path: string) => boolean): Promise<TamperProxy> {
  const target = new URL(upstream);
  const server = http.createServer((req, res) => {
    const headers = { ...req.headers, host: target.host };
    const up = http.request({ hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers }, (ur) => {
      const chunks: Buffer[] = [];
      ur.on('data', (c: Buffer) => chunks.push(c));
      ur.on('end', () => {
        let body = Buffer.concat(chunks);
        if (tamper(req.url ?? '') && body.length > 0 && req.method === 'GET') {
          body = Buffer.from(body);
          body[body.length - 1] ^= 0xff;
        }
        const out = { ...ur.headers };
        if (out['content-length'] !== undefined) out['content-length'] = String(body.length);
        res.writeHead(ur.statusCode ?? 502, out);
        res.end(body);
      });
    });
    up.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
