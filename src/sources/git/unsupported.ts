// GitRepository fields flux-ts does not implement. Ignoring them would build a chart that
// differs from Flux's (an unverified commit trusted, a proxy bypassed), so each is refused with
// one line naming the object and the field. Implemented elsewhere: proxySecretRef for http(s)
// URLs (git/access.ts), sparseCheckout (git/sourceignore.ts), recurseSubmodules
// (git/checkout.ts), include (git/include.ts).
import { SourceError } from '../errors.js';
import { describeSource, type GitRepository } from '../types.js';

interface Unsupported {
  field: string;
  /** Set in a way that changes what Flux fetches or accepts. */
  isSet(spec: GitRepository['spec']): boolean;
  why: string;
}

const UNSUPPORTED: readonly Unsupported[] = [
  { field: 'verify', isSet: (s) => s.verify !== undefined && s.verify !== null, why: 'commit and tag signatures are not verified' },
  { field: 'proxySecretRef', isSet: (s) => s.proxySecretRef != null && !/^https?:\/\//.test(s.url), why: 'a proxy is used for http(s):// URLs only' },
  { field: 'provider', isSet: (s) => s.provider !== undefined && s.provider !== '' && s.provider !== 'generic', why: "only 'generic' credentials from secretRef are supported" },
];

/** Throws InvalidSpec for the first field set that flux-ts would otherwise silently ignore. */
export function refuseUnsupportedGitFields(repo: GitRepository): void {
  for (const u of UNSUPPORTED) {
    if (!u.isSet(repo.spec)) continue;
    const subject = describeSource('GitRepository', repo.metadata.namespace ?? 'default', repo.metadata.name);
    const value = u.field === 'provider' ? ` '${repo.spec.provider}'` : '';
    throw new SourceError(subject, 'InvalidSpec', `spec.${u.field}${value} is not supported by flux-ts: ${u.why}`);
  }
}
