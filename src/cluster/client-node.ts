// The one module that imports @kubernetes/client-node. It turns a resolved kubeconfig into
// what each request needs (auth headers, TLS material, proxy agent), reusing client-node's
// authenticators: exec plugins, token files, OIDC/GCP/Azure providers, client certificates.
// Commands reach it only through `await import()`, so the bundle keeps it in a lazy chunk.
import type { Agent } from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';
import { CredentialsError, errorCode } from './errors.js';
import { trustExtraCaCerts } from './extra-ca-certs.js';
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
      // Exec and OIDC credentials may open TLS connections of their own.
      trustExtraCaCerts();
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
      try {
        await kc.applyToHTTPSOptions(opts);
      } catch (err) {
        throw new CredentialsError(credentialFailure(err, cfg));
      }
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

/** Every credential the kubeconfig holds, to scrub from a failure message. */
function knownSecrets(cfg: ResolvedKubeconfig): string[] {
  const { user } = cfg;
  const secrets = [user.token, user.password, user.keyData, ...(user.exec?.env ?? []).map((e) => e.value)];
  const provider = user.authProvider?.config ?? {};
  for (const [k, v] of Object.entries(provider)) if (/token|secret|password/i.test(k) && typeof v === 'string') secrets.push(v);
  return secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
}

/**
 * One line on why credentials failed. An exec plugin whose stdout is not an ExecCredential is
 * reported without quoting stdout: JSON.parse's message would echo the token it printed.
 */
function credentialFailure(err: unknown, cfg: ResolvedKubeconfig): string {
  const exec = cfg.user.exec;
  if (exec) {
    if (errorCode(err) === 'ENOENT') return `exec: executable ${exec.command} not found`;
    if (err instanceof SyntaxError) return `exec: executable ${exec.command} did not print an ExecCredential (its output is not JSON)`;
  }
  let line = ((err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '').trim();
  for (const secret of knownSecrets(cfg)) line = line.split(secret).join('[redacted]');
  if (exec) return `exec: executable ${exec.command} failed${line ? `: ${line}` : ''}`;
  return line || 'the kubeconfig user could not be authenticated';
}
