// Kubeconfig loading with kubectl's (client-go clientcmd) rules:
//  - `--kubeconfig FILE` alone, or every file in KUBECONFIG (missing ones skipped), or ~/.kube/config;
//  - files merged name by name, the FIRST file to define a cluster/user/context wins, and the first
//    non-empty current-context wins;
//  - relative paths resolved against the directory of the file that holds them;
//  - flag overrides (--context, --cluster, --user, --server, --token, TLS flags, impersonation);
//  - nothing configured → the in-cluster service account, when running in a pod.
// Pure data in, data out: the client-node KubeConfig is built from the result elsewhere.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { parse } from 'yaml';
import { KubeconfigError } from './errors.js';

/** kubectl's connection flags as flux declares them (genericclioptions.ConfigFlags). */
export interface KubeFlags {
  kubeconfig?: string;
  context?: string;
  cluster?: string;
  user?: string;
  server?: string;
  token?: string;
  insecureSkipTlsVerify?: boolean;
  certificateAuthority?: string;
  clientCertificate?: string;
  clientKey?: string;
  tlsServerName?: string;
  as?: string;
  asGroups?: string[];
  asUid?: string;
  disableCompression?: boolean;
}

/** client.authentication.k8s.io ExecConfig */
export interface ExecConfig {
  apiVersion?: string;
  command: string;
  args?: string[];
  env?: { name: string; value: string }[];
  installHint?: string;
  provideClusterInfo?: boolean;
  interactiveMode?: string;
}

export interface ResolvedCluster {
  name: string;
  server: string;
  caFile?: string;
  caData?: string;
  skipTLSVerify: boolean;
  tlsServerName?: string;
  proxyUrl?: string;
  disableCompression: boolean;
}

export interface ResolvedUser {
  name: string;
  token?: string;
  tokenFile?: string;
  username?: string;
  password?: string;
  certFile?: string;
  certData?: string;
  keyFile?: string;
  keyData?: string;
  exec?: ExecConfig;
  authProvider?: { name: string; config?: Record<string, string> };
  impersonate?: { user?: string; groups?: string[]; uid?: string };
}

export interface ResolvedKubeconfig {
  contextName: string;
  /** Namespace of the context (or of the in-cluster service account). */
  namespace?: string;
  cluster: ResolvedCluster;
  user: ResolvedUser;
  inCluster: boolean;
}

export interface LoadEnvironment {
  env: NodeJS.ProcessEnv;
  homeDir?: string;
  /** Where a pod's service account is mounted (tests point it elsewhere). */
  serviceAccountDir?: string;
}

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

type Rec = Record<string, unknown>;

interface NamedEntry {
  name: string;
  body: Rec;
  dir: string; // directory of the file that defined it, for relative paths
  file: string;
}

interface MergedConfig {
  currentContext?: string;
  clusters: Map<string, NamedEntry>;
  users: Map<string, NamedEntry>;
  contexts: Map<string, NamedEntry>;
  files: string[];
}

function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Files to read, in precedence order, following clientcmd's loading rules. */
export function kubeconfigFiles(flags: KubeFlags, load: LoadEnvironment): { files: string[]; explicit: boolean } {
  if (flags.kubeconfig) return { files: [flags.kubeconfig], explicit: true };
  const fromEnv = load.env.KUBECONFIG;
  if (fromEnv) return { files: fromEnv.split(delimiter).filter((f) => f !== ''), explicit: false };
  return { files: [join(load.homeDir ?? load.env.HOME ?? homedir(), '.kube', 'config')], explicit: false };
}

function readKubeconfigFile(file: string): Rec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : 'cannot be read';
    throw new KubeconfigError(`error loading config file ${JSON.stringify(file)}: ${why}`);
  }
  let doc: unknown;
  try {
    doc = parse(text, { prettyErrors: false, uniqueKeys: false });
  } catch (err) {
    // Only the first line: later lines quote the file, which may hold a token.
    const first = (err instanceof Error ? err.message : String(err)).split('\n')[0]?.replace(/:$/, '') ?? 'invalid YAML';
    throw new KubeconfigError(`error loading config file ${JSON.stringify(file)}: invalid YAML: ${first}`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isRec(doc)) throw new KubeconfigError(`error loading config file ${JSON.stringify(file)}: expected a mapping (apiVersion, kind: Config, clusters, users, contexts)`);
  return doc;
}

