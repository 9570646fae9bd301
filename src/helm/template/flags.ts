// The flags of `helm template` that flux-ts supports, as one table used both by the commander
// command and by parseTemplateArgs (an argv parser with pflag's rules: --flag value,
// --flag=value, -f value, repeated flags, comma lists for string-slice flags).
import { defaultKeyring } from '../provenance/keyring-path.js';
import { goQuote } from '../../cli/go-quote.js';
import { formatFloatG } from '../gojson/float.js';
import { DRY_RUN_NO_VALUE } from './dry-run.js';
import { GoSyntaxError, parseGoBool, parseGoFloat32, parseGoInt } from './go-flag-values.js';
import type { TemplateFlags } from './run.js';
import { helmSettings } from './settings.js';

/**
 * bool; string; array (repeatable, one value each); slice (repeatable, comma-separated);
 * optional (a string whose bare form `--flag` means `noValue`, as pflag's NoOptDefVal);
 * map (pflag stringToString: repeatable `k=v,k2=v2`); int (Go int); float32.
 */
type FlagKind = 'bool' | 'string' | 'array' | 'slice' | 'optional' | 'map' | 'int' | 'float32';

export interface FlagSpec {
  long: string;
  short?: string;
  kind: FlagKind;
  key: keyof TemplateFlags;
  description: string;
  /** optional kind: the value of the bare flag. */
  noValue?: string;
  /** flux-ts declares this flag globally (the CLI reads it from the global options). */
  global?: boolean;
  /** Hidden in help, as Helm hides deprecated flags; the text is Helm's deprecation notice. */
  deprecated?: string;
  /** One of helm's global flags (EnvSettings): `helm template --help` lists it under Global Flags. */
  helmGlobal?: true;
}

