// A GET as Go's net/http client does it for Helm's HTTP getter: any port (fetch refuses some),
// redirects followed up to 10 times, the status line's own reason phrase, Go's error texts.
import http from 'node:http';
import https from 'node:https';
import type { TlsMaterial } from '../../sources/http.js';
import { goGetError } from './go-net-error.js';
import { trustExtraCaCerts } from '../../cluster/extra-ca-certs.js';

export interface HttpGetResponse {
  status: number;
  /** The reason phrase the server sent (Go's resp.Status is "<code> <reason>"). */
  statusText: string;
  body: Buffer;
}

const MAX_REDIRECTS = 10;

function tlsOptions(tls: TlsMaterial | undefined): https.RequestOptions {
  if (tls === undefined) return {};
  return { ...(tls.ca ? { ca: tls.ca } : {}), ...(tls.cert ? { cert: tls.cert } : {}), ...(tls.key ? { key: tls.key } : {}), ...(tls.insecureSkipVerify ? { rejectUnauthorized: false } : {}) };
}

async function once(url: string, headers: Record<string, string>, tls: TlsMaterial | undefined): Promise<{ res: http.IncomingMessage; body: Buffer }> {
  trustExtraCaCerts();
  const u = new URL(url);
  const options: https.RequestOptions = { headers, ...(u.protocol === 'https:' ? tlsOptions(tls) : {}) };
  // Helm's getter honours HTTP(S)_PROXY and NO_PROXY as Go's transport does. (Loaded on use:
  // the sources' HTTP module holds tls/net state the start-up snapshot must not contain.)
  const { routeThroughProxy } = await import('../../sources/http.js');
  await routeThroughProxy(u, options, tls, 60_000);
  return new Promise((resolve, reject) => {
    const req = (u.protocol === 'https:' ? https : http).get(u, options, onResponse);
    function onResponse(res: http.IncomingMessage): void {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }
    req.on('error', reject);
  });
}

/**
 * A server that refused the client certificate given. Go's client only sends a certificate
 * issued by one of the authorities the server's CertificateRequest names, and otherwise sends
 * none, so the server answers Go with a certificate_required alert where it hangs up on node,
 * which sent the certificate anyway.
 */
function clientCertificateRefused(url: string, e: unknown, tls: TlsMaterial | undefined): boolean {
  return url.startsWith('https:') && tls?.cert !== undefined && (e as { code?: unknown } | null)?.code === 'ECONNRESET';
}

/** GET `url` (https with the given CA, client certificate or no verification); throws Go's `Get "<url>": ...` for transport failures. */
export async function httpGet(url: string, headers: Record<string, string>, tls?: TlsMaterial): Promise<HttpGetResponse> {
  let current = url;
  for (let redirects = 0; ; redirects++) {
    let r;
    try {
      r = await once(current, headers, tls);
    } catch (e) {
      throw new Error(goGetError(current, clientCertificateRefused(current, e, tls) ? { code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' } : e));
    }
    const status = r.res.statusCode ?? 0;
    const location = r.res.headers.location;
    if ([301, 302, 303, 307, 308].includes(status) && location !== undefined) {
      if (redirects + 1 >= MAX_REDIRECTS) throw new Error(`Get ${JSON.stringify(new URL(location, current).toString())}: stopped after ${MAX_REDIRECTS} redirects`);
      current = new URL(location, current).toString();
      continue;
    }
    return { status, statusText: r.res.statusMessage ?? '', body: r.body };
  }
}
