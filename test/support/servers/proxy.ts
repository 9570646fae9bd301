// A forward HTTP proxy on 127.0.0.1 (absolute-URL requests and CONNECT tunnels) that sends
// every hostname to 127.0.0.1, so tests can reach local servers under a non-loopback name
// (loopback targets bypass proxies, as in Go). Optional Basic proxy auth; records requests.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ProxyServer {
  url: string;
  requests: { method: string; target: string; auth?: string }[];
  stop(): Promise<void>;
}

export async function startProxy(opts: { auth?: { username: string; password: string } } = {}): Promise<ProxyServer> {
  const requests: ProxyServer['requests'] = [];
  const want = opts.auth ? `Basic ${Buffer.from(`${opts.auth.username}:${opts.auth.password}`).toString('base64')}` : undefined;
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const auth = req.headers['proxy-authorization'];
    requests.push({ method: req.method ?? '', target: req.url ?? '', ...(auth ? { auth } : {}) });
    if (want !== undefined && auth !== want) {
      res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="proxy"' });
      res.end();
      return;
    }
    const u = new URL(req.url ?? '');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const up = http.request({ host: '127.0.0.1', port: Number(u.port || 80), path: `${u.pathname}${u.search}`, method: req.method, headers }, (ur) => {
      res.writeHead(ur.statusCode ?? 502, ur.headers);
      ur.pipe(res);
    });
    up.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const auth = req.headers['proxy-authorization'];
    requests.push({ method: 'CONNECT', target: req.url ?? '', ...(auth ? { auth } : {}) });
    if (want !== undefined && auth !== want) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    const port = Number((req.url ?? '').split(':').pop());
    const upstream = net.connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [upstream, client]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => s.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    stop: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
