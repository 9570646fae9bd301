// A kubeconfig for the transport tests: one context `test` (namespace apps) on `server`, whose
// user entry is the given YAML lines (already indented under `user:`).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function kubeconfig(dir: string, server: string, user: string): string {
  const file = join(dir, 'config');
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
current-context: test
clusters:
- name: test
  cluster:
    server: ${server}
contexts:
- name: test
  context: {cluster: test, user: test, namespace: apps}
users:
- name: test
  user:
${user}
`,
  );
  return file;
}
