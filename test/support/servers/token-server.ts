// A registry token server (the Docker token auth protocol distribution v2.8 speaks): clients
// send Basic credentials to /token?service=&scope=, get a JWT signed RS256 with the fixture
// key; the registry trusts it through the `x5c` header chaining to its rootcertbundle.
import { createSign, randomBytes, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fixturesDir } from './ports.js';

export interface TokenServer {
  url: string;
  realm: string;
  service: string;
  issuer: string;
  certPath: string;
  /** Token requests received (with or without credentials). */
  requests: { scope: string; user?: string }[];
  stop(): Promise<void>;
}

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

export async function startTokenServer(opts: { users: Record<string, string>; anonymousPull?: boolean }): Promise<TokenServer> {
  const keyPem = readFileSync(join(fixturesDir, 'tls', 'token.key'), 'utf8');
  const certPath = join(fixturesDir, 'tls', 'token.crt');
  const certDer = new X509Certificate(readFileSync(certPath)).raw;
  const service = 'flux-ts-test-registry';
  const issuer = 'flux-ts-test-issuer';
  const requests: TokenServer['requests'] = [];

  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const scope = u.searchParams.getAll('scope').join(' ');
    let user: string | undefined;
    const auth = req.headers.authorization;
    if (auth?.startsWith('Basic ')) {
      const [name, ...rest] = Buffer.from(auth.slice(6), 'base64').toString().split(':');
      if (opts.users[name ?? ''] !== rest.join(':')) {
        res.writeHead(401, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'invalid credentials' }] }));
        requests.push({ scope, user: name });
        return;
      }
      user = name;
    }
    requests.push({ scope, user });
    if (user === undefined && !opts.anonymousPull) {
      res.writeHead(401, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
      return;
    }
    // Grant what was asked: everything to users, pull only to anonymous clients.
    const access = scope
      .split(' ')
      .filter((s) => s !== '')
      .map((s) => {
        const [type, ...rest] = s.split(':');
        const actions = (rest.pop() ?? '').split(',');
        return { type, name: rest.join(':'), actions: user === undefined ? actions.filter((a) => a === 'pull') : actions };
      });
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', x5c: [certDer.toString('base64')] };
    const claims = { iss: issuer, sub: user ?? '', aud: service, exp: now + 600, nbf: now - 10, iat: now, jti: randomBytes(8).toString('hex'), access };
    const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const signature = createSign('RSA-SHA256').update(signingInput).sign(keyPem);
    const token = `${signingInput}.${b64url(signature)}`;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ token, access_token: token, expires_in: 600, issued_at: new Date().toISOString() }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    realm: `${url}/token`,
    service,
    issuer,
    certPath,
    requests,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
