// `helm template` end to end, as Helm 4 runs it (pkg/cmd/template.go → runInstall →
// Install.Run in client-only dry-run mode → renderResources): name and chart, values flags,
// chart load and checks, dependency processing, render values with schema validation,
// kubeVersion check, rendering, NOTES removal, sorting into manifests and hooks, printing.
import type { GoMap } from '../../gotemplate/value.js';
import type { Chart } from '../chart/index.js';
import { mergeUserValues, processDependencies, toRenderValues, type ValuesReader } from '../values/index.js';
import { makeCapabilities, type Capabilities } from '../engine/capabilities.js';
import type { RenderOptions } from '../engine/render.js';
import type { RenderedRelease } from '../engine/resources.js';
import type { SyncLookup } from '../funcs/helm/lookup.js';
import { renderTemplateResources, type PostRenderer } from './post-render.js';
import type { KubeFlags } from '../../cluster/kubeconfig.js';
import { nameAndChart, validateReleaseName } from './release-name.js';
import { releaseManifest, templateStdout, writeOutputDir, type OutputFs } from './output.js';
import { dryRunStrategy, type DryRunStrategy } from './dry-run.js';
import { exclusiveFlagsError } from './flags.js';
import { helmKubeFlags, type HelmKubeFlags } from './kube-flags.js';
import type { ServerSession } from './server.js';
import type { RateLimit } from '../../cluster/rate-limit.js';
import { helmSettings, kubeRateLimit, settingsEnv, type HelmSettings, type SettingsFlags } from './settings.js';
import { slogLine, type SlogValue } from './slog.js';
import { debugStdout } from './output.js';
import { unparsedFilesText } from './post-render.js';
import { resumeBaselineCompiler } from '../../runtime/baseline-compiler.js';

export interface TemplateFlags extends HelmKubeFlags, ChartConnectionFlags, SettingsFlags {
  args: string[];
  valueFiles: string[];
  setJson: string[];
  set: string[];
  setString: string[];
  setFile: string[];
  setLiteral: string[];
  namespace: string;
  nameTemplate?: string;
  generateName: boolean;
  kubeVersion?: string;
  apiVersions: string[];
  showOnly: string[];
  includeCrds: boolean;
  skipTests: boolean;
  isUpgrade: boolean;
  noHooks: boolean;
  outputDir?: string;
  /** --release-name: use the release name in the output-dir path. */
  useReleaseName: boolean;
  skipSchemaValidation: boolean;
  /** --repo: the chart is a name in this chart repository. */
  repo?: string;
  /** --version: chart version constraint for --repo and oci:// charts (default: latest). */
  version?: string;
  /** --enable-dns: getHostByName resolves names (off: returns ""). */
  enableDns: boolean;
  /** --devel: a version constraint of '>0.0.0-0' when --version is not given. */
  devel: boolean;
  /** --dry-run value as given (undefined: Helm's default "client"; bare flag: "unset"). */
  dryRun?: string;
  /** --validate (deprecated): --dry-run=server. */
  validate: boolean;
  /** --post-renderer: the name of a postrenderer/v1 plugin. */
  postRenderer?: string;
  postRendererArgs: string[];
  /** -l/--labels: key=value pairs for the release metadata. */
  labels: string[];
  /** --skip-crds: no CRD warning in --dry-run=server. */
  skipCrds: boolean;
  /** --take-ownership: --dry-run=server adopts existing objects instead of refusing them. */
  takeOwnership: boolean;
  /** --force-conflicts, --force-replace, --force (deprecated): no effect on output, exclusive as in Helm. */
  forceConflicts: boolean;
  forceReplace: boolean;
  force: boolean;
  /** --disable-openapi-validation: --dry-run=server skips the OpenAPI check of kinds. */
  disableOpenapiValidation: boolean;
  /** --verify: chart provenance verification (src/helm/provenance). */
  verify: boolean;
  /** --keyring: public keys for --verify (default: helm's, $GNUPGHOME or ~/.gnupg/pubring.gpg). */
  keyring?: string;
  /** --dependency-update */
  dependencyUpdate: boolean;
  /** --wait value (checked, otherwise no effect on what template prints). */
  wait?: string;
  description?: string;
  /** Notices of deprecated flags, printed first as cobra does. */
  deprecations: string[];
  /** Install flags that change nothing `helm template` prints. */
  ignored: boolean;
}

