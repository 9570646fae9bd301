// Free TCP ports on 127.0.0.1 for servers that cannot listen on port 0 themselves.
import net from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls until `probe` resolves true (server up), or throws after `timeoutMs`. */
export async function waitFor(probe: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not start within ${timeoutMs}ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const fixturesDir = new URL('../../fixtures/sources/', import.meta.url).pathname;
