// Hook documents as Helm records them (pkg/release/v1/util/manifest_sorter.go): events and
// policies trimmed and lower-cased, weights via strconv.Atoi (0 when invalid), unknown events
// drop the document, hooks sorted by kind like resources.
import { describe, expect, it } from 'vitest';
import { INSTALL_ORDER, sortManifests } from '../../../src/helm/manifest/index.js';

const doc = (kind: string, name: string, annotations: Record<string, string>): string =>
  `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  annotations:\n${Object.entries(annotations)
    .map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    .join('\n')}\n`;

describe('hooks', () => {
  it('records events, weight and policies as Helm does', () => {
    const files = {
      'c/templates/a.yaml': doc('ConfigMap', 'a', {
        'helm.sh/hook': 'pre-upgrade, PRE-INSTALL',
        'helm.sh/hook-weight': '-7',
        'helm.sh/hook-delete-policy': ' Hook-Succeeded , before-hook-creation',
        'helm.sh/hook-output-log-policy': 'hook-failed',
      }),
      'c/templates/b.yaml': doc('Job', 'b', { 'helm.sh/hook': 'test-success', 'helm.sh/hook-weight': 'abc' }),
    };
    const { hooks, manifests } = sortManifests(files, INSTALL_ORDER);
    expect(manifests).toEqual([]);
    expect(hooks.map((h) => ({ name: h.name, kind: h.kind, path: h.path, events: h.events, weight: h.weight, del: h.deletePolicies, log: h.outputLogPolicies }))).toEqual([
      { name: 'a', kind: 'ConfigMap', path: 'c/templates/a.yaml', events: ['pre-upgrade', 'pre-install'], weight: -7, del: ['hook-succeeded', 'before-hook-creation'], log: ['hook-failed'] },
      { name: 'b', kind: 'Job', path: 'c/templates/b.yaml', events: ['test'], weight: 0, del: [], log: [] },
    ]);
  });

  it('drops a document that names an unknown event and reports it', () => {
    const seen: string[] = [];
    const { hooks } = sortManifests({ 'c/templates/x.yaml': doc('Pod', 'x', { 'helm.sh/hook': 'post-install,bogus' }) }, INSTALL_ORDER, undefined, (t) => seen.push(t));
    expect(hooks).toEqual([]);
    expect(seen).toEqual(['post-install,bogus']);
  });

  it('keeps annotated documents without a hook annotation as resources, skipping partials', () => {
    const { hooks, manifests } = sortManifests({ 'c/templates/y.yaml': doc('Service', 'svc', { other: 'x' }), 'c/templates/_p.tpl': doc('Pod', 'p', {}) }, INSTALL_ORDER);
    expect(hooks).toEqual([]);
    expect(manifests.map((m) => m.head.metadata?.name)).toEqual(['svc']);
  });
});
