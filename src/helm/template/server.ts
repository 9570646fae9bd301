// `helm template --dry-run=server`: the one mode in which `helm template` talks to the cluster.
// Helm 4's Install.RunWithContext then checks that the cluster is reachable, takes
// `.Capabilities` from discovery, lets `lookup` read live objects, and checks the rendered
// release as an install would (kinds served, objects not owned by someone else) without
// writing anything. This module is that cluster side; run.ts calls it at Helm's points.
import { KubeApiError, KubeconfigError, ClusterUnreachableError } from '../../cluster/errors.js';
import type { KubeFlags, ResolvedKubeconfig } from '../../cluster/kubeconfig.js';
import type { Cluster } from '../../cluster/types.js';
import type { RateLimit } from '../../cluster/rate-limit.js';
import { Capabilities, HELM_VERSION, KubeVersion, makeVersionSet } from '../engine/capabilities.js';
import { SyncLookupBridge, type SyncLookup, type SyncLookupBridgeOptions } from '../funcs/helm/lookup.js';
import { buildObjects, manifestDocs, parseObject, type ReleaseObject } from '../action/objects.js';
import { ownershipError, ownershipProblems } from '../action/ownership.js';
import { goDialErrorFromDetail } from './go-net-error.js';
import { OpenApiValidation } from './openapi-check.js';
import { yamlToJson } from '../yaml/read.js';

export interface ServerSessionOptions {
  /** kubeconfig, context and connection overrides (--kubeconfig, --kube-context, --kube-*). */
  kube: KubeFlags;
  env: NodeJS.ProcessEnv;
  userAgent?: string;
  /** Client-side rate limit (helm's --qps / --burst-limit); none when absent. */
  rateLimit?: RateLimit;
  /** Where the lookup worker comes from (tests running from TypeScript sources). */
  bridge?: Pick<SyncLookupBridgeOptions, 'workerUrl' | 'extraWorkerData' | 'clusterModule' | 'execArgv'>;
}

export interface ReleaseCheck {
  name: string;
  namespace: string;
  /** The release manifest (`---\n# Source: ...` documents), hooks excluded as Helm builds them. */
  manifest: string;
  /** --take-ownership: existing objects are adopted instead of refused. */
  takeOwnership: boolean;
  /** --is-upgrade: Helm skips the conflict check for upgrades. */
  isUpgrade: boolean;
  /** Not --disable-openapi-validation: kinds are checked against the server's OpenAPI first. */
  validate: boolean;
}

export interface ServerSession {
  /** Discovery as Helm's getCapabilities reads it: server version and every group/version(/Kind). */
  capabilities(): Promise<Capabilities>;
  /** The synchronous lookup the template engine calls (a worker thread does the I/O). */
  readonly lookup: SyncLookup;
  /** Log lines Helm would have printed since the last call (failed lookups), oldest first. */
  takeLogs(): string[];
  /** Install's checks of a dry run against the server; throws Helm's error. */
  checkRelease(check: ReleaseCheck): Promise<void>;
  close(): Promise<void>;
}

/** IsReachable failed: the message is Helm's, after "cluster reachability check failed: ". */
export class ClusterReachabilityError extends Error {}

interface VersionInfo {
  gitVersion?: string;
  major?: string;
  minor?: string;
}

interface GroupList {
  groups?: { name?: string; versions?: { groupVersion?: string }[] }[];
}

interface ResourceList {
  resources?: { kind?: string; name?: string }[];
}

/** client-go with no configuration at all talks to the insecure local port, as helm does. */
const NO_CONFIG_SERVER = 'http://localhost:8080';

/** Helm does not retry a request that failed to connect; neither does this session. */
const NO_RETRY = { maxRetries: 0, baseDelayMs: 0, maxDelayMs: 0, jitter: 0 };

