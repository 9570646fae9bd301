// A loopback HTTP server answering from a script, for transport tests: each request takes the
// next step (status/headers/body, or `drop` to reset the connection).
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

export type Step = { status: number; headers?: Record<string, string>; body?: unknown } | 'drop';

export interface ScriptedServer {
  url: string;
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

export async function startScriptedServer(steps: Step[], fallback: Step = { status: 200, body: {} }, tls?: { key: string; cert: string }): Promise<ScriptedServer> {
  const requests: ScriptedServer['requests'] = [];
  const handler: RequestListener = (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const step = steps.shift() ?? fallback;
      if (step === 'drop') {
        req.socket.destroy();
        return;
      }
      res.writeHead(step.status, { 'Content-Type': 'application/json', ...step.headers });
      const payload = step.body === undefined ? '' : typeof step.body === 'string' ? step.body : JSON.stringify(step.body);
      // Compressed bodies are passed as latin1 strings so they reach the wire byte for byte.
      res.end(step.headers?.['Content-Encoding'] ? Buffer.from(payload, 'latin1') : payload);
    });
  };
  const server: Server = tls ? createTlsServer(tls, handler) : createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const status = (code: number, reason: string, message: string, details?: Record<string, unknown>) => ({
  kind: 'Status',
  apiVersion: 'v1',
  status: 'Failure',
  code,
  reason,
  message,
  ...(details ? { details } : {}),
});
