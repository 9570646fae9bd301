// HTTPS_PROXY / HTTP_PROXY / NO_PROXY as kubectl (Go's httpproxy.FromEnvironment) reads them,
// for clusters whose kubeconfig has no proxy-url. Loopback servers are never proxied.
import { isIP } from 'node:net';

function env(vars: NodeJS.ProcessEnv, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = vars[n];
    if (v) return v;
  }
  return undefined;
}

function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function inCidr(host: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  if (!base || bits === undefined || isIP(base) !== 4 || isIP(host) !== 4) return false;
  const n = Number(bits);
  const mask = n === 0 ? 0 : (0xffffffff << (32 - n)) >>> 0;
  return ((ipv4ToInt(host) & mask) >>> 0) === ((ipv4ToInt(base) & mask) >>> 0);
}

/** NO_PROXY matching: `*`, IPs, IPv4 CIDRs, `.suffix` (subdomains only) or `name` (it and subdomains), optional `:port`. */
export function bypassesProxy(host: string, port: string, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  for (const raw of noProxy.split(',')) {
    let entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    if (entry.includes('/')) {
      if (inCidr(host, entry)) return true;
      continue;
    }
    let entryPort: string | undefined;
    const colon = entry.lastIndexOf(':');
    if (colon > 0 && isIP(entry) === 0 && /^\d+$/.test(entry.slice(colon + 1))) {
      entryPort = entry.slice(colon + 1);
      entry = entry.slice(0, colon);
    }
    if (entryPort !== undefined && entryPort !== port) continue;
    if (isIP(entry)) {
      if (entry === host) return true;
      continue;
    }
    if (entry.startsWith('*.')) entry = entry.slice(1);
    if (entry.startsWith('.')) {
      if (host.endsWith(entry)) return true;
    } else if (host === entry || host.endsWith(`.${entry}`)) return true;
  }
  return false;
}

/** The proxy URL for requests to `server`, or undefined to connect directly. */
export function proxyFromEnvironment(server: string, vars: NodeJS.ProcessEnv): string | undefined {
  const url = new URL(server);
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isLoopback(host)) return undefined;
  const proxy = url.protocol === 'https:' ? env(vars, 'HTTPS_PROXY', 'https_proxy') : env(vars, 'HTTP_PROXY', 'http_proxy');
  if (!proxy) return undefined;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (bypassesProxy(host, port, env(vars, 'NO_PROXY', 'no_proxy'))) return undefined;
  // Go accepts a bare host:port and assumes http.
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}
