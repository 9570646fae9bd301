// renderResources: what install/upgrade get from a chart (expected texts from helm v4.1.4's
// `helm install --dry-run=client`, which prints the notes).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadChart } from '../../../src/helm/chart/index.js';
import { helmRenderOptions, makeCapabilities, renderResources } from '../../../src/helm/engine/index.js';
import { processDependencies, toRenderValues } from '../../../src/helm/values/index.js';

const fixtures = join(import.meta.dirname, '../../fixtures/render/charts');

async function render(opts: { renderSubchartNotes?: boolean; postRender?: (files: Map<string, string>) => Map<string, string> } = {}) {
  const chart = await loadChart(join(fixtures, 'features'));
  processDependencies(chart, {});
  const caps = makeCapabilities();
  const top = toRenderValues(chart, {}, { name: 'rel', namespace: 'default', revision: 1, isInstall: true, isUpgrade: false }, caps);
  return renderResources(chart, { ...top, Capabilities: caps }, { ...helmRenderOptions(), ...opts });
}

describe('renderResources', () => {
  it('keeps only the root chart notes by default', async () => {
    expect((await render()).notes).toBe('Features rel\n');
  });

  it('joins subchart notes in path order with --render-subchart-notes', async () => {
    expect((await render({ renderSubchartNotes: true })).notes).toBe('Web notes\n\nFeatures rel\n');
  });

  it('builds the release manifest from the install-ordered documents and lists subchart CRDs', async () => {
    const r = await render();
    expect(r.manifests.map((m) => `${m.head.kind}/${m.name}`)).toEqual(['ConfigMap/features/templates/config.yaml', 'Deployment/features/charts/web/templates/deploy.yaml']);
    expect(r.manifest.startsWith('---\n# Source: features/templates/config.yaml\napiVersion: v1\nkind: ConfigMap\n')).toBe(true);
    expect(r.crds.map((c) => c.filename)).toEqual(['features/charts/web/crds/web.yaml']);
    expect(r.hooks).toEqual([]);
  });

  it('hands the post-render step every rendered file but the notes, and sorts what it returns', async () => {
    let seen: string[] = [];
    const r = await render({
      postRender(files) {
        seen = [...files.keys()].sort();
        const hook = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  annotations:\n    helm.sh/hook: test\n';
        return new Map([...files, ['features/templates/added.yaml', hook]]);
      },
    });
    expect(seen).toEqual(['features/charts/web/templates/deploy.yaml', 'features/templates/config.yaml']);
    expect(r.notes).toBe('Features rel\n');
    expect(r.hooks.map((h) => `${h.kind}/${h.path}`)).toEqual(['Pod/features/templates/added.yaml']);
    expect(r.manifests).toHaveLength(2);
  });
});
