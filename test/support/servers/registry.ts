// Debian's docker-registry (distribution v2.8) on 127.0.0.1, in three flavours: anonymous,
// htpasswd (Basic auth) and token auth (Bearer challenge, our token server). Storage and
// config live in a temp dir removed on stop.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturesDir, freePort, waitFor } from './ports.js';
import { startTokenServer, type TokenServer } from './token-server.js';

export const REGISTRY_BIN = '/usr/bin/docker-registry';
/** The htpasswd fixture's user (bcrypt hash committed in fixtures/sources/registry/htpasswd). */
export const REGISTRY_USER = { username: 'flux', password: 's3cr3t-pass' };

export interface Registry {
  /** host:port */
  host: string;
  url: string;
  auth: 'none' | 'htpasswd' | 'token';
  token?: TokenServer;
  stop(): Promise<void>;
}

export async function startRegistry(opts: { auth?: 'none' | 'htpasswd' | 'token'; anonymousPull?: boolean; tls?: boolean } = {}): Promise<Registry> {
  const auth = opts.auth ?? 'none';
  const dir = mkdtempSync(join(tmpdir(), 'flux-ts-registry-'));
  const port = await freePort();
  let token: TokenServer | undefined;
  let authBlock = '';
  if (auth === 'htpasswd') {
    authBlock = `auth:\n  htpasswd:\n    realm: flux-ts-test\n    path: ${join(fixturesDir, 'registry', 'htpasswd')}\n`;
  } else if (auth === 'token') {
    token = await startTokenServer({ users: { [REGISTRY_USER.username]: REGISTRY_USER.password }, anonymousPull: opts.anonymousPull ?? false });
    authBlock =
      `auth:\n  token:\n    realm: ${token.realm}\n    service: ${token.service}\n    issuer: ${token.issuer}\n` +
      `    rootcertbundle: ${token.certPath}\n`;
  }
  const config =
    `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n` +
    `  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n  secret: flux-ts-test-secret\n` +
    (opts.tls ? `  tls:\n    certificate: ${join(fixturesDir, 'tls', 'server.crt')}\n    key: ${join(fixturesDir, 'tls', 'server.key')}\n` : '') +
    authBlock;
  writeFileSync(join(dir, 'config.yml'), config);
  const child: ChildProcess = spawn(REGISTRY_BIN, ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const host = `127.0.0.1:${port}`;
  try {
    await waitFor(
      () =>
        new Promise<boolean>((resolve) => {
          const get = opts.tls ? https.get : http.get;
          const req = get(`${opts.tls ? 'https' : 'http'}://${host}/v2/`, { rejectUnauthorized: false }, (res) => {
            res.resume();
            resolve(res.statusCode === 200 || res.statusCode === 401);
          });
          req.on('error', () => resolve(false));
        }),
      `docker-registry (${stderr})`,
    );
  } catch (err) {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
    await token?.stop();
    throw err;
  }
  return {
    host,
    url: `${opts.tls ? 'https' : 'http'}://${host}`,
    auth,
    ...(token ? { token } : {}),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await token?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
