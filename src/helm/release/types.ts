// Helm's release record (helm.sh/helm/v4 pkg/release/v1) as it is serialised into release
// storage. Field names are Go's JSON names; optional fields follow Go's omitempty/omitzero
// so that records written here decode in the real `helm` CLI and vice versa.
import type { HookEvent } from '../manifest/hooks.js';

export type ReleaseStatus =
  | 'unknown'
  | 'deployed'
  | 'uninstalled'
  | 'superseded'
  | 'failed'
  | 'uninstalling'
  | 'pending-install'
  | 'pending-upgrade'
  | 'pending-rollback';

export const PENDING_STATUSES: readonly ReleaseStatus[] = ['pending-install', 'pending-upgrade', 'pending-rollback'];

export interface ReleaseInfo {
  first_deployed?: string;
  last_deployed?: string;
  deleted?: string;
  description?: string;
  status?: ReleaseStatus;
  notes?: string;
}

// The hook events a release records are the ones rendering recognises (one list).
export type { HookEvent };

export type HookDeletePolicy = 'hook-succeeded' | 'hook-failed' | 'before-hook-creation';
export type HookOutputLogPolicy = 'hook-succeeded' | 'hook-failed';
export type HookPhase = '' | 'Unknown' | 'Running' | 'Succeeded' | 'Failed';

export interface HookExecution {
  started_at?: string;
  completed_at?: string;
  /** Always present in Go's output, possibly empty. */
  phase: HookPhase;
}

export interface ReleaseHook {
  name?: string;
  kind?: string;
  path?: string;
  manifest?: string;
  events?: HookEvent[];
  last_run: HookExecution;
  weight?: number;
  delete_policies?: HookDeletePolicy[];
  output_log_policies?: HookOutputLogPolicy[];
}

export interface ChartMaintainer {
  name?: string;
  email?: string;
  url?: string;
}

export interface ChartDependency {
  name: string;
  version?: string;
  repository?: string;
  condition?: string;
  tags?: string[];
  enabled?: boolean;
  'import-values'?: unknown[];
  alias?: string;
}

export interface ChartMetadataJSON {
  name?: string;
  home?: string;
  sources?: string[];
  version?: string;
  description?: string;
  keywords?: string[];
  maintainers?: ChartMaintainer[];
  icon?: string;
  apiVersion?: string;
  condition?: string;
  tags?: string;
  appVersion?: string;
  deprecated?: boolean;
  annotations?: Record<string, string>;
  kubeVersion?: string;
  dependencies?: ChartDependency[];
  type?: string;
}

export interface ChartFileJSON {
  name: string;
  /** Go []byte: base64 in JSON. */
  data: string | null;
  modtime?: string;
}

export interface ChartLockJSON {
  generated: string;
  digest: string;
  dependencies: ChartDependency[];
}

/** The chart as embedded in a release (subcharts are not serialised by Helm). */
export interface ReleaseChart {
  metadata: ChartMetadataJSON | null;
  lock: ChartLockJSON | null;
  templates: ChartFileJSON[] | null;
  values: Record<string, unknown> | null;
  /** Go []byte: base64 in JSON. */
  schema: string | null;
  schemamodtime?: string;
  files: ChartFileJSON[] | null;
  modtime?: string;
}

export type ApplyMethod = 'csa' | 'ssa';

export interface Release {
  name: string;
  info: ReleaseInfo;
  chart: ReleaseChart;
  config?: Record<string, unknown>;
  manifest?: string;
  hooks?: ReleaseHook[];
  version: number;
  namespace: string;
  apply_method?: ApplyMethod;
  /** Storage labels beyond Helm's system labels; never part of the JSON. */
  labels?: Record<string, string>;
}