/** Chart download (--repo, oci://): TLS files, credentials, plain HTTP. */
export interface ChartConnectionFlags {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  insecureSkipTlsVerify: boolean;
  plainHttp: boolean;
  username?: string;
  password?: string;
  passCredentials: boolean;
}

/** How `--repo` / `oci://` charts are downloaded. */
export interface ChartDownloadOptions extends ChartConnectionFlags {
  version: string;
  /** --verify: check the download against its provenance with this --keyring (undefined: helm's default). */
  verify?: { keyring?: string };
  /** Lines helm printed on stderr before a download failed (a failed --verify of an OCI chart). */
  log?: (line: string) => void;
  /** The HELM_* environment of the settings (registry config, content cache...). */
  helmEnv?: NodeJS.ProcessEnv;
  /** helm's debug log lines of the download, when --debug. */
  debug?: (msg: string, ...attrs: [string, SlogValue][]) => void;
}

/** What --dependency-update needs besides the chart: settings, registry flags, where to print. */
export interface DependencyUpdateRequest {
  settings: HelmSettings;
  helmEnv: NodeJS.ProcessEnv;
  connection: ChartConnectionFlags;
  /** A line of the Manager's output (helm prints it on stdout). */
  out: (line: string) => void;
  /** A line helm prints on stderr meanwhile. */
  err: (line: string) => void;
  log: (msg: string, ...attrs: [string, SlogValue][]) => void;
}

/** A downloaded chart and where helm keeps it (its content cache). */
export interface FetchedChart {
  chart: Chart;
  path?: string;
  warnings?: string[];
}

/** action.CheckDependencies: dependencies named in Chart.yaml but absent from charts/. */
export function missingDependencies(chart: Chart): string[] {
  const present = new Set(chart.dependencies().map((d) => d.name()));
  return chart.metadata.dependencies.flatMap((d) => (d !== null && !present.has(d.name) ? [d.name] : []));
}

export interface TemplateEnv {
  render: RenderOptions;
  /** Render options with getHostByName resolving (--enable-dns) and/or a live `lookup`. */
  renderWith?: (o: { enableDns: boolean; lookup?: SyncLookup }) => RenderOptions;
  /** Reads -f files and --set-file paths (relative to the working directory). */
  read: ValuesReader;
  fs: OutputFs;
  renderNameTemplate: (template: string) => string;
  /** Does the chart path exist (directory or file)? */
  exists: (path: string) => boolean;
  /** Loads the chart directory or archive (default: the chart loader on the local filesystem). */
  loadChart: (path: string) => Promise<Chart>;
  /** Fetches a chart from a repository (--repo URL) or an OCI registry (oci://...). */
  fetchChart?: (chart: string, repo: string | undefined, opts: ChartDownloadOptions) => Promise<FetchedChart>;
  /** `repo/chart`: a chart of a repository in Helm's repositories.yaml, from its cached index. */
  fetchRepoChart?: (ref: string, version: string, opts: Pick<ChartDownloadOptions, 'helmEnv' | 'debug' | 'verify'>) => Promise<FetchedChart>;
  /** --verify of a chart archive on disk: its `<path>.prov` against the --keyring (helm's VerifyChart). */
  verifyChart?: (path: string, keyring: string | undefined) => Promise<void>;
  /** The absolute path of a local chart (helm logs it with --debug). */
  absolutePath?: (path: string) => string;
  /** --dependency-update: downloader.Manager.Update on the chart (throws helm's error). */
  updateDependencies?: (chartPath: string, opts: DependencyUpdateRequest) => Promise<void>;
  /** Is the chart path a directory (an unpacked chart)? */
  isDirectory?: (path: string) => boolean;
  /** Environment for Helm's HELM_* settings (namespace, kube connection). */
  env?: NodeJS.ProcessEnv;
  /** flux-ts's global connection flags (--kubeconfig, --context...) under Helm's own. */
  kube?: KubeFlags;
  /** --dry-run=server: connects to the cluster (throws ClusterReachabilityError); rateLimit from --qps/--burst-limit. */
  openServer?: (kube: KubeFlags, opts?: { rateLimit?: RateLimit }) => Promise<ServerSession>;
  /** --post-renderer: the plugin's post-renderer (throws Helm's flag error when not found); debug gets helm's slog line of each run. */
  postRenderer?: (name: string, args: string[], debug?: (msg: string, ...attrs: [string, SlogValue][]) => void) => PostRenderer;
}


