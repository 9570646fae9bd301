// `.Capabilities`: the Kubernetes version and API versions a chart renders against, and Helm's
// own build information. Defaults are what Helm v4.1.4 reports in `helm template`.
import { GoStruct, sliceWithMethods, type GoValue } from '../../gotemplate/value.js';

/** common.KubeVersion. String() gives the normalised version used for constraint checks. */
export class KubeVersion extends GoStruct {
  /** Go's field order, for fmt (which prints the unexported one too). */
  static readonly goFields = ['Version', 'normalizedVersion', 'Major', 'Minor'] as const;
  /** Declared on *KubeVersion: fmt's copies of the value do not have them. */
  static readonly goPointerMethods = ['String', 'GitVersion'] as const;
  get goType(): string {
    return 'common.KubeVersion';
  }
  /** Unexported in Go (so not a template field, not in JSON). */
  declare private readonly normalizedVersion: string;
  constructor(
    readonly Version: string,
    normalizedVersion: string,
    readonly Major: string,
    readonly Minor: string,
  ) {
    super();
    Object.defineProperty(this, 'normalizedVersion', { value: normalizedVersion, enumerable: false });
  }
  String(): string {
    return this.normalizedVersion !== '' ? this.normalizedVersion : this.Version;
  }
  /** Deprecated alias of Version that charts still call. */
  GitVersion(): string {
    return this.Version;
  }
  goJsonFields(): Array<[string, GoValue]> {
    return [
      ['Version', this.Version],
      ['Major', this.Major],
      ['Minor', this.Minor],
    ];
  }
}

/** helm's internal/version.BuildInfo. */
export class HelmBuildInfo extends GoStruct {
  get goType(): string {
    return 'version.BuildInfo';
  }
  constructor(
    readonly Version: string,
    readonly GitCommit: string,
    readonly GitTreeState: string,
    readonly GoVersion: string,
    readonly KubeClientVersion: string,
  ) {
    super();
  }
  /** Go's json tags: snake_case names, omitempty except kube_client_version. */
  goJsonFields(): Array<[string, GoValue]> {
    const f: Array<[string, GoValue]> = [];
    if (this.Version !== '') f.push(['version', this.Version]);
    if (this.GitCommit !== '') f.push(['git_commit', this.GitCommit]);
    if (this.GitTreeState !== '') f.push(['git_tree_state', this.GitTreeState]);
    if (this.GoVersion !== '') f.push(['go_version', this.GoVersion]);
    f.push(['kube_client_version', this.KubeClientVersion]);
    return f;
  }
}

/** common.VersionSet: a []string with a Has method (a named slice type in the value model). */
export type VersionSet = string[] & { readonly __versionSet?: never };

export function makeVersionSet(versions: readonly string[]): VersionSet {
  const arr: string[] = [...versions];
  return sliceWithMethods(arr, 'common.VersionSet', {
    Has: { params: ['string'], fn: (v) => arr.includes(v as string) },
  }) as VersionSet;
}

/** VersionSet.Has from code. */
export function hasApiVersion(set: VersionSet, apiVersion: string): boolean {
  return set.includes(apiVersion);
}

export class Capabilities extends GoStruct {
  get goType(): string {
    return '*common.Capabilities';
  }
  constructor(
    readonly KubeVersion: KubeVersion,
    readonly APIVersions: VersionSet,
    readonly HelmVersion: HelmBuildInfo,
  ) {
    super();
  }
  goJsonFields(): Array<[string, GoValue]> {
    return [
      ['KubeVersion', this.KubeVersion],
      ['APIVersions', this.APIVersions as GoValue],
      ['HelmVersion', this.HelmVersion],
    ];
  }
}

