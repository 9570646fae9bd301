// The flags of `helm template` that flux-ts supports, as one table used both by the commander
// command and by parseTemplateArgs (an argv parser with pflag's rules: --flag value,
// --flag=value, -f value, repeated flags, comma lists for string-slice flags).
import type { TemplateFlags } from './run.js';

type FlagKind = 'bool' | 'string' | 'array' | 'slice';

export interface FlagSpec {
  long: string;
  short?: string;
  kind: FlagKind;
  key: keyof TemplateFlags;
  description: string;
}

export const TEMPLATE_FLAGS: readonly FlagSpec[] = [
  { long: 'values', short: 'f', kind: 'slice', key: 'valueFiles', description: 'specify values in a YAML file (can specify multiple)' },
  { long: 'set', kind: 'array', key: 'set', description: 'set values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)' },
  { long: 'set-string', kind: 'array', key: 'setString', description: 'set STRING values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)' },
  { long: 'set-file', kind: 'array', key: 'setFile', description: 'set values from respective files specified via the command line (can specify multiple or separate values with commas: key1=path1,key2=path2)' },
  { long: 'set-json', kind: 'array', key: 'setJson', description: 'set JSON values on the command line (can specify multiple or separate values with commas: key1=jsonval1,key2=jsonval2 or using json format: {"key1": jsonval1, "key2": "jsonval2"})' },
  { long: 'set-literal', kind: 'array', key: 'setLiteral', description: 'set a literal STRING value on the command line' },
  { long: 'namespace', short: 'n', kind: 'string', key: 'namespace', description: 'namespace scope for this request' },
  { long: 'name-template', kind: 'string', key: 'nameTemplate', description: 'specify template used to name the release' },
  { long: 'generate-name', short: 'g', kind: 'bool', key: 'generateName', description: 'generate the name (and omit the NAME parameter)' },
  { long: 'kube-version', kind: 'string', key: 'kubeVersion', description: 'Kubernetes version used for Capabilities.KubeVersion' },
  { long: 'api-versions', short: 'a', kind: 'slice', key: 'apiVersions', description: 'Kubernetes api versions used for Capabilities.APIVersions (multiple can be specified)' },
  { long: 'show-only', short: 's', kind: 'array', key: 'showOnly', description: 'only show manifests rendered from the given templates' },
  { long: 'include-crds', kind: 'bool', key: 'includeCrds', description: 'include CRDs in the templated output' },
  { long: 'skip-tests', kind: 'bool', key: 'skipTests', description: 'skip tests from templated output' },
  { long: 'is-upgrade', kind: 'bool', key: 'isUpgrade', description: 'set .Release.IsUpgrade instead of .Release.IsInstall' },
  { long: 'no-hooks', kind: 'bool', key: 'noHooks', description: 'prevent hooks from running during install' },
  { long: 'output-dir', kind: 'string', key: 'outputDir', description: 'writes the executed templates to files in output-dir instead of stdout' },
  { long: 'release-name', kind: 'bool', key: 'useReleaseName', description: 'use release name in the output-dir path.' },
  { long: 'repo', kind: 'string', key: 'repo', description: 'chart repository url where to locate the requested chart' },
  { long: 'version', kind: 'string', key: 'version', description: 'specify a version constraint for the chart version to use. If this is not specified, the latest version is used' },
  { long: 'skip-schema-validation', kind: 'bool', key: 'skipSchemaValidation', description: 'if set, disables JSON schema validation' },
  { long: 'enable-dns', kind: 'bool', key: 'enableDns', description: 'enable DNS lookups when rendering templates' },
];

export function defaultTemplateFlags(): TemplateFlags {
  return {
    args: [],
    valueFiles: [],
    set: [],
    setString: [],
    setFile: [],
    setJson: [],
    setLiteral: [],
    namespace: 'default',
    generateName: false,
    apiVersions: [],
    showOnly: [],
    includeCrds: false,
    skipTests: false,
    isUpgrade: false,
    noHooks: false,
    useReleaseName: false,
    skipSchemaValidation: false,
    enableDns: false,
  };
}

/** pflag's StringSlice: a comma-separated (CSV) list per occurrence. */
export function splitCsv(value: string): string[] {
  if (value === '') return [];
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '"' && (cur === '' || quoted)) {
      if (quoted && value[i + 1] === '"') {
        cur += '"';
        i++;
      } else quoted = !quoted;
    } else if (c === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

export function applyFlag(flags: TemplateFlags, spec: FlagSpec, value: string | true): void {
  const rec = flags as unknown as Record<string, unknown>;
  switch (spec.kind) {
    case 'bool':
      rec[spec.key] = value === true || value === 'true';
      break;
    case 'string':
      rec[spec.key] = value;
      break;
    case 'array':
      (rec[spec.key] as string[]).push(String(value));
      break;
    case 'slice':
      (rec[spec.key] as string[]).push(...splitCsv(String(value)));
      break;
  }
}

export function parseTemplateArgs(argv: readonly string[]): TemplateFlags {
  const flags = defaultTemplateFlags();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('-') || a === '-') {
      flags.args.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.startsWith('--') ? a.slice(2, eq < 0 ? undefined : eq) : a.slice(1, 2);
    const spec = TEMPLATE_FLAGS.find((s) => (a.startsWith('--') ? s.long === name : s.short === name));
    if (!spec) throw new Error(`unknown flag: ${a}`);
    let value: string | true;
    if (a.startsWith('--') && eq >= 0) value = a.slice(eq + 1);
    else if (!a.startsWith('--') && a.length > 2) value = a.slice(2);
    else if (spec.kind === 'bool') value = true;
    else {
      const next = argv[++i];
      if (next === undefined) throw new Error(`flag needs an argument: --${spec.long}`);
      value = next;
    }
    applyFlag(flags, spec, value);
  }
  return flags;
}
