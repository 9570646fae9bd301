// The generated manifests: CRDs identical to the maintained definitions (regenerate with
// test/install/gen-crds.ts), labels, the settings ConfigMap, the Deployment's security and args.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { crdsFor, generateManifests } from '../../src/install/manifests.js';
import { buildInstallOptions } from '../../src/install/run.js';
import { fluxCrdFiles } from '../support/apiserver/flux-crds.js';

const opts = buildInstallOptions({ namespace: 'flux-system', components: 'source-controller,helm-controller', allowCrossNamespaceRefs: false, watchAllNamespaces: true, networkPolicy: true, logLevel: 'info' });

describe('install manifests', () => {
  it('ships the CRDs exactly as test/fixtures/crds defines them (plus install labels)', () => {
    for (const crd of crdsFor(opts)) {
      const plural = crd.spec.names.plural as keyof typeof fluxCrdFiles;
      const fixture = parseAllDocuments(readFileSync(fluxCrdFiles[plural], 'utf8')).map((d) => d.toJS() as { metadata: object }).find((d) => d !== null);
      const { labels, ...meta } = crd.metadata;
      expect({ ...crd, metadata: meta }).toEqual(fixture);
      expect(labels).toMatchObject({ 'app.kubernetes.io/part-of': 'flux-ts', 'app.kubernetes.io/component': 'crds' });
      expect(crd.spec.versions.filter((v) => v.storage)).toHaveLength(1);
      expect(crd.spec.versions.every((v) => v.subresources?.status !== undefined)).toBe(true);
    }
  });

  it('labels every object with the instance, part-of and version', () => {
    for (const obj of generateManifests(opts)) {
      expect(obj.metadata.labels, `${obj.kind}/${obj.metadata.name}`).toMatchObject({ 'app.kubernetes.io/instance': 'flux-system', 'app.kubernetes.io/part-of': 'flux-ts', 'app.kubernetes.io/version': opts.version });
    }
  });

  it('runs the controller non-root with the install settings in its args', () => {
    const dep = generateManifests({ ...opts, watchAllNamespaces: false, logLevel: 'debug' }).find((o) => o.kind === 'Deployment') as unknown as {
      spec: { template: { spec: { serviceAccountName: string; containers: { args: string[]; securityContext: Record<string, unknown> }[] } } };
    };
    const c = dep.spec.template.spec.containers[0];
    expect(dep.spec.template.spec.serviceAccountName).toBe('flux-ts-controller');
    expect(c?.args).toEqual(['controller', '--watch-all-namespaces=false', '--log-level=debug', '--metrics-addr=:8080', '--health-addr=:9440', '--leader-elect']);
    expect(c?.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
  });
});
