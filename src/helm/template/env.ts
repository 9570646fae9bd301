// The real environment of `flux-ts template`: files relative to a working directory, the
// chart loader, the Go template engine with Helm's function map.
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { loadChart } from '../chart/index.js';
import { goTemplateEngine } from '../engine/gotemplate-set.js';
import { helmRenderOptions } from '../engine/defaults.js';
import { helmFuncMap, type HelmFuncsOptions } from '../funcs/helm/funcmap.js';
import { localFileReader } from '../values/index.js';
import { urlAwareReader } from '../values/options.js';
import { httpValuesGetter } from './http-values.js';
import type { KubeFlags } from '../../cluster/kubeconfig.js';
import type { TlsMaterial } from '../../sources/http.js';
import type { SyncLookupBridgeOptions } from '../funcs/helm/lookup.js';
import type { ChartConnectionFlags, TemplateEnv } from './run.js';
import { findInContentCache, putInContentCache } from './content-cache.js';
import { helmSettings } from './settings.js';
import { findPostRendererPlugin, pluginPostRenderer } from './postrender-plugin.js';

export interface TemplateEnvOptions {
  /** Environment for HELM_* settings, plugins and the cluster connection (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** flux-ts's global connection flags, under Helm's --kube-* flags. */
  kube?: KubeFlags;
  userAgent?: string;
}

/**
 * From TypeScript sources (tests, tsx) the lookup worker is a .ts file that a worker thread can
 * only load through tsx's loader; the bundle ships it as JavaScript next to its chunks.
 */
