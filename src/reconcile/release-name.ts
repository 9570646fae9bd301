// Flux's Helm release naming: spec.releaseName, else `<targetNamespace>-<name>`, else the
// object name; names over Helm's 53-character limit are shortened deterministically.
import { createHash } from 'node:crypto';

export const MAX_RELEASE_NAME_LENGTH = 53;

export interface ReleaseNameSource {
  metadata: { name: string; namespace?: string };
  spec: { releaseName?: string; targetNamespace?: string };
}

/** The release name before shortening (what Flux prints in install/upgrade failure messages). */
export function composeReleaseName(hr: ReleaseNameSource): string {
  if (hr.spec.releaseName) return hr.spec.releaseName;
  if (hr.spec.targetNamespace) return `${hr.spec.targetNamespace}-${hr.metadata.name}`;
  return hr.metadata.name;
}

/**
 * Shortens a name longer than 53 characters to its first 40 characters, a dash, and the first
 * 12 hex digits of the SHA-256 of the full name, so distinct long names stay distinct.
 */
export function shortenReleaseName(name: string): string {
  if (name.length <= MAX_RELEASE_NAME_LENGTH) return name;
  const digest = createHash('sha256').update(name).digest('hex');
  return `${name.slice(0, 40)}-${digest.slice(0, 12)}`;
}

/** The name Helm sees: composed, then shortened. */
export function releaseName(hr: ReleaseNameSource): string {
  return shortenReleaseName(composeReleaseName(hr));
}

const HELM_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Helm's own release-name validation; returns an error message or undefined. */
export function validateReleaseName(name: string): string | undefined {
  if (name === '' || name.length > MAX_RELEASE_NAME_LENGTH || !HELM_NAME.test(name)) {
    return `invalid release name "${name}": names must be between 1 and 53 characters and must be lowercase alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`;
  }
  return undefined;
}
