// The one module that imports @kubernetes/client-node. It turns a resolved kubeconfig into
// what each request needs (auth headers, TLS material, proxy agent), reusing client-node's
// authenticators: exec plugins, token files, OIDC/GCP/Azure providers, client certificates.
// Commands reach it only through `await import()`, so the bundle keeps it in a lazy chunk.
import type { Agent } from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';
import type { ResolvedKubeconfig } from './kubeconfig.js';

export interface TlsMaterial {
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  rejectUnauthorized?: boolean;
  servername?: string;
}

export interface AuthMaterial {
  headers: Record<string, string | string[]>;
  tls: TlsMaterial;
  /** Set when the cluster is reached through proxy-url (client-node builds that agent). */
  proxyAgent?: Agent;
}

function toKubeConfig(cfg: ResolvedKubeconfig): KubeConfig {
  const { cluster, user } = cfg;
  const kc = new KubeConfig();
  const authProvider = user.authProvider ?? (user.tokenFile && !user.token ? { name: 'tokenFile', config: { tokenFile: user.tokenFile } } : undefined);
  kc.loadFromOptions({
    clusters: [
      {
        name: 'flux-ts',
        server: cluster.server,
        ...(cluster.caData ? { caData: cluster.caData } : {}),
        ...(cluster.caFile ? { caFile: cluster.caFile } : {}),
        // kubectl speaks plain HTTP to http:// servers without asking; client-node refuses
        // unless TLS verification is off, which means nothing for plain HTTP anyway.
        skipTLSVerify: cluster.skipTLSVerify || cluster.server.startsWith('http:'),
        ...(cluster.tlsServerName ? { tlsServerName: cluster.tlsServerName } : {}),
        ...(cluster.proxyUrl ? { proxyUrl: cluster.proxyUrl } : {}),
      },
    ],
    users: [
      {
        name: 'flux-ts',
        ...(user.token ? { token: user.token } : {}),
        ...(user.username ? { username: user.username, password: user.password ?? '' } : {}),
        ...(user.certData ? { certData: user.certData } : {}),
        ...(user.certFile ? { certFile: user.certFile } : {}),
        ...(user.keyData ? { keyData: user.keyData } : {}),
        ...(user.keyFile ? { keyFile: user.keyFile } : {}),
        ...(user.exec ? { exec: user.exec } : {}),
        ...(authProvider ? { authProvider } : {}),
        ...(user.impersonate?.user ? { impersonateUser: user.impersonate.user } : {}),
      },
    ],
    contexts: [{ name: 'flux-ts', cluster: 'flux-ts', user: 'flux-ts' }],
    currentContext: 'flux-ts',
  });
  return kc;
}

export interface AuthSource {
  /** Fresh material; exec credentials are cached by client-node until they expire. */
  material(): Promise<AuthMaterial>;
}

export function createAuthSource(cfg: ResolvedKubeconfig): AuthSource {
  const kc = toKubeConfig(cfg);
  return {
    async material() {
      const opts: {
        headers?: Record<string, string>;
        auth?: string;
        ca?: Buffer;
        cert?: Buffer;
        key?: Buffer;
        rejectUnauthorized?: boolean;
        servername?: string;
        agent?: Agent;
      } = { headers: {} };
      await kc.applyToHTTPSOptions(opts);
      const headers: Record<string, string | string[]> = { ...(opts.headers ?? {}) };
      if (opts.auth) headers.Authorization = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
      if (cfg.user.impersonate?.groups?.length) headers['Impersonate-Group'] = cfg.user.impersonate.groups;
      if (cfg.user.impersonate?.uid) headers['Impersonate-Uid'] = cfg.user.impersonate.uid;
      const tls: TlsMaterial = {};
      if (opts.ca) tls.ca = opts.ca;
      if (opts.cert) tls.cert = opts.cert;
      if (opts.key) tls.key = opts.key;
      if (opts.rejectUnauthorized !== undefined) tls.rejectUnauthorized = opts.rejectUnauthorized;
      if (opts.servername) tls.servername = opts.servername;
      return { headers, tls, ...(cfg.cluster.proxyUrl && opts.agent ? { proxyAgent: opts.agent } : {}) };
    },
  };
}