export const TEMPLATE_FLAGS: readonly FlagSpec[] = [
  { long: 'values', short: 'f', kind: 'slice', key: 'valueFiles', description: 'specify values in a YAML file or a URL (can specify multiple)' },
  { long: 'set', kind: 'array', key: 'set', description: 'set values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)' },
  { long: 'set-string', kind: 'array', key: 'setString', description: 'set STRING values on the command line (can specify multiple or separate values with commas: key1=val1,key2=val2)' },
  { long: 'set-file', kind: 'array', key: 'setFile', description: 'set values from respective files specified via the command line (can specify multiple or separate values with commas: key1=path1,key2=path2)' },
  { long: 'set-json', kind: 'array', key: 'setJson', description: 'set JSON values on the command line (can specify multiple or separate values with commas: key1=jsonval1,key2=jsonval2 or using json format: {"key1": jsonval1, "key2": "jsonval2"})' },
  { long: 'set-literal', kind: 'array', key: 'setLiteral', description: 'set a literal STRING value on the command line' },
  { long: 'namespace', short: 'n', kind: 'string', key: 'namespace', description: 'namespace scope for this request', helmGlobal: true },
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
  { long: 'version', kind: 'string', key: 'version', description: 'specify a version constraint for the chart version to use. This constraint can be a specific tag (e.g. 1.1.1) or it may reference a valid range (e.g. ^2.0.0). If this is not specified, the latest version is used' },
  { long: 'skip-schema-validation', kind: 'bool', key: 'skipSchemaValidation', description: 'if set, disables JSON schema validation' },
  { long: 'enable-dns', kind: 'bool', key: 'enableDns', description: 'enable DNS lookups when rendering templates' },
  { long: 'devel', kind: 'bool', key: 'devel', description: "use development versions, too. Equivalent to version '>0.0.0-0'. If --version is set, this is ignored" },
  { long: 'dry-run', kind: 'optional', noValue: DRY_RUN_NO_VALUE, key: 'dryRun', description: `simulates the operation either client-side or server-side. Must be either: "client", or "server". '--dry-run=client simulates the operation client-side only and avoids cluster connections. '--dry-run=server' simulates/validates the operation on the server, requiring cluster connectivity. (default "client")` },
  { long: 'validate', kind: 'bool', key: 'validate', description: 'deprecated', deprecated: "use '--dry-run=server' instead" },
  { long: 'post-renderer', kind: 'string', key: 'postRenderer', description: 'the name of a postrenderer type plugin to be used for post rendering. If it exists, the plugin will be used' },
  { long: 'post-renderer-args', kind: 'array', key: 'postRendererArgs', description: 'an argument to the post-renderer (can specify multiple)' },
  { long: 'labels', short: 'l', kind: 'map', key: 'labels', description: 'Labels that would be added to release metadata. Should be divided by comma.' },
  { long: 'skip-crds', kind: 'bool', key: 'skipCrds', description: 'if set, no CRDs will be installed. By default, CRDs are installed if not already present' },
  { long: 'take-ownership', kind: 'bool', key: 'takeOwnership', description: 'if set, install will ignore the check for helm annotations and take ownership of the existing resources' },
  // Chart download (--repo, oci://).
  { long: 'ca-file', kind: 'string', key: 'caFile', description: 'verify certificates of HTTPS-enabled servers using this CA bundle' },
  { long: 'cert-file', kind: 'string', key: 'certFile', description: 'identify HTTPS client using this SSL certificate file' },
  { long: 'key-file', kind: 'string', key: 'keyFile', description: 'identify HTTPS client using this SSL key file' },
  { long: 'insecure-skip-tls-verify', kind: 'bool', key: 'insecureSkipTlsVerify', description: 'skip tls certificate checks for the chart download' },
  { long: 'plain-http', kind: 'bool', key: 'plainHttp', description: 'use insecure HTTP connections for the chart download' },
  { long: 'username', kind: 'string', key: 'username', description: 'chart repository username where to locate the requested chart' },
  { long: 'password', kind: 'string', key: 'password', description: 'chart repository password where to locate the requested chart' },
  { long: 'pass-credentials', kind: 'bool', key: 'passCredentials', description: 'pass credentials to all domains' },
  { long: 'verify', kind: 'bool', key: 'verify', description: 'verify the package before using it' },
  { long: 'keyring', kind: 'string', key: 'keyring', description: 'location of public keys used for verification' },
  { long: 'dependency-update', kind: 'bool', key: 'dependencyUpdate', description: 'update dependencies if they are missing before installing the chart' },
  // Cluster connection (Helm's global flags; --kubeconfig is also flux-ts's).
  { long: 'kubeconfig', kind: 'string', key: 'kubeconfig', description: 'path to the kubeconfig file', global: true, helmGlobal: true },
  { long: 'kube-context', kind: 'string', key: 'kubeContext', description: 'name of the kubeconfig context to use', helmGlobal: true },
  { long: 'kube-apiserver', kind: 'string', key: 'kubeApiserver', description: 'the address and the port for the Kubernetes API server', helmGlobal: true },
  { long: 'kube-token', kind: 'string', key: 'kubeToken', description: 'bearer token used for authentication', helmGlobal: true },
  { long: 'kube-as-user', kind: 'string', key: 'kubeAsUser', description: 'username to impersonate for the operation', helmGlobal: true },
  { long: 'kube-as-group', kind: 'array', key: 'kubeAsGroups', description: 'group to impersonate for the operation, this flag can be repeated to specify multiple groups.', helmGlobal: true },
  { long: 'kube-ca-file', kind: 'string', key: 'kubeCaFile', description: 'the certificate authority file for the Kubernetes API server connection', helmGlobal: true },
  { long: 'kube-insecure-skip-tls-verify', kind: 'bool', key: 'kubeInsecureSkipTlsVerify', description: "if true, the Kubernetes API server's certificate will not be checked for validity. This will make your HTTPS connections insecure", helmGlobal: true },
  // helm's other global flags (EnvSettings); their defaults come from HELM_* (settings.ts).
  { long: 'debug', kind: 'bool', key: 'debug', description: 'enable verbose output', helmGlobal: true },
  { long: 'burst-limit', kind: 'int', key: 'burstLimit', description: 'client-side default throttling limit', helmGlobal: true },
  { long: 'qps', kind: 'float32', key: 'qps', description: 'queries per second used when communicating with the Kubernetes API, not including bursting', helmGlobal: true },
  { long: 'registry-config', kind: 'string', key: 'registryConfig', description: 'path to the registry config file', helmGlobal: true },
  { long: 'repository-config', kind: 'string', key: 'repositoryConfig', description: 'path to the file containing repository names and URLs', helmGlobal: true },
  { long: 'repository-cache', kind: 'string', key: 'repositoryCache', description: 'path to the directory containing cached repository indexes', helmGlobal: true },
  { long: 'content-cache', kind: 'string', key: 'contentCache', description: 'path to the directory containing cached content (e.g. charts)', helmGlobal: true },
  { long: 'color', kind: 'string', key: 'colorMode', description: 'use colored output (never, auto, always)', helmGlobal: true },
  { long: 'colour', kind: 'string', key: 'colorMode', description: 'use colored output (never, auto, always)', helmGlobal: true },
  { long: 'kube-tls-server-name', kind: 'string', key: 'kubeTlsServerName', description: 'server name to use for Kubernetes API server certificate validation. If it is not provided, the hostname used to contact the server is used', helmGlobal: true },
  // Install flags `helm template` accepts that change nothing it prints.
  { long: 'wait', kind: 'optional', noValue: 'watcher', key: 'wait', description: "if specified, wait until resources are ready (up to --timeout). Values: 'watcher', 'hookOnly', and 'legacy'. (default hookOnly)" },
  { long: 'wait-for-jobs', kind: 'bool', key: 'ignored', description: 'if set and --wait enabled, will wait until all Jobs have been completed before marking the release as successful. It will wait for as long as --timeout' },
  { long: 'create-namespace', kind: 'bool', key: 'ignored', description: 'create the release namespace if not present' },
  { long: 'description', kind: 'string', key: 'description', description: 'add a custom description' },
  { long: 'force-conflicts', kind: 'bool', key: 'forceConflicts', description: 'if set server-side apply will force changes against conflicts' },
  { long: 'force-replace', kind: 'bool', key: 'forceReplace', description: 'force resource updates by replacement' },
  { long: 'force', kind: 'bool', key: 'force', description: 'deprecated', deprecated: 'use --force-replace instead' },
  { long: 'hide-notes', kind: 'bool', key: 'ignored', description: 'if set, do not show notes in install output. Does not affect presence in chart metadata' },
  { long: 'render-subchart-notes', kind: 'bool', key: 'ignored', description: 'if set, render subchart notes along with the parent' },
  { long: 'replace', kind: 'bool', key: 'ignored', description: 'reuse the given name, only if that name is a deleted release which remains in the history. This is unsafe in production' },
  { long: 'rollback-on-failure', kind: 'bool', key: 'ignored', description: 'if set, Helm will rollback (uninstall) the installation upon failure. The --wait flag will be default to "watcher" if --rollback-on-failure is set' },
  { long: 'atomic', kind: 'bool', key: 'ignored', description: 'deprecated', deprecated: 'use --rollback-on-failure instead' },
  { long: 'server-side', kind: 'bool', key: 'ignored', description: 'object updates run in the server instead of the client (default true)' },
  { long: 'disable-openapi-validation', kind: 'bool', key: 'disableOpenapiValidation', description: 'if set, the installation process will not validate rendered templates against the Kubernetes OpenAPI Schema' },
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
    devel: false,
    validate: false,
    postRendererArgs: [],
    labels: [],
    skipCrds: false,
    takeOwnership: false,
    disableOpenapiValidation: false,
    forceConflicts: false,
    forceReplace: false,
    force: false,
    insecureSkipTlsVerify: false,
    plainHttp: false,
    passCredentials: false,
    verify: false,
    dependencyUpdate: false,
    kubeAsGroups: [],
    kubeInsecureSkipTlsVerify: false,
    deprecations: [],
    ignored: false,
  };
}