function sourceWorker(): Pick<SyncLookupBridgeOptions, 'workerUrl' | 'extraWorkerData'> | undefined {
  if (!import.meta.url.endsWith('.ts')) return undefined;
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import { workerData } from 'node:worker_threads'; import { register } from ${JSON.stringify(tsx)}; register(); await import(workerData.tsWorker);`;
  return {
    workerUrl: new URL(`data:text/javascript,${encodeURIComponent(code)}`),
    extraWorkerData: { tsWorker: new URL('../funcs/helm/lookup-worker.ts', import.meta.url).href },
  };
}

async function downloadTls(o: ChartConnectionFlags): Promise<TlsMaterial | undefined> {
  if (o.caFile === undefined && o.certFile === undefined && o.keyFile === undefined && !o.insecureSkipTlsVerify) return undefined;
  const read = (p: string | undefined): string | undefined => (p === undefined || p === '' ? undefined : readFileSync(p, 'utf8'));
  const [ca, cert, key] = [read(o.caFile), read(o.certFile), read(o.keyFile)];
  return { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}), ...(o.insecureSkipTlsVerify ? { insecureSkipVerify: true } : {}) };
}

export function defaultTemplateEnv(cwd: string = process.cwd(), funcs: HelmFuncsOptions = {}, opts: TemplateEnvOptions = {}): TemplateEnv {
  const at = (p: string): string => (isAbsolute(p) ? p : resolve(cwd, p));
  const env = opts.env ?? process.env;
  return {
    env,
    ...(opts.kube ? { kube: opts.kube } : {}),
    isDirectory: (p) => {
      try {
        return statSync(at(p)).isDirectory();
      } catch {
        return false;
      }
    },
    absolutePath: at,
    verifyChart: async (p, keyring) => {
      const { verifyLocalChart } = await import('../provenance/index.js');
      await verifyLocalChart(p, keyring, env, at);
    },
    openServer: async (kube, o) => {
      const { openServerSession } = await import('./server.js');
      const bridge = sourceWorker();
      return openServerSession({ kube, env, ...(o?.rateLimit ? { rateLimit: o.rateLimit } : {}), ...(opts.userAgent ? { userAgent: opts.userAgent } : {}), ...(bridge ? { bridge } : {}) });
    },
    postRenderer: (name, args, debug) => pluginPostRenderer(findPostRendererPlugin(name, env), args, env, debug),
    render: helmRenderOptions(funcs),
    renderWith: (o) => helmRenderOptions({ ...funcs, ...(o.enableDns ? { enableDns: true } : {}), ...(o.lookup ? { lookup: o.lookup } : {}) }),
    read: urlAwareReader(localFileReader(cwd), httpValuesGetter()),
    fs: {
      exists: (p) => existsSync(at(p)),
      mkdirp: (d) => mkdirSync(at(d), { recursive: true }),
      write: (p, d) => writeFileSync(at(p), d),
      append: (p, d) => appendFileSync(at(p), d),
    },
    renderNameTemplate: (t) => {
      // action.TemplateName: Sprig's functions, no data.
      const set = goTemplateEngine.newSet('name-template', helmFuncMap(funcs), 'zero');
      set.parse('name-template', t);
      return set.execute('name-template', null);
    },
    exists: (p) => existsSync(at(p)),
    loadChart: (p) => loadChart(at(p)),
    fetchRepoChart: async (ref, version, o) => {
      const { fetchRepoChart } = await import('./repo-chart.js');
      const helmEnv = o.helmEnv ?? env;
      const cache = helmSettings({}, helmEnv).contentCache;
      const warnings: string[] = [];
      const r = await fetchRepoChart(ref, version, helmEnv, undefined, {
        warn: (line) => warnings.push(line),
        ...(o.debug ? { debug: o.debug } : {}),
        cached: (digest) => findInContentCache(cache, digest)?.data,
      });
      // Kept in helm's content cache, where helm would find it next time.
      const stored = putInContentCache(cache, r.archive);
      if (!r.fromCache) o.debug?.('put downloaded chart in cache', ['id', stored.id]);
      if (o.verify) {
        const { verifyTemplateDownload } = await import('../provenance/index.js');
        const { downloadRepoArchive } = await import('./repo-chart.js');
        const url = r.url ?? '';
        await verifyTemplateDownload(r.archive, url, () => downloadRepoArchive(r.repo, `${url}.prov`), { keyring: o.verify.keyring, env, at, contentCache: cache, ...(r.digest !== undefined ? { indexDigest: r.digest } : {}), ...(o.debug ? { debug: o.debug } : {}) });
      }
      return { chart: await loadChart(stored.path), path: stored.path, warnings };
    },
    updateDependencies: async (chartPath, o) => {
      const { updateDependencies } = await import('./dependency-update.js');
      await updateDependencies({
        chartPath: at(chartPath),
        repositoryConfig: o.settings.repositoryConfig,
        repositoryCache: o.settings.repositoryCache,
        debug: o.settings.debug,
        out: o.out,
        err: o.err,
        log: o.log,
        pullOci: async (repository, name, version) => {
          // The registry client of the command's flags; helm keeps dependencies out of its content cache.
          const { pullChart } = await import('../../sources/index.js');
          const tls = await downloadTls(o.connection);
          const c = o.connection;
          const credentials = c.username !== undefined || c.password !== undefined ? { username: c.username ?? '', password: c.password ?? '' } : undefined;
          const dir = mkdtempSync(join(tmpdir(), 'flux-ts-template-'));
          try {
            const pulled = await pullChart({
              chart: `${repository.replace(/\/+$/, '')}/${name}`,
              version,
              destination: dir,
              ...(tls ? { tls } : {}),
              ...(credentials ? { credentials } : {}),
              ...(c.plainHttp ? { plainHttp: true } : {}),
              env: o.helmEnv,
            });
            const archive = readFileSync(pulled.path!);
            const ref = `${repository.replace(/^oci:\/\//, '').replace(/\/+$/, '')}/${name}:${pulled.version}`;
            return { archive, version: pulled.version, ref, ...(pulled.manifestDigest ? { manifestDigest: pulled.manifestDigest } : {}) };
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      });
    },
    fetchChart: async (chart, repo, o) => {
      // Resolved as Flux's source-controller resolves it, then kept in helm's content cache.
      const { pullChart } = await import('../../sources/index.js');
      const tls = await downloadTls(o);
      const credentials = o.username !== undefined || o.password !== undefined ? { username: o.username ?? '', password: o.password ?? '' } : undefined;
      const dir = mkdtempSync(join(tmpdir(), 'flux-ts-template-'));
      o.debug?.('set up default downloader cache');
      try {
        let pulled: { url: string; version: string; manifestDigest?: string; archive: Uint8Array };
        if (chart.startsWith('oci://') || repo === undefined) {
          const { helmOciError } = await import('./oci-error.js');
          const p = await pullChart({
            chart,
            ...(repo !== undefined ? { repoUrl: repo } : {}),
            version: o.version === '' ? '*' : o.version,
            destination: dir,
            ...(tls ? { tls } : {}),
            ...(credentials ? { credentials } : {}),
            ...(o.plainHttp ? { plainHttp: true } : {}),
            ...(o.passCredentials ? { passCredentials: true } : {}),
            env: o.helmEnv ?? env,
          }).catch((e: unknown) => {
            const text = helmOciError(e);
            throw text !== undefined ? new Error(text) : e;
          });
          o.debug?.('attempting to download chart', ['ref', p.url], ['version', o.version]);
          pulled = { url: p.url, version: p.version, ...(p.manifestDigest ? { manifestDigest: p.manifestDigest } : {}), archive: readFileSync(p.path!) };
        } else {
          // helm's own repository download (FindChartInRepoURL, then the getter), with its error texts.
          const [{ fetchRepoUrlChart }, { scanReposForUrl }] = await Promise.all([import('./repo-url-chart.js'), import('./repo-chart.js')]);
          pulled = await fetchRepoUrlChart(repo, chart, o.version, { ...(o.username !== undefined ? { username: o.username } : {}), ...(o.password !== undefined ? { password: o.password } : {}), ...(o.passCredentials ? { passCredentials: true } : {}), ...(tls ? { tls } : {}) }, {
            beforeDownload: (url) => {
              scanReposForUrl(url, o.helmEnv ?? env);
              o.debug?.('attempting to download chart', ['ref', url], ['version', o.version]);
            },
          });
        }
        const cache = helmSettings({}, o.helmEnv ?? env).contentCache;
        const stored = putInContentCache(cache, pulled.archive);
        o.debug?.('put downloaded chart in cache', ['id', stored.id]);
        // helm's registry client reports an OCI pull on stderr.
        const pulledLines = chart.startsWith('oci://') ? [`Pulled: ${chart.slice('oci://'.length)}:${pulled.version}`, ...(pulled.manifestDigest ? [`Digest: ${pulled.manifestDigest}`] : [])] : [];
        if (o.verify) {
          // helm's DownloadToCache with --verify: <chart URL>.prov (OCI: the provenance layer, whose
          // pull the registry client reports too); the lines are printed before a failure as well.
          const { verifyTemplateDownload, fetchProvenance } = await import('../provenance/index.js');
          const onOciPull = (ref: string, digest: string): void => void pulledLines.push(`Pulled: ${ref}`, `Digest: ${digest}`);
          const connection = {
            onOciPull,
            ...(credentials ? { credentials } : {}),
            ...(repo !== undefined ? { repoUrl: repo } : {}),
            ...(o.passCredentials ? { passCredentials: true } : {}),
            ...(tls ? { tls } : {}),
            ...(o.plainHttp ? { plainHttp: true } : {}),
            env: o.helmEnv ?? env,
          };
          try {
            await verifyTemplateDownload(readFileSync(stored.path), pulled.url, () => fetchProvenance(pulled.url, connection), { keyring: o.verify.keyring, env, at, contentCache: cache, ...(o.debug ? { debug: o.debug } : {}) });
          } catch (e) {
            for (const line of pulledLines) o.log?.(line);
            throw e;
          }
        }
        return { chart: await loadChart(stored.path), path: stored.path, warnings: pulledLines };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