/** The Kubernetes API group/versions client-go v0.35 registers, in Helm's order. */
export const DEFAULT_API_VERSIONS: readonly string[] = [
  'v1', 'admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1alpha1',
  'admissionregistration.k8s.io/v1beta1', 'internal.apiserver.k8s.io/v1alpha1', 'apps/v1', 'apps/v1beta1',
  'apps/v1beta2', 'authentication.k8s.io/v1', 'authentication.k8s.io/v1alpha1', 'authentication.k8s.io/v1beta1',
  'authorization.k8s.io/v1', 'authorization.k8s.io/v1beta1', 'autoscaling/v1', 'autoscaling/v2',
  'autoscaling/v2beta1', 'autoscaling/v2beta2', 'batch/v1', 'batch/v1beta1', 'certificates.k8s.io/v1',
  'certificates.k8s.io/v1beta1', 'certificates.k8s.io/v1alpha1', 'coordination.k8s.io/v1alpha2',
  'coordination.k8s.io/v1beta1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1', 'discovery.k8s.io/v1beta1',
  'events.k8s.io/v1', 'events.k8s.io/v1beta1', 'extensions/v1beta1', 'flowcontrol.apiserver.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1beta1', 'flowcontrol.apiserver.k8s.io/v1beta2',
  'flowcontrol.apiserver.k8s.io/v1beta3', 'networking.k8s.io/v1', 'networking.k8s.io/v1beta1', 'node.k8s.io/v1',
  'node.k8s.io/v1alpha1', 'node.k8s.io/v1beta1', 'policy/v1', 'policy/v1beta1', 'rbac.authorization.k8s.io/v1',
  'rbac.authorization.k8s.io/v1beta1', 'rbac.authorization.k8s.io/v1alpha1', 'resource.k8s.io/v1',
  'resource.k8s.io/v1beta2', 'resource.k8s.io/v1beta1', 'resource.k8s.io/v1alpha3', 'scheduling.k8s.io/v1alpha1',
  'scheduling.k8s.io/v1beta1', 'scheduling.k8s.io/v1', 'storage.k8s.io/v1beta1', 'storage.k8s.io/v1',
  'storage.k8s.io/v1alpha1', 'storagemigration.k8s.io/v1beta1', 'apiextensions.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1',
];

export const HELM_VERSION = new HelmBuildInfo('v4.1.4', '05fa37973dc9e42b76e1d2883494c87174b6074f', 'clean', 'go1.25.9', 'v1.35');

export const DEFAULT_KUBE_VERSION = '1.35.0';

/** An invalid --kube-version; the message is k8s.io/apimachinery's. */
export class KubeVersionError extends Error {}

/** common.ParseKubeVersion: k8s "generic" versions (at least major.minor), with a `v` prefix kept. */
export function parseKubeVersion(version: string): KubeVersion {
  const m = /^[\t\n\v\f\r ]*v?([0-9]+(?:\.[0-9]+)*)(.*)$/s.exec(version);
  if (m === null) throw new KubeVersionError(`could not parse ${goQuote(version)} as version`);
  const components = m[1]!.split('.');
  if (components.length < 2) throw new KubeVersionError(`illegal version string ${goQuote(version)}`);
  const nums: bigint[] = [];
  for (let i = 0; i < components.length; i++) {
    const c = components[i]!;
    if (i === 0 && c.startsWith('0') && c !== '0') {
      throw new KubeVersionError(`illegal zero-prefixed version component ${goQuote(c)} in ${goQuote(version)}`);
    }
    const n = BigInt(c);
    if (n > 18446744073709551615n) {
      throw new KubeVersionError(`illegal non-numeric version component ${goQuote(c)} in ${goQuote(version)}: strconv.ParseUint: parsing ${goQuote(c)}: value out of range`);
    }
    nums.push(n);
  }
  const full = version.startsWith('v') ? version : `v${version}`;
  return new KubeVersion(full, `v${nums.join('.')}`, String(nums[0]), String(nums[1]));
}

function goQuote(s: string): string {
  return JSON.stringify(s);
}

export interface CapabilitiesOptions {
  /** --kube-version; default v1.35.0. */
  kubeVersion?: string;
  /** --api-versions, appended to the defaults. */
  apiVersions?: readonly string[];
}

export function makeCapabilities(opts: CapabilitiesOptions = {}): Capabilities {
  const kv = opts.kubeVersion !== undefined ? parseKubeVersion(opts.kubeVersion) : new KubeVersion(`v${DEFAULT_KUBE_VERSION}`, `v${DEFAULT_KUBE_VERSION}`, '1', '35');
  return new Capabilities(kv, makeVersionSet([...DEFAULT_API_VERSIONS, ...(opts.apiVersions ?? [])]), HELM_VERSION);
}