function namedEntries(doc: Rec, key: 'clusters' | 'users' | 'contexts', inner: 'cluster' | 'user' | 'context', file: string): NamedEntry[] {
  const list = doc[key];
  if (list === undefined || list === null) return [];
  const where = `error loading config file ${JSON.stringify(file)}`;
  if (!Array.isArray(list)) throw new KubeconfigError(`${where}: ${key} must be a list`);
  return list.map((item, i) => {
    if (!isRec(item)) throw new KubeconfigError(`${where}: ${key}[${i}] must be a mapping with name and ${inner}`);
    const name = item.name;
    if (typeof name !== 'string' || name === '') throw new KubeconfigError(`${where}: ${key}[${i}].name is missing`);
    const body = item[inner] ?? {};
    if (!isRec(body)) throw new KubeconfigError(`${where}: ${key}[${i}].${inner} must be a mapping`);
    return { name, body, dir: dirname(resolve(file)), file };
  });
}

/** Reads and merges the kubeconfig files (first definition of each name wins). */
export function loadMergedConfig(flags: KubeFlags, load: LoadEnvironment): MergedConfig {
  const { files, explicit } = kubeconfigFiles(flags, load);
  const merged: MergedConfig = { clusters: new Map(), users: new Map(), contexts: new Map(), files: [] };
  for (const file of files) {
    if (!explicit && !existsSync(file)) continue;
    const doc = readKubeconfigFile(file);
    merged.files.push(file);
    const current = doc['current-context'];
    if (current !== undefined && current !== null && typeof current !== 'string')
      throw new KubeconfigError(`error loading config file ${JSON.stringify(file)}: current-context must be a string`);
    if (merged.currentContext === undefined && str(current)) merged.currentContext = current as string;
    for (const [key, inner, map] of [
      ['clusters', 'cluster', merged.clusters],
      ['users', 'user', merged.users],
      ['contexts', 'context', merged.contexts],
    ] as const) {
      for (const entry of namedEntries(doc, key, inner, file)) if (!map.has(entry.name)) map.set(entry.name, entry);
    }
  }
  return merged;
}

function resolvePath(dir: string, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  return isAbsolute(path) ? path : join(dir, path);
}

function toCluster(entry: NamedEntry): ResolvedCluster {
  const b = entry.body;
  const cluster: ResolvedCluster = {
    name: entry.name,
    server: str(b.server) ?? '',
    skipTLSVerify: b['insecure-skip-tls-verify'] === true,
    disableCompression: b['disable-compression'] === true,
  };
  const caFile = resolvePath(entry.dir, str(b['certificate-authority']));
  if (caFile) cluster.caFile = caFile;
  if (str(b['certificate-authority-data'])) cluster.caData = b['certificate-authority-data'] as string;
  if (str(b['tls-server-name'])) cluster.tlsServerName = b['tls-server-name'] as string;
  if (str(b['proxy-url'])) cluster.proxyUrl = b['proxy-url'] as string;
  return cluster;
}

function toExec(raw: unknown, dir: string, where: string): ExecConfig {
  if (!isRec(raw) || typeof raw.command !== 'string' || raw.command === '') throw new KubeconfigError(`${where}: exec.command is missing`);
  // clientcmd resolves the command against the file's directory only when it is a path.
  const command = raw.command.includes(sep) && !isAbsolute(raw.command) ? join(dir, raw.command) : raw.command;
  const exec: ExecConfig = { command };
  if (typeof raw.apiVersion === 'string') exec.apiVersion = raw.apiVersion;
  if (Array.isArray(raw.args)) exec.args = raw.args.map(String);
  if (Array.isArray(raw.env)) exec.env = raw.env.filter(isRec).map((e) => ({ name: String(e.name), value: String(e.value ?? '') }));
  if (typeof raw.installHint === 'string') exec.installHint = raw.installHint;
  if (raw.provideClusterInfo === true) exec.provideClusterInfo = true;
  if (typeof raw.interactiveMode === 'string') exec.interactiveMode = raw.interactiveMode;
  return exec;
}

