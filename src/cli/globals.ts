// flux's global flags (cmd/flux/main.go) and their resolution into one options object that
// commands receive. Resolution follows flux: FLUX_SYSTEM_NAMESPACE default, the optional
// context namespace, then the DNS-label check.
import type { Command } from 'commander';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { KubeFlags } from '../cluster/kubeconfig.js';
import { isDns1123Label } from './dns.js';
import { DurationError, parseGoDuration } from './duration.js';
import { goQuote } from './go-quote.js';
import { CliError, UsageError } from './errors.js';

export const DEFAULT_NAMESPACE = 'flux-system';
export const DEFAULT_TIMEOUT = '5m0s';

export interface GlobalOptions {
  namespace: string;
  /** -n was given on the command line (not the default). */
  namespaceExplicit: boolean;
  allNamespaces: boolean;
  timeoutMs: number;
  verbose: boolean;
  /** Colours and spinners allowed (TTY, not CI, no --no-color / NO_COLOR). */
  color: boolean;
  kube: KubeFlags;
  /** Client-side rate limit of API requests (--kube-api-qps / --kube-api-burst). */
  kubeApi: { qps: number; burst: number };
}

/** The default of -n: FLUX_SYSTEM_NAMESPACE when it is a valid label, with flux's warning otherwise. */
export function defaultNamespace(env: NodeJS.ProcessEnv, warn: (message: string) => void): string {
  const fromEnv = env.FLUX_SYSTEM_NAMESPACE;
  if (fromEnv === undefined || fromEnv === '') return DEFAULT_NAMESPACE;
  if (isDns1123Label(fromEnv)) return fromEnv;
  // flux's message starts with a space, so two spaces follow the symbol.
  warn(` ignoring invalid FLUX_SYSTEM_NAMESPACE: ${goQuote(fromEnv)}`);
  return DEFAULT_NAMESPACE;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** kubectl's default --cache-dir: KUBECACHEDIR, else ~/.kube/cache. */
export function defaultCacheDir(env: NodeJS.ProcessEnv): string {
  if (env.KUBECACHEDIR) return env.KUBECACHEDIR;
  return join(env.HOME ?? homedir(), '.kube', 'cache');
}

/** Declares the global flags on the root command. */
export function addGlobalFlags(program: Command, namespaceDefault: string, cacheDirDefault = defaultCacheDir(process.env)): void {
  program
    .option('-n, --namespace <string>', 'the namespace scope for this operation', namespaceDefault)
    .option('--timeout <duration>', 'timeout for this operation', DEFAULT_TIMEOUT)
    .option('--verbose', 'print generated objects')
    .option('--no-color', 'disable colours and spinners (also NO_COLOR)')
    .option('--ns-follows-kube-context', "use the kubeconfig context's namespace when -n is not given (also FLUX_NS_FOLLOWS_KUBE_CONTEXT)")
    .option('--kubeconfig <string>', 'path to the kubeconfig file to use for CLI requests')
    // One of kubectl's connection flags that flux declares; flux-ts keeps no discovery cache on
    // disk, so it is accepted (scripts pass it) and has no effect.
    .option('--cache-dir <string>', 'default cache directory (accepted for kubectl compatibility; flux-ts keeps no discovery cache)', cacheDirDefault)
    .option('--context <string>', 'the name of the kubeconfig context to use')
    .option('--cluster <string>', 'the name of the kubeconfig cluster to use')
    .option('--user <string>', 'the name of the kubeconfig user to use')
    .option('--server <string>', 'the address and port of the Kubernetes API server')
    .option('--token <string>', 'bearer token for authentication to the API server')
    .option('--as <string>', 'username to impersonate for the operation')
    .option('--as-group <stringArray>', 'group to impersonate for the operation (repeatable)', collect)
    .option('--as-uid <string>', 'UID to impersonate for the operation')
    .option('--certificate-authority <string>', 'path to a cert file for the certificate authority')
    .option('--client-certificate <string>', 'path to a client certificate file for TLS')
    .option('--client-key <string>', 'path to a client key file for TLS')
    .option('--tls-server-name <string>', 'server name to use for server certificate validation')
    .option('--insecure-skip-tls-verify', "if true, the server's certificate will not be checked for validity")
    .option('--disable-compression', 'if true, opt-out of response compression for all requests to the server')
    .option('--kube-api-qps <float32>', 'the maximum queries-per-second of requests sent to the Kubernetes API', '50')
    .option('--kube-api-burst <int>', 'the maximum burst queries-per-second of requests sent to the Kubernetes API', '300');
}

/** What commander parses: the kubectl connection flags as declared (`--as-group` repeats). */
interface RawGlobals extends Omit<KubeFlags, 'asGroups'> {
  namespace: string;
  allNamespaces?: boolean;
  timeout: string;
  verbose?: boolean;
  color: boolean;
  nsFollowsKubeContext?: boolean;
  asGroup?: string[];
  kubeApiQps: string;
  kubeApiBurst: string;
}

export interface ResolveEnvironment {
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
}

function kubeFlags(raw: RawGlobals): KubeFlags {
  const flags: KubeFlags = {};
  const copy = <K extends keyof KubeFlags>(key: K, value: KubeFlags[K] | undefined) => {
    if (value !== undefined && value !== '') flags[key] = value;
  };
  copy('kubeconfig', raw.kubeconfig);
  copy('context', raw.context);
  copy('cluster', raw.cluster);
  copy('user', raw.user);
  copy('server', raw.server);
  copy('token', raw.token);
  copy('as', raw.as);
  copy('asGroups', raw.asGroup);
  copy('asUid', raw.asUid);
  copy('certificateAuthority', raw.certificateAuthority);
  copy('clientCertificate', raw.clientCertificate);
  copy('clientKey', raw.clientKey);
  copy('tlsServerName', raw.tlsServerName);
  if (raw.insecureSkipTlsVerify) flags.insecureSkipTlsVerify = true;
  if (raw.disableCompression) flags.disableCompression = true;
  return flags;
}

/** Resolves the parsed flags of `cmd` (and its parents) into GlobalOptions, or throws flux's error. */
export async function resolveGlobals(cmd: Command, renv: ResolveEnvironment): Promise<GlobalOptions> {
  const raw = cmd.optsWithGlobals<RawGlobals>();
  let timeoutMs: number;
  try {
    timeoutMs = parseGoDuration(raw.timeout);
  } catch (err) {
    if (err instanceof DurationError) throw new UsageError(`invalid argument ${goQuote(raw.timeout)} for "--timeout" flag: ${err.message}`);
    throw err;
  }
  const kube = kubeFlags(raw);
  const qps = Number(raw.kubeApiQps);
  if (raw.kubeApiQps.trim() === '' || !Number.isFinite(qps)) throw new UsageError(`invalid argument ${goQuote(raw.kubeApiQps)} for "--kube-api-qps" flag: strconv.ParseFloat: parsing ${goQuote(raw.kubeApiQps)}: invalid syntax`);
  if (!/^[-+]?\d+$/.test(raw.kubeApiBurst.trim())) throw new UsageError(`invalid argument ${goQuote(raw.kubeApiBurst)} for "--kube-api-burst" flag: strconv.ParseInt: parsing ${goQuote(raw.kubeApiBurst)}: invalid syntax`);
  const burst = Number(raw.kubeApiBurst);
  const namespaceExplicit = sourceOf(cmd, 'namespace') === 'cli';
  let namespace = raw.namespace;
  const follow = raw.nsFollowsKubeContext === true || (renv.env.FLUX_NS_FOLLOWS_KUBE_CONTEXT ?? '') !== '';
  if (!namespaceExplicit && follow) {
    const { contextNamespace } = await import('../cluster/kubeconfig.js');
    namespace = contextNamespace(kube, { env: renv.env }) ?? namespace;
  }
  if (!isDns1123Label(namespace)) throw new CliError(`namespace must be a valid DNS label: ${goQuote(namespace)}`);
  const { useColor } = await import('./terminal.js');
  return {
    namespace,
    namespaceExplicit,
    allNamespaces: raw.allNamespaces === true,
    timeoutMs,
    verbose: raw.verbose === true,
    color: useColor({ isTTY: renv.isTTY, env: renv.env, noColorFlag: raw.color === false }),
    kube,
    kubeApi: { qps, burst },
  };
}

/** Where an option's value came from, looked up on the command that declares it. */
function sourceOf(cmd: Command, key: string): string | undefined {
  for (let c: Command | null = cmd; c; c = c.parent) {
    const src = c.getOptionValueSource(key);
    if (src !== undefined) return src;
  }
  return undefined;
}
