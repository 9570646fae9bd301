// OCIRepository fields flux-ts does not implement. Ignoring them would trust an unverified
// artifact, bypass the proxy or pull with other credentials than Flux, so each is refused with
// one line naming the object and the field.
import { SourceError } from '../errors.js';
import { describeSource, type OCIRepository } from '../types.js';

const UNSUPPORTED: readonly { field: 'verify' | 'proxySecretRef' | 'serviceAccountName'; why: string }[] = [
  { field: 'verify', why: 'artifact signatures (cosign, notation) are not verified' },
  { field: 'proxySecretRef', why: 'use the HTTPS_PROXY environment variable instead' },
  { field: 'serviceAccountName', why: 'give the pull secret with spec.secretRef' },
];

export function refuseUnsupportedOciFields(repo: OCIRepository): void {
  for (const u of UNSUPPORTED) {
    const v = repo.spec[u.field];
    if (v === undefined || v === null || v === '') continue;
    throw new SourceError(describeSource('OCIRepository', repo.metadata.namespace ?? 'default', repo.metadata.name), 'InvalidSpec', `spec.${u.field} is not supported by flux-ts: ${u.why}`);
  }
}
