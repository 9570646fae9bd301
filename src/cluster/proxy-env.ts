// HTTPS_PROXY / HTTP_PROXY / NO_PROXY as Go programs read them (net/http.ProxyFromEnvironment,
// i.e. golang.org/x/net/http/httpproxy): kubectl for cluster connections, helm and Flux's
// source-controller for chart and registry downloads. One set of rules for every request
// flux-ts makes; test/fixtures/proxy/expected.json holds Go's own answers.
import { BlockList, isIP } from 'node:net';
import { domainToASCII } from 'node:url';

/** Go's error when HTTP_PROXY is set in a CGI environment (REQUEST_METHOD set), which it refuses. */
export class CgiProxyError extends Error {
  constructor() {
    super('refusing to use HTTP_PROXY value in CGI environment; see golang.org/s/cgihttpproxy');
  }
}

/** The first variable of `names` that is set and not empty (an empty HTTPS_PROXY falls back to https_proxy). */
function env(vars: NodeJS.ProcessEnv, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = vars[n];
    if (v) return v;
  }
  return undefined;
}

function family(ip: string): 'ipv4' | 'ipv6' {
  return isIP(ip) === 4 ? 'ipv4' : 'ipv6';
}

/** Go's net.SplitHostPort for a NO_PROXY entry: undefined when the entry has no port part. */
function splitHostPort(entry: string): { host: string; port: string } | undefined {
  if (entry.startsWith('[')) {
    const m = /^\[([^\]]*)\]:(\d*)$/.exec(entry);
    return m ? { host: m[1]!, port: m[2]! } : undefined;
  }
  const colon = entry.indexOf(':');
  if (colon < 0 || entry.indexOf(':', colon + 1) >= 0) return undefined;
  return { host: entry.slice(0, colon), port: entry.slice(colon + 1) };
}

type Matcher = (host: string, port: string, ip: string | undefined) => boolean;

function portMatches(want: string, port: string): boolean {
  return want === '' || want === port;
}

/** One NO_PROXY entry as httpproxy compiles it: `*`, a CIDR, an IP, or a domain, each with an optional port. */
function compileEntry(raw: string): Matcher | undefined {
  const entry = raw.trim().toLowerCase();
  if (entry === '') return undefined;
  if (entry === '*') return () => true;
  const cidr = /^(.+)\/(\d+)$/.exec(entry);
  if (cidr && isIP(cidr[1]!) !== 0) {
    const list = new BlockList();
    const prefix = Number(cidr[2]);
    if (prefix <= (isIP(cidr[1]!) === 4 ? 32 : 128)) {
      list.addSubnet(cidr[1]!, prefix, family(cidr[1]!));
      return (_host, _port, ip) => ip !== undefined && list.check(ip, family(ip));
    }
  }
  const split = splitHostPort(entry);
  let host = split ? split.host : entry;
  const port = split ? split.port : '';
  if (isIP(host) !== 0) {
    const list = new BlockList();
    list.addAddress(host, family(host));
    return (_h, p, ip) => ip !== undefined && list.check(ip, family(ip)) && portMatches(port, p);
  }
  if (host === '') return undefined;
  // `*.example.com` is `.example.com`: subdomains only; `example.com` also matches itself.
  if (host.startsWith('*.')) host = host.slice(1);
  const matchHost = !host.startsWith('.');
  if (matchHost) host = `.${host}`;
  const ascii = domainToASCII(host.slice(1));
  if (ascii !== '') host = `.${ascii}`;
  return (h, p) => (h.endsWith(host) || (matchHost && h === host.slice(1))) && portMatches(port, p);
}

/** NO_PROXY says to connect to host:port directly (host as in the URL, brackets stripped). */
export function bypassesProxy(host: string, port: string, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const lower = host.trim().toLowerCase();
  const ip = isIP(lower) !== 0 ? lower : undefined;
  return noProxy.split(',').some((entry) => compileEntry(entry)?.(lower, port, ip) ?? false);
}

/** The URL's host as Go keeps it: case preserved for ASCII names, IDNA (punycode) otherwise. */
function goHost(server: string, url: URL): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(server);
  const raw = (m?.[1] ?? url.hostname).replace(/^\[|\]$/g, '');
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(raw) ? raw : url.hostname.replace(/^\[|\]$/g, '');
}

function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 0) return false;
  const list = new BlockList();
  list.addSubnet('127.0.0.0', 8, 'ipv4');
  list.addAddress('::1', 'ipv6');
  return list.check(host, family(host));
}

/**
 * The proxy URL for requests to `server`, or undefined to connect directly. Throws
 * CgiProxyError where Go refuses HTTP_PROXY (a CGI environment).
 */
export function proxyFromEnvironment(server: string, vars: NodeJS.ProcessEnv): string | undefined {
  const url = new URL(server);
  const https = url.protocol === 'https:';
  if (!https && url.protocol !== 'http:') return undefined;
  const proxy = https ? env(vars, 'HTTPS_PROXY', 'https_proxy') : env(vars, 'HTTP_PROXY', 'http_proxy');
  if (!proxy) return undefined;
  if (!https && vars.REQUEST_METHOD) throw new CgiProxyError();
  const host = goHost(server, url);
  if (isLoopback(host)) return undefined;
  const port = url.port || (https ? '443' : '80');
  if (bypassesProxy(host, port, env(vars, 'NO_PROXY', 'no_proxy'))) return undefined;
  // Go takes a value without a scheme (or one that does not parse) as host:port over http.
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]/i.test(proxy) ? proxy : `http://${proxy}`;
}