/** The kubeconfig as the other commands resolve it (src/cluster), proxy environment included. */
async function resolveKube(kube: KubeFlags, env: NodeJS.ProcessEnv): Promise<{ flags: KubeFlags; config: ResolvedKubeconfig }> {
  const [{ loadKubeconfig }, { proxyFromEnvironment }] = await Promise.all([import('../../cluster/kubeconfig.js'), import('../../cluster/proxy-env.js')]);
  const withProxy = (flags: KubeFlags): { flags: KubeFlags; config: ResolvedKubeconfig } => {
    const config = loadKubeconfig(flags, { env });
    if (!config.cluster.proxyUrl) {
      const proxyUrl = proxyFromEnvironment(config.cluster.server, env);
      if (proxyUrl) config.cluster.proxyUrl = proxyUrl;
    }
    return { flags, config };
  };
  try {
    return withProxy(kube);
  } catch (e) {
    if (e instanceof KubeconfigError && e.message.startsWith('no configuration has been provided')) return withProxy({ ...kube, server: NO_CONFIG_SERVER });
    throw new ClusterReachabilityError(`kubernetes cluster unreachable: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The transport-level error of a GET as Go's client prints it. */
function requestError(server: string, path: string, e: unknown): string {
  if (e instanceof ClusterUnreachableError) return `Get ${JSON.stringify(`${server}${path}`)}: ${goDialErrorFromDetail(server, e.detail)}`;
  return e instanceof Error ? e.message : String(e);
}

/**
 * Connects and checks reachability (GET /version), then starts the lookup worker with the same
 * connection settings. Throws ClusterReachabilityError with Helm's wording.
 */
export async function openServerSession(opts: ServerSessionOptions): Promise<ServerSession> {
  const { flags, config } = await resolveKube(opts.kube, opts.env);
  const [{ createAuthSource }, { Transport }, { KubeClient }] = await Promise.all([
    import('../../cluster/client-node.js'),
    import('../../cluster/transport.js'),
    import('../../cluster/kube-client.js'),
  ]);
  const server = config.cluster.server;
  const transport = new Transport({
    server,
    auth: createAuthSource(config),
    compression: !config.cluster.disableCompression,
    retry: NO_RETRY,
    ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}),
    ...(opts.userAgent ? { userAgent: opts.userAgent } : {}),
  });
  const cluster: Cluster = new KubeClient({ transport, ...(config.namespace ? { contextNamespace: config.namespace } : {}) });
  const get = <T>(path: string): Promise<T> => transport.json<T>({ method: 'GET', path }, { verb: 'get' });

  let version: VersionInfo;
  try {
    version = (await get<VersionInfo>('/version')) ?? {};
  } catch (e) {
    transport.close();
    throw new ClusterReachabilityError(`kubernetes cluster unreachable: ${requestError(server, '/version', e)}`);
  }

  const logs: string[] = [];
  let bridge: SyncLookupBridge;
  try {
    bridge = await SyncLookupBridge.start({ ...opts.bridge, onLog: (line) => logs.push(line), clusterOptions: { flags, env: { ...opts.env }, ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}), ...(opts.userAgent ? { userAgent: opts.userAgent } : {}) } });
  } catch (e) {
    transport.close();
    throw e;
  }

  const validation = new OpenApiValidation(get);
  return {
    lookup: bridge.lookup,
    takeLogs: () => logs.splice(0),
    async capabilities() {
      const kv = new KubeVersion(version.gitVersion ?? '', '', version.major ?? '', version.minor ?? '');
      return new Capabilities(kv, makeVersionSet(await discoverVersionSet(get, server)), HELM_VERSION);
    },
    async checkRelease(check) {
      // Build: each document is validated, then mapped to its resource, in manifest order.
      const objects: ReleaseObject[] = [];
      for (const doc of manifestDocs(check.manifest)) {
        try {
          const head = parseObject(doc.doc, doc.source);
          if (head !== undefined && check.validate) await validation.check(head.apiVersion, head.kind, yamlToJson(doc.doc));
        } catch (e) {
          throw new Error(`unable to build kubernetes objects from release manifest: ${e instanceof Error ? e.message : String(e)}`);
        }
        objects.push(...(await buildObjects(cluster, [doc], check.namespace)));
      }
      if (check.isUpgrade || check.takeOwnership) return;
      for (const o of objects) {
        let live;
        try {
          live = await cluster.tryGet(o.ref, o.object.metadata.name, o.object.metadata.namespace);
        } catch (e) {
          const ns = o.object.metadata.namespace ?? '';
          throw new Error(`unable to continue with install: could not get information about the resource ${o.object.kind} ${JSON.stringify(o.object.metadata.name)} in namespace ${JSON.stringify(ns)}: ${requestError(server, '', e)}`);
        }
        if (live === undefined) continue;
        const problems = ownershipProblems(live, { name: check.name, namespace: check.namespace });
        if (problems.length > 0) throw new Error(`unable to continue with install: ${ownershipError(live, problems).message}`);
      }
    },
    async close() {
      await bridge.close();
      transport.close();
    },
  };
}

/**
 * Helm's GetVersionSet: every served group/version, and `<group/version>/<Kind>` for each of its
 * resources (subresources included). Helm's order is a Go map's (random); this one is discovery's.
 */
async function discoverVersionSet(get: <T>(path: string) => Promise<T>, server: string): Promise<string[]> {
  const fail = (path: string, e: unknown): Error => new Error(`could not get apiVersions from Kubernetes: ${requestError(server, path, e)}`);
  const groupVersions: string[] = [];
  try {
    const core = await get<{ versions?: string[] }>('/api');
    groupVersions.push(...(core?.versions ?? []));
    const groups = await get<GroupList>('/apis');
    for (const g of groups?.groups ?? []) for (const v of g.versions ?? []) if (v.groupVersion) groupVersions.push(v.groupVersion);
  } catch (e) {
    if (e instanceof KubeApiError && e.statusCode === 404) return groupVersions;
    throw fail('/apis', e);
  }
  const seen = new Set<string>(groupVersions);
  const out = [...groupVersions];
  const lists = await Promise.all(
    groupVersions.map(async (gv) => {
      const path = gv.includes('/') ? `/apis/${gv}` : `/api/${gv}`;
      try {
        return await get<ResourceList>(path);
      } catch (e) {
        // A group whose discovery fails (an orphaned API service) is left out, as client-go does.
        if (e instanceof KubeApiError) return undefined;
        throw fail(path, e);
      }
    }),
  );
  lists.forEach((list, i) => {
    for (const r of list?.resources ?? []) {
      if (!r.kind) continue;
      const id = `${groupVersions[i]}/${r.kind}`;
      if (!seen.has(id)) {
        seen.add(id);
        out.push(id);
      }
    }
  });
  return out;
}
