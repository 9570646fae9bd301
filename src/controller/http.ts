// The controller's probe and metrics endpoints: /healthz (the process is alive), /readyz (the
// watches are synced), /metrics (Prometheus text). One server per address; the same port may
// serve both when --metrics-addr equals --health-addr.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Endpoints {
  healthy(): boolean;
  ready(): boolean;
  metrics(): string;
}

/** `:8080`, `127.0.0.1:0`, `0` → host and port (Go's net.Listen forms). */
export function parseAddr(addr: string): { host: string | undefined; port: number } {
  const i = addr.lastIndexOf(':');
  const host = i > 0 ? addr.slice(0, i).replace(/^\[|\]$/g, '') : undefined;
  const port = Number(i >= 0 ? addr.slice(i + 1) : addr);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid listen address "${addr}": port must be 0-65535`);
  return { host, port };
}

export interface Listening {
  server: Server;
  port: number;
}

export async function serve(addr: string, routes: Partial<Record<'/healthz' | '/readyz' | '/metrics', () => { status: number; body: string; type?: string }>>): Promise<Listening> {
  const { host, port } = parseAddr(addr);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as keyof typeof routes;
    const route = req.method === 'GET' || req.method === 'HEAD' ? routes[path] : undefined;
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
      return;
    }
    const { status, body, type } = route();
    res.writeHead(status, { 'content-type': type ?? 'text/plain; charset=utf-8' }).end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}

export function probeRoutes(e: Endpoints) {
  return {
    '/healthz': () => (e.healthy() ? { status: 200, body: 'ok' } : { status: 500, body: 'not healthy' }),
    '/readyz': () => (e.ready() ? { status: 200, body: 'ok' } : { status: 500, body: 'not ready' }),
  };
}

export function metricsRoutes(e: Endpoints) {
  return { '/metrics': () => ({ status: 200, body: e.metrics(), type: 'text/plain; version=0.0.4; charset=utf-8' }) };
}