function toUser(entry: NamedEntry): ResolvedUser {
  const b = entry.body;
  const where = `error loading config file ${JSON.stringify(entry.file)}: user ${JSON.stringify(entry.name)}`;
  const user: ResolvedUser = { name: entry.name };
  if (str(b.token)) user.token = b.token as string;
  const tokenFile = resolvePath(entry.dir, str(b.tokenFile) ?? str(b['token-file']));
  if (tokenFile) user.tokenFile = tokenFile;
  if (str(b.username)) user.username = b.username as string;
  if (str(b.password)) user.password = b.password as string;
  const certFile = resolvePath(entry.dir, str(b['client-certificate']));
  if (certFile) user.certFile = certFile;
  if (str(b['client-certificate-data'])) user.certData = b['client-certificate-data'] as string;
  const keyFile = resolvePath(entry.dir, str(b['client-key']));
  if (keyFile) user.keyFile = keyFile;
  if (str(b['client-key-data'])) user.keyData = b['client-key-data'] as string;
  if (b.exec !== undefined && b.exec !== null) user.exec = toExec(b.exec, entry.dir, where);
  const ap = b['auth-provider'];
  if (isRec(ap) && typeof ap.name === 'string') {
    user.authProvider = { name: ap.name, ...(isRec(ap.config) ? { config: Object.fromEntries(Object.entries(ap.config).map(([k, v]) => [k, String(v)])) } : {}) };
  }
  const imp: ResolvedUser['impersonate'] = {};
  if (str(b.as)) imp.user = b.as as string;
  if (Array.isArray(b['as-groups'])) imp.groups = (b['as-groups'] as unknown[]).map(String);
  if (str(b['as-uid'])) imp.uid = b['as-uid'] as string;
  if (Object.keys(imp).length > 0) user.impersonate = imp;
  return user;
}

/** The service-account identity of a pod (client-go rest.InClusterConfig). */
function inClusterConfig(load: LoadEnvironment): ResolvedKubeconfig | undefined {
  const host = load.env.KUBERNETES_SERVICE_HOST;
  const port = load.env.KUBERNETES_SERVICE_PORT;
  const dir = load.serviceAccountDir ?? SERVICE_ACCOUNT_DIR;
  const tokenFile = join(dir, 'token');
  if (!host || !port || !existsSync(tokenFile)) return undefined;
  const hostPart = host.includes(':') ? `[${host}]` : host;
  let namespace: string | undefined;
  try {
    namespace = readFileSync(join(dir, 'namespace'), 'utf8').trim() || undefined;
  } catch {
    namespace = undefined;
  }
  const caFile = join(dir, 'ca.crt');
  return {
    contextName: 'in-cluster',
    ...(namespace ? { namespace } : {}),
    cluster: {
      name: 'in-cluster',
      server: `https://${hostPart}:${port}`,
      ...(existsSync(caFile) ? { caFile } : {}),
      skipTLSVerify: false,
      disableCompression: false,
    },
    user: { name: 'in-cluster', tokenFile },
    inCluster: true,
  };
}

function applyOverrides(cfg: ResolvedKubeconfig, flags: KubeFlags): ResolvedKubeconfig {
  const cluster = { ...cfg.cluster };
  let user = { ...cfg.user };
  if (flags.server) cluster.server = flags.server;
  if (flags.tlsServerName) cluster.tlsServerName = flags.tlsServerName;
  if (flags.certificateAuthority) {
    cluster.caFile = resolve(flags.certificateAuthority);
    delete cluster.caData;
  }
  if (flags.insecureSkipTlsVerify) {
    // kubectl refuses a CA together with insecure mode; the flag wins and drops the CA.
    cluster.skipTLSVerify = true;
    delete cluster.caFile;
    delete cluster.caData;
  }
  if (flags.disableCompression) cluster.disableCompression = true;
  if (flags.token) {
    // An explicit bearer token replaces every other way the user authenticates.
    user = { name: user.name, token: flags.token, ...(user.impersonate ? { impersonate: user.impersonate } : {}) };
    for (const k of ['certFile', 'certData', 'keyFile', 'keyData'] as const) if (cfg.user[k]) user[k] = cfg.user[k];
  }
  if (flags.clientCertificate) {
    user.certFile = resolve(flags.clientCertificate);
    delete user.certData;
  }
  if (flags.clientKey) {
    user.keyFile = resolve(flags.clientKey);
    delete user.keyData;
  }
  if (flags.as || flags.asGroups?.length || flags.asUid) {
    user.impersonate = {
      ...user.impersonate,
      ...(flags.as ? { user: flags.as } : {}),
      ...(flags.asGroups?.length ? { groups: flags.asGroups } : {}),
      ...(flags.asUid ? { uid: flags.asUid } : {}),
    };
  }
  return { ...cfg, cluster, user };
}