/** Labels Helm keeps for its own release records. */
const SYSTEM_LABELS = ['name', 'owner', 'status', 'version', 'createdAt', 'modifiedAt'];

export interface TemplateResult {
  stdout: string;
  /** Log lines Helm prints on stderr (not errors). */
  warnings: string[];
  /** Helm's error text (what follows "Error: "), if the command failed. */
  error?: string;
}

/** Errors after the release object exists get Helm's debug hint. */
/** Template text from which a render runs long enough for baseline compilation to pay (the example charts have ~5 KB, the 500-template benchmark ~700 KB). */
const LARGE_CHART_TEMPLATE_BYTES = 64 * 1024;

/** The size of the chart's templates, its subcharts' included. */
function templateBytes(chart: Chart): number {
  let n = 0;
  for (const t of chart.templates) n += t.data.length;
  for (const dep of chart.dependencies()) n += templateBytes(dep);
  return n;
}

const DEBUG_HINT = '\n\nUse --debug flag to render out invalid YAML';

/**
 * ChartPathOptions.LocateChart's answer for a chart that is not on disk: paths (absolute or
 * starting with ".") are "not found"; anything else names a chart repository, which
 * `flux-ts template` does not consult (no local repository configuration), as Helm reports it
 * when that repository is not configured.
 */
function locateError(chart: string): string {
  if (chart.startsWith('/') || chart.startsWith('.')) return `path ${JSON.stringify(chart)} not found`;
  const slash = chart.indexOf('/');
  if (slash < 0) return `non-absolute URLs should be in form of repo_name/path_to_chart, got: ${chart}`;
  return `repo ${chart.slice(0, slash)} not found`;
}

/** The chart download flags (also what --dependency-update's registry client uses). */
function connectionFlags(flags: TemplateFlags): ChartConnectionFlags {
  return {
    insecureSkipTlsVerify: flags.insecureSkipTlsVerify,
    plainHttp: flags.plainHttp,
    passCredentials: flags.passCredentials,
    ...(flags.caFile !== undefined ? { caFile: flags.caFile } : {}),
    ...(flags.certFile !== undefined ? { certFile: flags.certFile } : {}),
    ...(flags.keyFile !== undefined ? { keyFile: flags.keyFile } : {}),
    ...(flags.username !== undefined ? { username: flags.username } : {}),
    ...(flags.password !== undefined ? { password: flags.password } : {}),
  };
}

/**
 * helm's debug log of ValidateAgainstSchema, which walks the (enabled) charts parent first:
 * each chart's schema, then its number of dependencies.
 */
function logSchemaWalk(chart: Chart, debug: (msg: string, ...attrs: [string, SlogValue][]) => void): void {
  if (chart.schema !== null) {
    debug('chart name', ['chart-name', chart.name()]);
    debug('unmarshalled JSON schema', ['schema', new TextDecoder().decode(chart.schema)]);
  }
  const deps = chart.dependencies();
  debug('number of dependencies in the chart', ['chart', chart.name()], ['dependencies', deps.length]);
  for (const d of deps) logSchemaWalk(d, debug);
}