/** cobra's mutually exclusive flag groups of `helm template`, in the order cobra checks them. */
const EXCLUSIVE_GROUPS: readonly (readonly [string, string])[] = [
  ['force', 'force-conflicts'],
  ['force-replace', 'force-conflicts'],
  ['validate', 'dry-run'],
];

/** cobra's error when flags of one exclusive group are given together, else undefined. */
export function exclusiveFlagsError(given: (long: string) => boolean): string | undefined {
  for (const group of EXCLUSIVE_GROUPS) {
    if (!group.every(given)) continue;
    return `if any flags in the group [${group.join(' ')}] are set none of the others can be; [${[...group].sort().join(' ')}] were all set`;
  }
  return undefined;
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

/** pflag's error for a bad value: `invalid argument "v" for "-s, --long" flag: why`. */
function invalidArgument(spec: FlagSpec, value: string, why: string): Error {
  const name = spec.short ? `-${spec.short}, --${spec.long}` : `--${spec.long}`;
  return new Error(`invalid argument ${JSON.stringify(value)} for ${JSON.stringify(name)} flag: ${why}`);
}

/** A value parsed as pflag parses its type, strconv's error in pflag's words. */
function goValue<T>(spec: FlagSpec, value: string, parse: (s: string) => T): T {
  try {
    return parse(value);
  } catch (e) {
    if (e instanceof GoSyntaxError) throw invalidArgument(spec, value, e.message);
    throw e;
  }
}

/** Helm's WaitStrategy flag: watcher, hookOnly or legacy; booleans with a deprecation notice. */
function checkWait(flags: TemplateFlags, spec: FlagSpec, value: string): void {
  if (['watcher', 'hookOnly', 'legacy'].includes(value)) return;
  if (value === 'true' || value === 'false') {
    const to = value === 'true' ? 'watcher' : 'hookOnly';
    flags.deprecations.push(`level=WARN msg="--wait=${value} is deprecated (boolean value) and can be replaced with --wait=${to}"`);
    return;
  }
  throw invalidArgument(spec, value, `invalid wait input ${JSON.stringify(value)}. Valid inputs are watcher, hookOnly, and legacy`);
}

export function applyFlag(flags: TemplateFlags, spec: FlagSpec, value: string | true): void {
  const rec = flags as unknown as Record<string, unknown>;
  if (spec.deprecated && !flags.deprecations.some((d) => d.startsWith(`Flag --${spec.long} `))) {
    // cobra prints this notice on stderr before running the command.
    flags.deprecations.push(`Flag --${spec.long} has been deprecated, ${spec.deprecated}`);
  }
  switch (spec.kind) {
    case 'optional': {
      const v = value === true ? (spec.noValue ?? '') : value;
      if (spec.long === 'wait') checkWait(flags, spec, v);
      rec[spec.key] = v;
      break;
    }
    case 'map':
      for (const pair of splitCsv(String(value))) {
        if (!pair.includes('=')) throw invalidArgument(spec, String(value), `${pair} must be formatted as key=value`);
        (rec[spec.key] as string[]).push(pair);
      }
      break;
    case 'bool':
      rec[spec.key] = value === true || goValue(spec, value, parseGoBool);
      break;
    case 'int':
      rec[spec.key] = goValue(spec, String(value), parseGoInt);
      break;
    case 'float32':
      rec[spec.key] = goValue(spec, String(value), parseGoFloat32);
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
    else if (spec.kind === 'bool' || spec.kind === 'optional') value = true;
    else {
      const next = argv[++i];
      if (next === undefined) throw new Error(`flag needs an argument: --${spec.long}`);
      value = next;
    }
    applyFlag(flags, spec, value);
  }
  return flags;
}

/** One line of `helm template --help`'s flag tables, as pflag prints it. */
export interface TemplateHelpFlag {
  long: string;
  short?: string;
  /** pflag's type word (`string`, `stringArray`, `WaitStrategy`...); '' for a bool. */
  type: string;
  /** An optional value's bare form (pflag's NoOptDefVal): `--wait WaitStrategy[=watcher]`. */
  noValue?: string;
  usage: string;
  /** What pflag prints inside `(default …)`, already quoted; '' prints nothing. */
  default: string;
}

/** The Go type pflag prints for helm's own flag.Value types. */
const NAMED_TYPES: Readonly<Record<string, string>> = { 'post-renderer': 'postRendererString', 'post-renderer-args': 'postRendererArgsSlice', wait: 'WaitStrategy' };

/** The type word pflag prints after a flag of `helm template`. */
export function templateFlagType(spec: FlagSpec): string {
  const named = NAMED_TYPES[spec.long];
  if (named !== undefined) return named;
  switch (spec.kind) {
    case 'array':
      return 'stringArray';
    case 'slice':
      return 'strings';
    case 'map':
      return 'stringToString';
    case 'optional':
      return 'string';
    case 'bool':
      return '';
    default:
      return spec.kind;
  }
}

/** Flags whose Go value prints `[]` when empty, so pflag shows `(default [])` for them. */
export const TEMPLATE_EMPTY_LIST_DEFAULTS: ReadonlySet<string> = new Set(['labels', 'post-renderer-args']);

/**
 * helm's global string flags that default to a HELM_* variable (pkg/cli/environment.go).
 * HELM_KUBETOKEN is left out on purpose: helm prints the token as the flag's default, and
 * flux-ts never prints a secret.
 */
const ENV_STRING_DEFAULTS: Readonly<Record<string, string>> = {
  namespace: 'HELM_NAMESPACE',
  'kube-context': 'HELM_KUBECONTEXT',
  'kube-apiserver': 'HELM_KUBEAPISERVER',
  'kube-as-user': 'HELM_KUBEASUSER',
  'kube-ca-file': 'HELM_KUBECAFILE',
  'kube-tls-server-name': 'HELM_KUBETLS_SERVER_NAME',
};

/** Go's strconv.ParseBool accepting only true's spellings (helm's envBoolOr, false otherwise). */
function envTrue(v: string | undefined): boolean {
  return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v ?? '');
}

