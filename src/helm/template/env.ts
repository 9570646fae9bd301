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
import type { SyncLookupBridgeOptions } from '../funcs/helm/lookup.js';
import type { ChartDownloadOptions, TemplateEnv } from './run.js';
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

async function downloadTls(o: ChartDownloadOptions): Promise<{ ca?: string; cert?: string; key?: string; rejectUnauthorized?: boolean } | undefined> {
  if (o.caFile === undefined && o.certFile === undefined && o.keyFile === undefined && !o.insecureSkipTlsVerify) return undefined;
  const read = (p: string | undefined): string | undefined => (p === undefined || p === '' ? undefined : readFileSync(p, 'utf8'));
  const [ca, cert, key] = [read(o.caFile), read(o.certFile), read(o.keyFile)];
  return { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}), ...(o.insecureSkipTlsVerify ? { rejectUnauthorized: false } : {}) };
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
    openServer: async (kube) => {
      const { openServerSession } = await import('./server.js');
      const bridge = sourceWorker();
      return openServerSession({ kube, env, ...(opts.userAgent ? { userAgent: opts.userAgent } : {}), ...(bridge ? { bridge } : {}) });
    },
    postRenderer: (name, args) => pluginPostRenderer(findPostRendererPlugin(name, env), args, env),
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
    fetchRepoChart: async (ref, version) => {
      const { fetchRepoChart } = await import('./repo-chart.js');
      const r = await fetchRepoChart(ref, version, env);
      const dir = mkdtempSync(join(tmpdir(), 'flux-ts-template-'));
      try {
        const file = join(dir, 'chart.tgz');
        writeFileSync(file, r.archive);
        return { chart: await loadChart(file), warnings: r.warnings };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    fetchChart: async (chart, repo, o) => {
      // Resolved as Flux's source-controller resolves it, saved to a temporary directory.
      const { pullChart } = await import('../../sources/index.js');
      const tls = await downloadTls(o);
      const credentials = o.username !== undefined || o.password !== undefined ? { username: o.username ?? '', password: o.password ?? '' } : undefined;
      const dir = mkdtempSync(join(tmpdir(), 'flux-ts-template-'));
      try {
        const pulled = await pullChart({
          chart,
          ...(repo !== undefined ? { repoUrl: repo } : {}),
          version: o.version === '' ? '*' : o.version,
          destination: dir,
          ...(tls ? { tls } : {}),
          ...(credentials ? { credentials } : {}),
          ...(o.plainHttp ? { plainHttp: true } : {}),
          ...(o.passCredentials ? { passCredentials: true } : {}),
          env,
        });
        return await loadChart(pulled.path!);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