/** The download option --verify/--keyring give. */
function verifyOption(flags: TemplateFlags): Pick<ChartDownloadOptions, 'verify'> {
  return flags.verify ? { verify: flags.keyring !== undefined ? { keyring: flags.keyring } : {} } : {};
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function runTemplate(flags: TemplateFlags, env: TemplateEnv): Promise<TemplateResult> {
  const warnings: string[] = [...flags.deprecations];
  let session: ServerSession | undefined;
  try {
    return await runTemplateWith(flags, env, warnings, (s) => (session = s));
  } finally {
    await session?.close();
  }
}

async function runTemplateWith(flags: TemplateFlags, env: TemplateEnv, warnings: string[], opened: (s: ServerSession) => void): Promise<TemplateResult> {
  // What --dependency-update's Manager printed comes first on stdout, whatever follows.
  let managerOut = '';
  const fail = (error: string): TemplateResult => ({ stdout: managerOut, warnings, error });
  // helm reads its settings (and checks --color) before anything else.
  let settings: HelmSettings;
  try {
    settings = helmSettings(flags, env.env ?? {});
  } catch (e) {
    return fail(message(e));
  }
  const helmEnv = settingsEnv(settings, env.env ?? {});
  const debug = (msg: string, ...attrs: [string, SlogValue][]): void => {
    if (settings.debug) warnings.push(slogLine('DEBUG', msg, ...attrs));
  };
  // A post-renderer is found while flags are parsed, so a missing plugin is a flag error.
  let postRenderer: PostRenderer | undefined;
  if (flags.postRenderer !== undefined) {
    try {
      if (!env.postRenderer) throw new Error('post-renderers are not available');
      // helm 4 runs the plugin with its own environment only (no settings.EnvVars).
      postRenderer = env.postRenderer(flags.postRenderer, flags.postRendererArgs, debug);
    } catch (e) {
      return fail(`invalid argument ${JSON.stringify(flags.postRenderer)} for "--post-renderer" flag: ${message(e)}`);
    }
  }
  const given: Record<string, boolean> = { force: flags.force, 'force-conflicts': flags.forceConflicts, 'force-replace': flags.forceReplace, validate: flags.validate, 'dry-run': flags.dryRun !== undefined };
  const exclusive = exclusiveFlagsError((long) => given[long] === true);
  if (exclusive !== undefined) return fail(exclusive);
  let localCaps: Capabilities;
  try {
    localCaps = makeCapabilities({ kubeVersion: flags.kubeVersion, apiVersions: flags.apiVersions });
  } catch (e) {
    return fail(`invalid kube version '${flags.kubeVersion}': ${message(e)}`);
  }
  let strategy: DryRunStrategy;
  try {
    const choice = dryRunStrategy(flags.dryRun);
    if (choice.warning !== undefined) warnings.push(choice.warning);
    strategy = flags.validate ? 'server' : choice.strategy;
  } catch (e) {
    return fail(message(e));
  }
  const labels: Record<string, string> = {};
  for (const pair of flags.labels) {
    const eq = pair.indexOf('=');
    labels[pair.slice(0, eq)] = pair.slice(eq + 1);
  }

  let chart: Chart;
  let name: string;
  let values: GoMap;
  let session: ServerSession | undefined;
  try {
    const nc = nameAndChart(flags.args, {
      nameTemplate: flags.nameTemplate,
      generateName: flags.generateName,
      renderNameTemplate: env.renderNameTemplate,
      now: () => Math.floor(Date.now() / 1000),
    });
    name = nc.name;
    // ChartPathOptions.LocateChart comes first: a local path, --repo / oci://, or repo/chart.
    const remote = flags.repo !== undefined || nc.chart.startsWith('oci://');
    debug('Original chart version', ['version', flags.version ?? '']);
    if ((flags.version ?? '') === '' && flags.devel) debug('setting version to >0.0.0-0');
    const version = flags.version || (flags.devel ? '>0.0.0-0' : '');
    let located: Chart | undefined;
    let chartPath: string | undefined;
    if (remote) {
      if (!env.fetchChart) throw new Error(`cannot fetch ${nc.chart}: no chart repository client`);
      const fetched = await env.fetchChart(nc.chart, flags.repo, { version, helmEnv, debug, ...connectionFlags(flags), ...verifyOption(flags), log: (line) => warnings.push(line) });
      warnings.push(...(fetched.warnings ?? []));
      [located, chartPath] = [fetched.chart, fetched.path];
    } else if (!env.exists(nc.chart)) {
      if (nc.chart.startsWith('/') || nc.chart.startsWith('.') || !env.fetchRepoChart) throw new Error(locateError(nc.chart));
      const r = await env.fetchRepoChart(nc.chart, version, { helmEnv, debug, ...verifyOption(flags) });
      warnings.push(...(r.warnings ?? []));
      [located, chartPath] = [r.chart, r.path];
    } else {
      chartPath = env.absolutePath?.(nc.chart) ?? nc.chart;
      if (flags.verify) {
        if (!env.verifyChart) throw new Error('chart provenance cannot be verified: no keyring access');
        await env.verifyChart(chartPath, flags.keyring);
      }
    }
    if (chartPath !== undefined) debug('Chart path', ['path', chartPath]);
    values = await mergeUserValues(
      {
        valueFiles: flags.valueFiles,
        jsonValues: flags.setJson,
        values: flags.set,
        stringValues: flags.setString,
        fileValues: flags.setFile,
        literalValues: flags.setLiteral,
      },
      env.read,
    );
    chart = located ?? (await env.loadChart(nc.chart));
    const type = chart.metadata.type;
    if (type !== '' && type !== 'application') throw new Error(`${type} charts are not installable`);
    if (chart.metadata.deprecated) warnings.push('level=WARN msg="this chart is deprecated"');
    const missing = missingDependencies(chart);
    if (missing.length > 0) {
      if (flags.dependencyUpdate) {
        // downloader.Manager.Update on the located chart, then the chart is loaded again.
        if (!env.updateDependencies) throw new Error('chart dependencies cannot be downloaded here');
        await env.updateDependencies(chartPath ?? nc.chart, {
          settings,
          helmEnv,
          connection: connectionFlags(flags),
          out: (line) => (managerOut += `${line}\n`),
          err: (line) => warnings.push(line),
          log: debug,
        });
        try {
          chart = await env.loadChart(chartPath ?? nc.chart);
        } catch (e) {
          throw new Error(`failed reloading chart after repo update: ${message(e)}`);
        }
      } else
        throw new Error(
        `an error occurred while checking for chart dependencies. You may need to run \`helm dependency build\` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: ${missing.join(', ')}`,
      );
    }
    if (strategy === 'server') {
      if (!env.openServer) throw new Error('cluster reachability check failed: no cluster client');
      try {
        session = await env.openServer(helmKubeFlags(flags, env.env ?? {}, env.kube), { rateLimit: kubeRateLimit(settings) });
        opened(session);
      } catch (e) {
        const text = `cluster reachability check failed: ${message(e)}`;
        warnings.push(`level=ERROR msg=${JSON.stringify(text)}`);
        throw new Error(text);
      }
    }
    try {
      validateReleaseName(name);
    } catch (e) {
      // Helm logs the failure before returning it.
      warnings.push(`level=ERROR msg="release name check failed" error=${JSON.stringify(message(e).replace(/^release name check failed: /, ''))}`);
      throw e;
    }
    processDependencies(chart, values, { log: (line) => warnings.push(line) });
  } catch (e) {
    return fail(message(e));
  }

  let caps = localCaps;
  if (session !== undefined) {
    if (!flags.skipCrds && chart.crdObjects().length > 0) {
      warnings.push('level=WARN msg="This chart or one of its subcharts contains CRDs. Rendering may fail or contain inaccuracies."');
    }
    try {
      caps = await session.capabilities();
    } catch (e) {
      return fail(message(e));
    }
  }

  const release = { name, namespace: flags.namespace, revision: 1, isInstall: !flags.isUpgrade, isUpgrade: flags.isUpgrade };
  if (settings.debug && !flags.skipSchemaValidation) logSchemaWalk(chart, debug);
  let top;
  try {
    top = toRenderValues(chart, values, release, caps, { log: (line) => warnings.push(line), skipSchemaValidation: flags.skipSchemaValidation });
  } catch (e) {
    return fail(message(e));
  }
  const reserved = Object.keys(labels).filter((k) => SYSTEM_LABELS.includes(k));
  if (reserved.length > 0) return fail(`user supplied labels contains system reserved label name. System labels: [${SYSTEM_LABELS.join(' ')}]`);

  let rendered: RenderedRelease;
  let sorting: ReadonlyMap<string, string> | undefined;
  // A render long enough to earn back baseline compilation (src/runtime/baseline-compiler.ts).
  if (templateBytes(chart) > LARGE_CHART_TEMPLATE_BYTES) resumeBaselineCompiler();
  try {
    const special = flags.enableDns || session !== undefined;
    const base = special && env.renderWith ? env.renderWith({ enableDns: flags.enableDns, ...(session !== undefined ? { lookup: session.lookup } : {}) }) : env.render;
    rendered = renderTemplateResources(chart, { ...top, Capabilities: caps }, {
      ...base,
      ...(postRenderer !== undefined ? { postRenderer } : {}),
      ...(settings.debug ? { onFiles: (files: ReadonlyMap<string, string>) => (sorting = files) } : {}),
      onUnknownHook: (hookTypes) => warnings.push(`level=INFO msg="skipping unknown hooks" hookTypes=${hookTypes}`),
    });
  } catch (e) {
    warnings.push(...(session?.takeLogs() ?? []));
    if (!settings.debug) return fail(message(e) + DEBUG_HINT);
    // helm template --debug prints the release's manifest anyway: every rendered file when
    // they could not be sorted into manifests and hooks, else nothing.
    try {
      return { stdout: managerOut + debugStdout(sorting !== undefined ? unparsedFilesText(sorting) : '', flags.showOnly), warnings, error: message(e) };
    } catch (showOnly) {
      return fail(message(showOnly));
    }
  }
  warnings.push(...(session?.takeLogs() ?? []));
  const crds = rendered.crds;
  const input = {
    crds,
    manifests: rendered.manifests,
    hooks: rendered.hooks,
    includeCrds: flags.includeCrds,
    skipTests: flags.skipTests,
    disableHooks: flags.noHooks,
    showOnly: flags.showOnly,
  };
  if (session !== undefined) {
    try {
      await session.checkRelease({ name, namespace: flags.namespace, manifest: releaseManifest(input), takeOwnership: flags.takeOwnership, isUpgrade: flags.isUpgrade, validate: !flags.disableOpenapiValidation });
    } catch (e) {
      return fail(message(e));
    }
  }
  if (flags.outputDir !== undefined && flags.outputDir !== '') {
    const r = writeOutputDir({ ...input, outputDir: flags.outputDir, releaseName: name, useReleaseName: flags.useReleaseName }, env.fs);
    return { stdout: managerOut + r.stdout, warnings, ...(r.error ? { error: r.error.message } : {}) };
  }
  try {
    return { stdout: managerOut + templateStdout(input), warnings };
  } catch (e) {
    return fail(message(e));
  }
}
