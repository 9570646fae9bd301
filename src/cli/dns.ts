// Kubernetes name rules flux checks before talking to the cluster.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** True for a valid DNS-1123 label (namespace names): lower-case alphanumerics and '-', ≤ 63. */
export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}
