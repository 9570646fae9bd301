// `helm template --dry-run[=client|server]` (Helm 4's cmdGetDryRunFlagStrategy with the
// template special case): the value decides whether rendering may talk to the cluster.
// Legacy forms (no value, booleans) still work with a deprecation warning; `none` and false are
// refused, since `helm template` is always a dry run.

export type DryRunStrategy = 'client' | 'server';

/** pflag's NoOptDefVal of --dry-run: what a bare `--dry-run` sets. */
export const DRY_RUN_NO_VALUE = 'unset';

export interface DryRunChoice {
  strategy: DryRunStrategy;
  /** Helm's log line for a deprecated form, if any. */
  warning?: string;
}

/** strconv.ParseBool */
function parseGoBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/** The strategy for a --dry-run value (default "client"); throws Helm's error for a bad one. */
export function dryRunStrategy(value: string | undefined): DryRunChoice {
  const v = value ?? 'client';
  if (v === DRY_RUN_NO_VALUE) return { strategy: 'client', warning: `level=WARN msg="--dry-run is deprecated and should be replaced with '--dry-run=client'"` };
  if (v === 'client' || v === 'server') return { strategy: v };
  const refused = new Error(`invalid dry-run value (${JSON.stringify(v)}). Must be "server" or "client"`);
  if (v === 'none') throw refused;
  const b = parseGoBool(v);
  if (b === undefined) throw new Error(`invalid dry-run value (${JSON.stringify(v)}). Must be "none", "server", or "client"`);
  if (!b) throw refused;
  return { strategy: 'client', warning: `level=WARN msg="boolean '--dry-run=${v}' flag is deprecated and must be replaced with '--dry-run=client'"` };
}