/**
 * Resolves the connection flux-ts will use. Errors are one line: the file and what is wrong,
 * `context "x" does not exist`, or no configuration at all.
 */
export function loadKubeconfig(flags: KubeFlags, load: LoadEnvironment): ResolvedKubeconfig {
  const merged = loadMergedConfig(flags, load);
  const contextName = flags.context || merged.currentContext || '';
  const empty = merged.clusters.size === 0 && merged.contexts.size === 0 && merged.users.size === 0;
  if (empty && !flags.server && !flags.context && !flags.cluster) {
    const pod = inClusterConfig(load);
    if (pod) return applyOverrides(pod, flags);
    throw new KubeconfigError('no configuration has been provided, try setting KUBERNETES_MASTER environment variable');
  }
  let ctx: NamedEntry | undefined;
  if (contextName !== '') {
    ctx = merged.contexts.get(contextName);
    if (!ctx) throw new KubeconfigError(`context ${JSON.stringify(contextName)} does not exist`);
  }
  const clusterName = flags.cluster || str(ctx?.body.cluster) || '';
  const userName = flags.user || str(ctx?.body.user) || '';
  let cluster: ResolvedCluster;
  if (clusterName !== '') {
    const entry = merged.clusters.get(clusterName);
    if (!entry) {
      if (!flags.server) throw new KubeconfigError(`cluster ${JSON.stringify(clusterName)} does not exist${contextName ? ` (context ${JSON.stringify(contextName)})` : ''}`);
      cluster = { name: clusterName, server: '', skipTLSVerify: false, disableCompression: false };
    } else cluster = toCluster(entry);
  } else cluster = { name: '', server: '', skipTLSVerify: false, disableCompression: false };
  let user: ResolvedUser = { name: userName };
  if (userName !== '') {
    const entry = merged.users.get(userName);
    if (entry) user = toUser(entry);
    else if (flags.user) throw new KubeconfigError(`user ${JSON.stringify(userName)} does not exist`);
  }
  const namespace = str(ctx?.body.namespace);
  const resolved = applyOverrides(
    { contextName, ...(namespace ? { namespace } : {}), cluster, user, inCluster: false },
    flags,
  );
  if (!resolved.cluster.server) {
    if (contextName === '' && !flags.cluster) throw new KubeconfigError(`no context is set in ${merged.files.map((f) => JSON.stringify(f)).join(', ') || 'the kubeconfig'}: use --context or set current-context`);
    throw new KubeconfigError(`cluster ${JSON.stringify(resolved.cluster.name || clusterName)} has no server defined`);
  }
  if (!/^https?:\/\//.test(resolved.cluster.server)) {
    resolved.cluster.server = `https://${resolved.cluster.server}`;
  }
  resolved.cluster.server = resolved.cluster.server.replace(/\/+$/, '');
  return resolved;
}

/** The current context's namespace, for --ns-follows-kube-context (undefined if unset or unloadable). */
export function contextNamespace(flags: KubeFlags, load: LoadEnvironment): string | undefined {
  try {
    const merged = loadMergedConfig(flags, load);
    const name = flags.context || merged.currentContext;
    if (name) return str(merged.contexts.get(name)?.body.namespace);
    return merged.contexts.size === 0 ? inClusterConfig(load)?.namespace : undefined;
  } catch {
    return undefined;
  }
}
