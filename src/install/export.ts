// `flux-ts install --export`: the manifests as one multi-document YAML stream, with flux's
// header comments naming the version and components.
import { stringify } from 'yaml';
import type { KubeObject } from '../cluster/types.js';
import type { InstallOptions } from './options.js';

export function exportYaml(objects: readonly KubeObject[], opts: InstallOptions): string {
  const header = `---\n# flux-ts version: ${opts.version}\n# Components: ${opts.components.join(',')}\n`;
  return header + objects.map((o, i) => (i === 0 ? '' : '---\n') + stringify(o, { lineWidth: 0 })).join('');
}
