// Helm's EnvSettings for `flux-ts template`: the global flags --debug, --qps, --burst-limit,
// --registry-config, --repository-config, --repository-cache, --content-cache and
// --color/--colour, each defaulting to its HELM_* variable as helm v4.1.4 reads them
// (pkg/cli/environment.go), then the HELM_* environment the chart lookup, OCI credentials and
// plugins see, and the client-side rate limit of the --dry-run=server client.
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { RateLimit } from '../../cluster/rate-limit.js';

/** The global flags as given (undefined: not on the command line). */
export interface SettingsFlags {
  debug?: boolean;
  qps?: number;
  burstLimit?: number;
  registryConfig?: string;
  repositoryConfig?: string;
  repositoryCache?: string;
  contentCache?: string;
  /** --color / --colour, unchecked (checked by helmSettings, as helm checks it before running). */
  colorMode?: string;
}

export type ColorMode = 'never' | 'auto' | 'always';

export interface HelmSettings {
  debug: boolean;
  qps: number;
  burstLimit: number;
  registryConfig: string;
  repositoryConfig: string;
  repositoryCache: string;
  contentCache: string;
  colorMode: ColorMode;
}

/** helm's defaultBurstLimit; its defaultQPS is 0 ("use client-go's default"). */
export const DEFAULT_BURST_LIMIT = 100;

const COLOR_MODES: readonly string[] = ['never', 'auto', 'always'];

/** helmpath: $HELM_<KIND>_HOME, else $XDG_<KIND>_HOME/helm, else ~/<fallback>/helm. */
function helmPath(env: NodeJS.ProcessEnv, kind: 'CONFIG' | 'CACHE', fallback: string, ...rest: string[]): string {
  const home = env[`HELM_${kind}_HOME`] || join(env[`XDG_${kind}_HOME`] || join(env.HOME || homedir(), fallback), 'helm');
  return join(home, ...rest);
}

/** os.LookupEnv then the default: a variable set to "" counts as set, as in helm's envOr. */
function envOr(env: NodeJS.ProcessEnv, name: string, def: string): string {
  const v = env[name];
  return v !== undefined ? v : def;
}

/** envIntOr / envFloat32Or: an unparsable variable falls back to the default silently. */
function envNumber(env: NodeJS.ProcessEnv, name: string, def: number, integer: boolean): number {
  const v = env[name];
  if (v === undefined) return def;
  const n = integer ? (/^[+-]?\d+$/.test(v) ? Number(v) : NaN) : Number(v);
  return v.trim() === '' || Number.isNaN(n) ? def : n;
}

/** envColorMode: NO_COLOR (non-empty) wins, then a valid HELM_COLOR, else auto. */
function envColorMode(env: NodeJS.ProcessEnv): ColorMode {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 'never';
  const v = env.HELM_COLOR?.toLowerCase();
  return v !== undefined && COLOR_MODES.includes(v) ? (v as ColorMode) : 'auto';
}

/** HELM_DEBUG as strconv.ParseBool reads it (anything else: false). */
function envDebug(env: NodeJS.ProcessEnv): boolean {
  return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(env.HELM_DEBUG ?? '');
}

/** The settings, flags over environment; throws helm's error for a bad --color. */
export function helmSettings(flags: SettingsFlags, env: NodeJS.ProcessEnv): HelmSettings {
  const color = flags.colorMode ?? envColorMode(env);
  if (!COLOR_MODES.includes(color)) throw new Error(`invalid color mode ${JSON.stringify(color)}: must be one of: never, auto, always`);
  return {
    debug: flags.debug ?? envDebug(env),
    qps: flags.qps ?? envNumber(env, 'HELM_QPS', 0, false),
    burstLimit: flags.burstLimit ?? envNumber(env, 'HELM_BURST_LIMIT', DEFAULT_BURST_LIMIT, true),
    registryConfig: flags.registryConfig ?? envOr(env, 'HELM_REGISTRY_CONFIG', helmPath(env, 'CONFIG', '.config', 'registry', 'config.json')),
    repositoryConfig: flags.repositoryConfig ?? envOr(env, 'HELM_REPOSITORY_CONFIG', helmPath(env, 'CONFIG', '.config', 'repositories.yaml')),
    repositoryCache: flags.repositoryCache ?? envOr(env, 'HELM_REPOSITORY_CACHE', helmPath(env, 'CACHE', '.cache', 'repository')),
    contentCache: flags.contentCache ?? envOr(env, 'HELM_CONTENT_CACHE', helmPath(env, 'CACHE', '.cache', 'content')),
    colorMode: color as ColorMode,
  };
}

/**
 * The environment with the settings written back as HELM_* variables, as helm hands
 * settings.EnvVars() to plugins; the repository lookup and OCI credentials read the same.
 */
export function settingsEnv(s: HelmSettings, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...env,
    HELM_DEBUG: String(s.debug),
    HELM_REGISTRY_CONFIG: s.registryConfig,
    HELM_REPOSITORY_CONFIG: s.repositoryConfig,
    HELM_REPOSITORY_CACHE: s.repositoryCache,
    HELM_CONTENT_CACHE: s.contentCache,
    HELM_BURST_LIMIT: String(s.burstLimit),
    HELM_QPS: s.qps.toFixed(2),
  };
}

/** client-go's defaults for a rest.Config whose QPS / Burst are 0. */
const CLIENT_GO_QPS = 5;
const CLIENT_GO_BURST = 10;

/**
 * The token bucket client-go builds from helm's QPS and Burst: 0 means client-go's default,
 * a negative QPS means no client-side limit (qps 0 for our TokenBucket).
 */
export function kubeRateLimit(s: Pick<HelmSettings, 'qps' | 'burstLimit'>): RateLimit {
  const qps = s.qps === 0 ? CLIENT_GO_QPS : s.qps;
  if (!(qps > 0)) return { qps: 0, burst: 0 };
  return { qps, burst: s.burstLimit === 0 ? CLIENT_GO_BURST : Math.max(1, s.burstLimit) };
}
