// helm-controller's post-renderer chain (kustomize postRenderers, commonMetadata, origin labels)
// inside Helm's render, against the real tools: helm v4.1.4 `template` with a post-renderer
// plugin running the same chain through kubectl's kustomize (postrender-fixtures/gen.mjs).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chartSource } from '../../src/helm/action/index.js';
import { loadDir } from '../../src/helm/chart/index.js';
import { templateStdout } from '../../src/helm/template/output.js';
import type { HelmRelease } from '../../src/kinds/api-types.js';
import { postRendererFor, postRenderObjects, PostRenderError } from '../../src/reconcile/postrender/index.js';

const FIXTURES = join(import.meta.dirname, 'postrender-fixtures');

async function render(hr: HelmRelease): Promise<string> {
  const chart = await loadDir(join(FIXTURES, 'chart/demo'));
  const target = hr.spec?.targetNamespace;
  const name = hr.spec?.releaseName ?? (target ? `${target}-${hr.metadata.name}` : hr.metadata.name);
  const source = chartSource(chart, {}, { name, namespace: target ?? hr.metadata.namespace ?? 'default', postRender: postRendererFor(hr) });
  const r = await source.render({ revision: 1, isInstall: true, isUpgrade: false });
  return templateStdout({ crds: r.crds, manifests: r.manifests, hooks: r.hooks, includeCrds: true, skipTests: false, disableHooks: false, showOnly: [] });
}

function hrOf(name: string): HelmRelease {
  return parse(readFileSync(join(FIXTURES, 'cases', name, 'hr.yaml'), 'utf8')) as HelmRelease;
}

describe('HelmRelease post-rendering matches helm template with helm-controller’s chain', () => {
  for (const name of readdirSync(join(FIXTURES, 'cases')).sort()) {
    it(name, async () => {
      expect(await render(hrOf(name))).toBe(readFileSync(join(FIXTURES, 'cases', name, 'expected.yaml'), 'utf8'));
    });
  }
});

describe('post-render strategies', () => {
  const labelled = (text: string, name: string) => {
    const doc = text.split('---\n').find((d) => d.includes(`name: ${name}\n`));
    return doc?.includes('helm.toolkit.fluxcd.io/name: demo') ?? false;
  };

  it('combined (the default) post-renders hooks with the resources', async () => {
    const out = await render(hrOf('origin-only'));
    expect(labelled(out, 'demo-migrate')).toBe(true);
    expect(labelled(out, 'demo-api')).toBe(true);
  });

  it('nohooks leaves hooks as the chart rendered them', async () => {
    const hr = hrOf('origin-only');
    hr.spec!.postRenderStrategy = 'nohooks';
    const out = await render(hr);
    expect(labelled(out, 'demo-migrate')).toBe(false);
    expect(out).toContain('    "helm.sh/hook": pre-install,pre-upgrade\n');
    expect(labelled(out, 'demo-api')).toBe(true);
  });

  it('separate post-renders hooks in a stream of their own: per-object changes come out the same', async () => {
    const hr = hrOf('common-metadata');
    hr.spec!.postRenderStrategy = 'separate';
    expect(await render(hr)).toBe(readFileSync(join(FIXTURES, 'cases/common-metadata/expected.yaml'), 'utf8'));
  });

  it('separate: a patch naming a resource finds nothing in the hooks stream, and fails as kustomize does', async () => {
    const hr = hrOf('patches-images');
    hr.spec!.postRenderStrategy = 'separate';
    await expect(render(hr)).rejects.toThrow('no resource matches strategic merge patch "Deployment.v1.apps/demo-api.[noNs]"');
  });
});

describe('post-render failures', () => {
  it('name the HelmRelease, the post-renderer and what kustomize reports', async () => {
    const hr = hrOf('origin-only');
    hr.spec!.postRenderers = [{ kustomize: { patches: [{ patch: '- op: replace\n  path: /spec/nothing\n  value: 1\n', target: { kind: 'Service' } }] } }];
    await expect(render(hr)).rejects.toThrow(PostRenderError);
    await expect(render(hr)).rejects.toThrow('error while running post render on files: postRenderers[0]: Service demo-api: replace operation does not apply: doc is missing path: /spec/nothing: missing value');
  });
});

describe('CRDs of the chart’s crds/ directory', () => {
  it('get the origin labels (as helm-controller’s CRD installer sets them), not commonMetadata', async () => {
    const chart = await loadDir(join(import.meta.dirname, '../helm/action/fixtures/charts/app'));
    const hr = hrOf('common-metadata');
    const source = chartSource(chart, {}, { name: 'apps-demo', namespace: 'apps', postRender: postRendererFor(hr) });
    const r = await source.render({ revision: 1, isInstall: true, isUpgrade: false });
    expect(r.crds).toHaveLength(1);
    const crd = parse(r.crds[0]!.data) as { metadata: { name: string; labels: Record<string, string> }; spec: { group: string } };
    expect(crd.metadata).toEqual({ name: 'widgets.example.com', labels: { 'helm.toolkit.fluxcd.io/name': 'demo', 'helm.toolkit.fluxcd.io/namespace': 'flux-system' } });
    expect(crd.spec.group).toBe('example.com');
  });
});

describe('the stream every post-render step loads', () => {
  it('refuses two objects with the same id, as kustomize’s ResMap does (an unset namespace is "default")', () => {
    const hr = hrOf('origin-only');
    const cm = (ns?: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'same', ...(ns ? { namespace: ns } : {}) } });
    expect(() => postRenderObjects(hr, [cm(), cm('default')])).toThrow('may not add resource with an already registered id: ConfigMap.v1.[noGrp]/same.default');
    expect(postRenderObjects(hr, [cm('a'), cm('b')])).toHaveLength(2);
  });

  it('refuses an object without a name', () => {
    expect(() => postRenderObjects(hrOf('origin-only'), [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }])).toThrow('missing metadata.name in object ConfigMap.v1.[noGrp]/[noName].[noNs]');
  });
});

describe('spec.postRenderStrategy', () => {
  it('refuses a value outside the enum (objects read from disk are not validated)', async () => {
    const hr = hrOf('origin-only');
    (hr.spec as { postRenderStrategy?: string }).postRenderStrategy = 'NoHooks';
    await expect(render(hr)).rejects.toThrow('spec.postRenderStrategy: unknown post-render strategy "NoHooks" (one of combined, nohooks, separate)');
  });
});
