// What `flux-ts install` generates from: the flags, validated into one options object.
import { VERSION } from '../cli/version.js';

export const COMPONENTS = ['source-controller', 'helm-controller'] as const;
export type Component = (typeof COMPONENTS)[number];

/** The name of flux-ts's single controller Deployment (it runs every component asked for). */
export const CONTROLLER_NAME = 'flux-ts-controller';
/** The settings ConfigMap the controller reads and `flux-ts check` reports. */
export const SETTINGS_CONFIGMAP = 'flux-system';
export const FIELD_MANAGER = 'flux-ts';
export const IMAGE_REPOSITORY = 'ghcr.io/flux-ts/flux-ts';

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
}

export class InstallOptionsError extends Error {}

export function cliVersionTag(): string {
  return `v${VERSION}`;
}

export function defaultImage(version = cliVersionTag()): string {
  return `${IMAGE_REPOSITORY}:${version}`;
}

/** `--version` as flux checks it: a `v` prefix, and here exactly the CLI's own version. */
export function checkVersion(requested: string | undefined): string {
  const own = cliVersionTag();
  if (requested === undefined || requested === '') return own;
  if (!requested.startsWith('v')) throw new InstallOptionsError(`targeted version '${requested}' must be prefixed with 'v'`);
  if (requested !== own) throw new InstallOptionsError(`targeted version '${requested}' is not available: flux-ts ${VERSION} installs ${own} only`);
  return own;
}

/** `--components`: a comma-separated subset of COMPONENTS, in that order, without repeats. */
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