/** The `(default …)` text pflag prints for a flag of `helm template`, from helm's environment. */
function helpDefault(spec: FlagSpec, env: NodeJS.ProcessEnv): string {
  if (TEMPLATE_EMPTY_LIST_DEFAULTS.has(spec.long)) return '[]';
  const settings = helmSettings({}, env);
  const quoted = (s: string): string => (s === '' ? '' : goQuote(s));
  switch (spec.long) {
    case 'keyring':
      return quoted(defaultKeyring(env));
    case 'debug':
      return settings.debug ? 'true' : '';
    case 'burst-limit':
      return settings.burstLimit === 0 ? '' : String(settings.burstLimit);
    case 'qps':
      return settings.qps === 0 ? '' : formatFloatG(settings.qps, 32);
    case 'registry-config':
      return quoted(settings.registryConfig);
    case 'repository-config':
      return quoted(settings.repositoryConfig);
    case 'repository-cache':
      return quoted(settings.repositoryCache);
    case 'content-cache':
      return quoted(settings.contentCache);
    case 'color':
    case 'colour':
      return quoted(settings.colorMode);
    case 'kube-as-group': {
      const groups = env.HELM_KUBEASGROUPS;
      return groups ? `[${splitCsv(groups).join(',')}]` : '';
    }
    case 'kube-insecure-skip-tls-verify':
      return envTrue(env.HELM_KUBEINSECURE_SKIP_TLS_VERIFY) ? 'true' : '';
  }
  const variable = ENV_STRING_DEFAULTS[spec.long];
  return variable === undefined ? '' : quoted(env[variable] ?? '');
}

/**
 * The Flags and Global Flags of `helm template --help`, for flux-ts's help of `template`:
 * template's own flags (with -h and --timeout, which flux-ts declares elsewhere) and helm's
 * global ones, with the defaults helm derives from `env`. Deprecated flags are hidden, as
 * helm hides them.
 */
export function templateHelpFlags(env: NodeJS.ProcessEnv): { local: TemplateHelpFlag[]; global: TemplateHelpFlag[] } {
  const local: TemplateHelpFlag[] = [
    { long: 'help', short: 'h', type: '', usage: 'help for template', default: '' },
    { long: 'timeout', type: 'duration', usage: 'time to wait for any individual Kubernetes operation (like Jobs for hooks)', default: '5m0s' },
  ];
  const global: TemplateHelpFlag[] = [];
  for (const spec of TEMPLATE_FLAGS) {
    if (spec.deprecated) continue;
    const line: TemplateHelpFlag = { long: spec.long, type: templateFlagType(spec), usage: spec.description, default: helpDefault(spec, env) };
    if (spec.short !== undefined) line.short = spec.short;
    if (spec.noValue !== undefined) line.noValue = spec.noValue;
    (spec.helmGlobal ? global : local).push(line);
  }
  return { local, global };
}
