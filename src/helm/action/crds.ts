// CRDs from a chart's crds/ directories, applied before the release as helm-controller does
// (Helm's own CRD install is skipped): Skip, Create (only missing ones) or CreateReplace
// (create or update), then a wait of up to 60 s for them to be Established.
import type { KubeObject } from '../../cluster/types.js';
import type { RenderedCrd } from '../engine/index.js';
import { splitManifests } from '../manifest/index.js';
import { type ActionConfig, fieldManagerOf } from './config.js';
import { buildObjects, describeObject } from './objects.js';
import { waitForReady } from './wait.js';

export type CrdPolicy = 'Skip' | 'Create' | 'CreateReplace';
export const CRD_WAIT_MS = 60_000;

export async function applyCrds(cfg: ActionConfig, crds: RenderedCrd[], policy: CrdPolicy, namespace: string, waitMs = CRD_WAIT_MS): Promise<void> {
  if (policy === 'Skip' || crds.length === 0) return;
  const docs = crds.flatMap((c) => splitManifests(c.data).map((doc) => ({ doc, source: c.filename })));
  const objects = await buildObjects(cfg.cluster, docs, namespace);
  for (const o of objects) {
    if (o.object.kind !== 'CustomResourceDefinition') continue;
    try {
      if (policy === 'Create') {
        const live = await cfg.cluster.tryGet(o.ref, o.object.metadata.name);
        if (live === undefined) await cfg.cluster.create<KubeObject>(o.ref, o.object, { fieldManager: fieldManagerOf(cfg) });
      } else {
        await cfg.cluster.apply<KubeObject>(o.ref, o.object, { fieldManager: fieldManagerOf(cfg), force: true });
      }
    } catch (e) {
      throw new Error(`failed to ${policy === 'Create' ? 'create' : 'create or replace'} CRD ${describeObject(o.object)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  await waitForReady(cfg, objects.filter((o) => o.object.kind === 'CustomResourceDefinition'), waitMs);
}
