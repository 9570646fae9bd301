// `helm template` end to end, as Helm 4 runs it (pkg/cmd/template.go → runInstall →
// Install.Run in client-only dry-run mode → renderResources): name and chart, values flags,
// chart load and checks, dependency processing, render values with schema validation,
// kubeVersion check, rendering, NOTES removal, sorting into manifests and hooks, printing.
import type { GoMap } from '../../gotemplate/value.js';
import type { Chart } from '../chart/index.js';
import { mergeUserValues, processDependencies, toRenderValues, type ValuesReader } from '../values/index.js';
import { makeCapabilities, type Capabilities } from '../engine/capabilities.js';
import type { RenderOptions } from '../engine/render.js';
import { renderResources, type RenderedRelease } from '../engine/resources.js';
import { nameAndChart, validateReleaseName } from './release-name.js';
import { templateStdout, writeOutputDir, type OutputFs } from './output.js';

export interface TemplateFlags {
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
}

/** action.CheckDependencies: dependencies named in Chart.yaml but absent from charts/. */
export function missingDependencies(chart: Chart): string[] {
  const present = new Set(chart.dependencies().map((d) => d.name()));
  return chart.metadata.dependencies.flatMap((d) => (d !== null && !present.has(d.name) ? [d.name] : []));
}

export interface TemplateEnv {
  render: RenderOptions;
  /** Render options whose getHostByName really resolves (--enable-dns). */
  renderWithDns?: () => RenderOptions;
  /** Reads -f files and --set-file paths (relative to the working directory). */
  read: ValuesReader;
  fs: OutputFs;
  renderNameTemplate: (template: string) => string;
  /** Does the chart path exist (directory or file)? */
  exists: (path: string) => boolean;
  /** Loads the chart directory or archive (default: the chart loader on the local filesystem). */
  loadChart: (path: string) => Promise<Chart>;
  /** Fetches a chart from a repository (--repo URL) or an OCI registry (oci://...). */
  fetchChart?: (chart: string, repo: string | undefined, version: string) => Promise<Chart>;
}

export interface TemplateResult {
  stdout: string;
  /** Log lines Helm prints on stderr (not errors). */
  warnings: string[];
  /** Helm's error text (what follows "Error: "), if the command failed. */
  error?: string;
}

/** Errors after the release object exists get Helm's debug hint. */
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

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function runTemplate(flags: TemplateFlags, env: TemplateEnv): Promise<TemplateResult> {
  const warnings: string[] = [];
  let caps: Capabilities;
  try {
    caps = makeCapabilities({ kubeVersion: flags.kubeVersion, apiVersions: flags.apiVersions });
  } catch (e) {
    return { stdout: '', warnings, error: `invalid kube version '${flags.kubeVersion}': ${message(e)}` };
  }

  let chart: Chart;
  let name: string;
  let values: GoMap;
  try {
    const nc = nameAndChart(flags.args, {
      nameTemplate: flags.nameTemplate,
      generateName: flags.generateName,
      renderNameTemplate: env.renderNameTemplate,
      now: () => Math.floor(Date.now() / 1000),
    });
    name = nc.name;
    const remote = flags.repo !== undefined || nc.chart.startsWith('oci://');
    if (!remote && !env.exists(nc.chart)) throw new Error(locateError(nc.chart));
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
    if (remote) {
      if (!env.fetchChart) throw new Error(`cannot fetch ${nc.chart}: no chart repository client`);
      chart = await env.fetchChart(nc.chart, flags.repo, flags.version ?? '');
    } else {
      chart = await env.loadChart(nc.chart);
    }
    const type = chart.metadata.type;
    if (type !== '' && type !== 'application') throw new Error(`${type} charts are not installable`);
    if (chart.metadata.deprecated) warnings.push('level=WARN msg="this chart is deprecated"');
    const missing = missingDependencies(chart);
    if (missing.length > 0) {
      throw new Error(
        `an error occurred while checking for chart dependencies. You may need to run \`helm dependency build\` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: ${missing.join(', ')}`,
      );
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
    return { stdout: '', warnings, error: message(e) };
  }

  const release = { name, namespace: flags.namespace, revision: 1, isInstall: !flags.isUpgrade, isUpgrade: flags.isUpgrade };
  let top;
  try {
    top = toRenderValues(chart, values, release, caps, { log: (line) => warnings.push(line), skipSchemaValidation: flags.skipSchemaValidation });
  } catch (e) {
    return { stdout: '', warnings, error: message(e) };
  }

  let rendered: RenderedRelease;
  try {
    rendered = renderResources(chart, { ...top, Capabilities: caps }, {
      ...(flags.enableDns && env.renderWithDns ? env.renderWithDns() : env.render),
      onUnknownHook: (hookTypes) => warnings.push(`level=INFO msg="skipping unknown hooks" hookTypes=${hookTypes}`),
    });
  } catch (e) {
    return { stdout: '', warnings, error: message(e) + DEBUG_HINT };
  }
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
  if (flags.outputDir !== undefined && flags.outputDir !== '') {
    const r = writeOutputDir({ ...input, outputDir: flags.outputDir, releaseName: name, useReleaseName: flags.useReleaseName }, env.fs);
    return { stdout: r.stdout, warnings, ...(r.error ? { error: r.error.message } : {}) };
  }
  try {
    return { stdout: templateStdout(input), warnings };
  } catch (e) {
    return { stdout: '', warnings, error: message(e) };
  }
}
