// Opens a Cluster from kubectl-style flags: resolve the kubeconfig (our loader, kubectl's
// rules) and the proxy environment, then load client-node lazily for authentication. The only
// entry point commands use.
import { KubeClient, type KubeClientOptions } from './kube-client.js';
import { proxyFromEnvironment } from './proxy-env.js';
import { loadKubeconfig, type KubeFlags, type LoadEnvironment, type ResolvedKubeconfig } from './kubeconfig.js';
import { DEFAULT_RATE_LIMIT, type RateLimit } from './rate-limit.js';
import { Transport, type TransportConfig } from './transport.js';

export interface ConnectOptions {
  flags: KubeFlags;
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  serviceAccountDir?: string;
  /** The command's --timeout as a signal: bounds every request and retry. */
  deadline?: AbortSignal;
  /** Retry schedule overrides (tests). */
  transport?: Partial<Pick<TransportConfig, 'retry' | 'sleep' | 'random' | 'onRetry'>>;
  userAgent?: string;
  /** --kube-api-qps / --kube-api-burst (flux's defaults 50 / 300). */
  rateLimit?: RateLimit;
  /** Client tuning (tests: a clock for the discovery cache, watch reconnect delays). */
  client?: Pick<KubeClientOptions, 'discoveryMissTtlMs' | 'now' | 'reconnectDelayMs'>;
}

export interface Connection {
  cluster: KubeClient;
  config: ResolvedKubeconfig;
}

export async function connect(opts: ConnectOptions): Promise<Connection> {
  const load: LoadEnvironment = { env: opts.env ?? process.env };
  if (opts.homeDir) load.homeDir = opts.homeDir;
  if (opts.serviceAccountDir) load.serviceAccountDir = opts.serviceAccountDir;
  const config = loadKubeconfig(opts.flags, load);
  if (!config.cluster.proxyUrl) {
    const proxyUrl = proxyFromEnvironment(config.cluster.server, load.env);
    if (proxyUrl) config.cluster.proxyUrl = proxyUrl;
  }
  const { createAuthSource } = await import('./client-node.js');
  const transport = new Transport({
    server: config.cluster.server,
    auth: createAuthSource(config),
    compression: !config.cluster.disableCompression,
    rateLimit: opts.rateLimit ?? DEFAULT_RATE_LIMIT,
    ...(opts.deadline ? { deadline: opts.deadline } : {}),
    ...(opts.userAgent ? { userAgent: opts.userAgent } : {}),
    ...opts.transport,
  });
  const cluster = new KubeClient({ ...opts.client, transport, ...(config.namespace ? { contextNamespace: config.namespace } : {}) });
  return { cluster, config };
}
