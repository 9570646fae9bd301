// What `flux-ts install` generates from: the flags, validated into one options object.
import { VERSION } from '../cli/version.js';

export const COMPONENTS = ['source-controller', 'helm-controller'] as const;
export type Component = (typeof COMPONENTS)[number];

/** The name of flux-ts's single controller Deployment (it runs every component asked for). */
export const CONTROLLER_NAME = 'flux-ts-controller';
/** The settings ConfigMap the controller reads and `flux-ts check` reports. */
export const SETTINGS_CONFIGMAP = 'flux-system';
export const FIELD_MANAGER = 'flux-ts';
/** `--registry`'s default: where flux-ts's image is published (flux's is ghcr.io/fluxcd). */
export const DEFAULT_REGISTRY = 'ghcr.io/flux-ts';
/** The image name under the registry (flux rewrites `fluxcd/<component>` to `<registry>/<component>`). */
export const IMAGE_NAME = 'flux-ts';
export const IMAGE_REPOSITORY = `${DEFAULT_REGISTRY}/${IMAGE_NAME}`;
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

export interface InstallOptions {
  namespace: string;
  /** `v` + the CLI version; install embeds only its own manifests. */
  version: string;
  components: Component[];
  image: string;
  allowCrossNamespaceRefs: boolean;
  watchAllNamespaces: boolean;
  networkPolicy: boolean;
  logLevel: 'debug' | 'info' | 'error';
  /** `--registry`: the image's registry, and the docker config key of the pull secret. */
  registry: string;
  /** `--image-pull-secret`: '' for none. */
  imagePullSecret: string;
  /** `--toleration-keys`: each becomes a toleration `operator: Exists` on the controller pod. */
  tolerationKeys: string[];
  /** `--cluster-domain`: validated; flux-ts's controller has no address built from it (see docs/parity-audit.md). */
  clusterDomain: string;
}

/** `--registry-creds`, split; kept out of InstallOptions so the manifests never carry it. */
export interface RegistryCredentials {
  username: string;
  password: string;
}

export class InstallOptionsError extends Error {}

export function cliVersionTag(): string {
  return `v${VERSION}`;
}

export function defaultImage(version = cliVersionTag(), registry = DEFAULT_REGISTRY): string {
  return `${registry === '' ? DEFAULT_REGISTRY : registry}/${IMAGE_NAME}:${version}`;
}

/** `--version` as flux checks it: a `v` prefix, and here exactly the CLI's own version. */
export function checkVersion(requested: string | undefined): string {
  const own = cliVersionTag();
  if (requested === undefined || requested === '') return own;
  if (!requested.startsWith('v')) throw new InstallOptionsError(`targeted version '${requested}' must be prefixed with 'v'`);
  if (requested !== own) throw new InstallOptionsError(`targeted version '${requested}' is not available: flux-ts ${VERSION} installs ${own} only`);
  return own;
}

/**
 * `--components` plus `--components-extra`: a subset of COMPONENTS, in that order, without
 * repeats. flux's own extras (image-reflector-controller, image-automation-controller,
 * source-watcher) are flux-ts components no more than kustomize-controller is: flux's
 * `component <x> is not available` for any of them.
 */
export function checkComponents(list: readonly string[]): Component[] {
  const wanted = new Set<string>();
  for (const entry of list.flatMap((s) => s.split(','))) {
    const name = entry.trim();
    if (name === '') continue;
    if (!(COMPONENTS as readonly string[]).includes(name)) throw new InstallOptionsError(`component ${name} is not available`);
    wanted.add(name);
  }
  if (wanted.size === 0) throw new InstallOptionsError('no components given: --components needs at least one of ' + COMPONENTS.join(','));
  return COMPONENTS.filter((c) => wanted.has(c));
}

export function checkLogLevel(level: string): InstallOptions['logLevel'] {
  if (level === 'debug' || level === 'info' || level === 'error') return level;
  throw new InstallOptionsError(`unsupported log level '${level}': expected one of debug, info, error`);
}

/** flux2 install.go's checks, in its words (it allows exactly one ':'). */
export function checkRegistryCreds(creds: string, imagePullSecret: string): RegistryCredentials | undefined {
  if (creds === '') return undefined;
  if (imagePullSecret === '') throw new InstallOptionsError('--registry-creds requires --image-pull-secret to be set');
  const parts = creds.split(':');
  if (parts.length !== 2) throw new InstallOptionsError("invalid --registry-creds format, expected 'user:password'");
  return { username: parts[0]!, password: parts[1]! };
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/** The pull secret is referenced by name (and created under it with --registry-creds). */
export function checkImagePullSecret(name: string): string {
  if (name !== '' && !isDns1123Subdomain(name)) {
    throw new InstallOptionsError(`invalid --image-pull-secret '${name}': a Secret name must be a lowercase RFC 1123 subdomain`);
  }
  return name;
}

/** Toleration keys are label-key shaped (`[prefix/]name`); the API server would refuse others. */
export function checkTolerationKeys(keys: readonly string[]): string[] {
  for (const key of keys) {
    const slash = key.lastIndexOf('/');
    const prefix = slash === -1 ? undefined : key.slice(0, slash);
    const name = slash === -1 ? key : key.slice(slash + 1);
    const ok = name.length <= 63 && QUALIFIED_NAME.test(name) && (prefix === undefined || isDns1123Subdomain(prefix));
    if (!ok) throw new InstallOptionsError(`invalid --toleration-keys value '${key}': a toleration key must be a qualified name ([prefix/]name)`);
  }
  return [...keys];
}

export function checkClusterDomain(domain: string): string {
  if (!isDns1123Subdomain(domain)) throw new InstallOptionsError(`invalid --cluster-domain '${domain}': must be a lowercase RFC 1123 subdomain such as cluster.local`);
  return domain;
}
