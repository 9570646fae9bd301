// The Flux CustomResourceDefinitions kept in test/fixtures/crds, for seeding the test server.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../../../src/cluster/types.js';
import { parseObjects } from './index.js';

export const crdsDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'crds');

/** One file per CRD, plus flux-crds.yaml with all of them. */
export const fluxCrdFiles = {
  helmreleases: join(crdsDir, 'helmreleases.helm.toolkit.fluxcd.io.yaml'),
  helmrepositories: join(crdsDir, 'helmrepositories.source.toolkit.fluxcd.io.yaml'),
  gitrepositories: join(crdsDir, 'gitrepositories.source.toolkit.fluxcd.io.yaml'),
  helmcharts: join(crdsDir, 'helmcharts.source.toolkit.fluxcd.io.yaml'),
  ocirepositories: join(crdsDir, 'ocirepositories.source.toolkit.fluxcd.io.yaml'),
  all: join(crdsDir, 'flux-crds.yaml'),
} as const;

export function fluxCrdsYaml(): string {
  return readFileSync(fluxCrdFiles.all, 'utf8');
}

/** All Flux CRDs as objects (pass to startApiServer({ objects }) or store.load). */
export function loadFluxCrds(): KubeObject[] {
  return parseObjects(fluxCrdsYaml(), fluxCrdFiles.all);
}

interface CrdVersions extends KubeObject {
  spec: { names: { kind: string }; versions: { name: string; served: boolean; storage: boolean }[] };
}

/**
 * All Flux CRDs, with `kind`'s CRD cut down to the one `version` (served and stored): a cluster
 * of another Flux release, e.g. OCIRepository only at v1beta2 (before Flux 2.6).
 */
export function loadFluxCrdsServing(kind: string, version: string): KubeObject[] {
  return loadFluxCrds().map((obj) => {
    const crd = obj as CrdVersions;
    if (crd.spec.names.kind !== kind) return obj;
    const versions = crd.spec.versions.filter((v) => v.name === version).map((v) => ({ ...v, served: true, storage: true }));
    if (versions.length !== 1) throw new Error(`the ${kind} CRD has no version ${version}`);
    return { ...crd, spec: { ...crd.spec, versions } };
  });
}
