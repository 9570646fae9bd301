// Helm's ownership metadata (pkg/action/validate.go): the label and annotations that mark an
// object as part of a release; install and upgrade refuse to adopt objects without them unless
// taking ownership.
import type { KubeObject } from '../../cluster/types.js';

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_HELM = 'Helm';
export const RELEASE_NAME_ANNOTATION = 'meta.helm.sh/release-name';
export const RELEASE_NAMESPACE_ANNOTATION = 'meta.helm.sh/release-namespace';

export interface Owner {
  name: string;
  namespace: string;
}

/** A copy of the object stamped with the release's ownership label and annotations. */
export function withOwnership(obj: KubeObject, owner: Owner): KubeObject {
  return {
    ...obj,
    metadata: {
      ...obj.metadata,
      labels: { ...(obj.metadata.labels ?? {}), [MANAGED_BY_LABEL]: MANAGED_BY_HELM },
      annotations: {
        ...(obj.metadata.annotations ?? {}),
        [RELEASE_NAME_ANNOTATION]: owner.name,
        [RELEASE_NAMESPACE_ANNOTATION]: owner.namespace,
      },
    },
  };
}

/** Helm's checkOwnership problems, empty when the live object belongs to the release. */
export function ownershipProblems(live: KubeObject, owner: Owner): string[] {
  const problems: string[] = [];
  const check = (what: 'label' | 'annotation', values: Record<string, string> | undefined, key: string, want: string): void => {
    const got = values?.[key];
    if (got === undefined) problems.push(`${what} validation error: missing key "${key}": must be set to "${want}"`);
    else if (got !== want) problems.push(`${what} validation error: key "${key}" must equal "${want}": current value is "${got}"`);
  };
  check('label', live.metadata.labels, MANAGED_BY_LABEL, MANAGED_BY_HELM);
  check('annotation', live.metadata.annotations, RELEASE_NAME_ANNOTATION, owner.name);
  check('annotation', live.metadata.annotations, RELEASE_NAMESPACE_ANNOTATION, owner.namespace);
  return problems;
}

export function ownershipError(live: KubeObject, problems: string[]): Error {
  return new Error(
    `${live.kind} "${live.metadata.name}" in namespace "${live.metadata.namespace ?? ''}" exists and cannot be imported into the current release: invalid ownership metadata; ${problems.join('; ')}`,
  );
}
