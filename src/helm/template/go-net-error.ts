// Go's net/http client error texts (`Get "<url>": dial tcp 127.0.0.1:8080: connect: connection
// refused`) for failures seen through node: helm prints them verbatim, so flux-ts does too.
import { readFileSync } from 'node:fs';

/** The first nameserver of /etc/resolv.conf, as Go's resolver names it in lookup errors. */
function nameserver(): string {
  try {
    const m = /^\s*nameserver\s+(\S+)/m.exec(readFileSync('/etc/resolv.conf', 'utf8'));
    if (m) return m[1]!.includes(':') ? `[${m[1]}]:53` : `${m[1]}:53`;
  } catch {
    // no resolver configuration: Go falls back to the loopback resolver
  }
  return '127.0.0.1:53';
}

function codeOf(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur !== null && typeof cur === 'object' && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** host:port as Go's dialer prints it (localhost resolves to 127.0.0.1 first). */
function dialAddress(url: URL): string {
  let host = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname;
  const port = url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
  if (host.startsWith('[')) host = host.slice(1, -1);
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

const TLS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'tls: failed to verify certificate: x509: certificate signed by unknown authority',
  SELF_SIGNED_CERT_IN_CHAIN: 'tls: failed to verify certificate: x509: certificate signed by unknown authority',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'tls: failed to verify certificate: x509: certificate signed by unknown authority',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'tls: failed to verify certificate: x509: certificate signed by unknown authority',
  CERT_HAS_EXPIRED: 'tls: failed to verify certificate: x509: certificate has expired or is not yet valid',
};

/** TLS alerts the server sent (OpenSSL's ERR_SSL_<version>_ALERT_<name>), as crypto/tls words them. */
const TLS_ALERTS: Record<string, string> = {
  CERTIFICATE_REQUIRED: 'certificate required',
  BAD_CERTIFICATE: 'bad certificate',
  UNKNOWN_CA: 'unknown certificate authority',
  CERTIFICATE_UNKNOWN: 'certificate unknown',
  HANDSHAKE_FAILURE: 'handshake failure',
  PROTOCOL_VERSION: 'protocol version not supported',
  ACCESS_DENIED: 'access denied',
};

function tlsAlert(code: string): string | undefined {
  const m = /^ERR_SSL_(?:TLSV13|TLSV1|SSLV3)_ALERT_([A-Z_]+)$/.exec(code);
  const text = m ? TLS_ALERTS[m[1]!] : undefined;
  return text !== undefined ? `remote error: tls: ${text}` : undefined;
}

/** The transport-level part of Go's error for a failed request to `url` (after `Get "<url>": `). */
export function goDialError(url: string, e: unknown): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return e instanceof Error ? e.message : String(e);
  }
  const code = codeOf(e);
  const addr = dialAddress(u);
  switch (code) {
    case 'ECONNREFUSED':
      return `dial tcp ${addr}: connect: connection refused`;
    case 'EHOSTUNREACH':
      return `dial tcp ${addr}: connect: no route to host`;
    case 'ENETUNREACH':
      return `dial tcp ${addr}: connect: network is unreachable`;
    case 'ECONNRESET':
      return `read tcp ${addr}: read: connection reset by peer`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `dial tcp: lookup ${u.hostname} on ${nameserver()}: no such host`;
    case 'ETIMEDOUT':
      return `dial tcp ${addr}: i/o timeout`;
  }
  if (code !== undefined && TLS[code] !== undefined) return TLS[code]!;
  const alert = code !== undefined ? tlsAlert(code) : undefined;
  if (alert !== undefined) return alert;
  const cause = (e as { cause?: unknown } | null)?.cause;
  const msg = cause instanceof Error ? cause.message : e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0] ?? msg;
}

/** The codes behind src/cluster's one-line network details (networkDetail), for Go's wording. */
const DETAIL_CODES: Record<string, string> = {
  'connection refused': 'ECONNREFUSED',
  'no such host': 'ENOTFOUND',
  'temporary failure in name resolution': 'EAI_AGAIN',
  'i/o timeout': 'ETIMEDOUT',
  'connection reset by peer': 'ECONNRESET',
  'no route to host': 'EHOSTUNREACH',
  'network is unreachable': 'ENETUNREACH',
  'x509: certificate signed by unknown authority (self-signed)': 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'x509: certificate signed by unknown authority': 'SELF_SIGNED_CERT_IN_CHAIN',
  'x509: certificate has expired': 'CERT_HAS_EXPIRED',
};

/** goDialError for a failure the client layer already reduced to its one-line detail. */
export function goDialErrorFromDetail(url: string, detail: string): string {
  const code = DETAIL_CODES[detail];
  return code !== undefined ? goDialError(url, { code }) : detail;
}

/** `Get "<url>": <detail>`, Go's *url.Error text. */
export function goGetError(url: string, e: unknown): string {
  return `Get ${JSON.stringify(url)}: ${goDialError(url, e)}`;
}

/** Node's error messages (as the sources layer keeps them, text only) and the codes behind them. */
const NODE_MESSAGES: [RegExp, string][] = [
  [/^connect ECONNREFUSED /, 'ECONNREFUSED'],
  [/^connect EHOSTUNREACH /, 'EHOSTUNREACH'],
  [/^connect ENETUNREACH /, 'ENETUNREACH'],
  [/^connect ETIMEDOUT /, 'ETIMEDOUT'],
  [/^getaddrinfo ENOTFOUND /, 'ENOTFOUND'],
  [/^getaddrinfo EAI_AGAIN /, 'EAI_AGAIN'],
  [/^unable to verify the first certificate$/, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
  [/^unable to get local issuer certificate$/, 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'],
  [/^self-signed certificate in certificate chain$/, 'SELF_SIGNED_CERT_IN_CHAIN'],
  [/^self-signed certificate$/, 'DEPTH_ZERO_SELF_SIGNED_CERT'],
  [/^certificate has expired$/, 'CERT_HAS_EXPIRED'],
];

/** The error code behind one of node's network error messages (OpenSSL alerts included). */
export function nodeErrorCode(message: string): string | undefined {
  for (const [re, code] of NODE_MESSAGES) if (re.test(message)) return code;
  const alert = /:(tlsv13|tlsv1|sslv3) alert ([a-z ]+):/.exec(message);
  return alert ? `ERR_SSL_${alert[1]!.toUpperCase()}_ALERT_${alert[2]!.toUpperCase().replace(/ /g, '_')}` : undefined;
}
