// The Kubernetes objects of a release: manifest text → typed objects with their resource
// (through discovery) and namespace, keyed as Helm keys them for upgrade diffs.
import { parse } from 'yaml';
import { NoKindMatchError } from '../../cluster/errors.js';
import type { Cluster, KubeObject, ResourceRef } from '../../cluster/types.js';
import { splitManifests } from '../manifest/index.js';

export interface ReleaseObject {
  object: KubeObject;
  ref: ResourceRef;
}

/** Helm's objectKey: `<group/version>/<Kind>/<namespace>/<name>`. */
export function objectKey(o: ReleaseObject): string {
  return `${o.object.apiVersion}/${o.object.kind}/${o.object.metadata.namespace ?? ''}/${o.object.metadata.name}`;
}

export function describeObject(o: KubeObject): string {
  const ns = o.metadata.namespace;
  return ns ? `${o.kind} "${o.metadata.name}" in namespace "${ns}"` : `${o.kind} "${o.metadata.name}"`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Parses one document; undefined for an empty one. Errors name the document's source. */
export function parseObject(doc: string, source: string): KubeObject | undefined {
  let value: unknown;
  try {
    value = parse(doc);
  } catch (e) {
    throw new Error(`${source}: invalid YAML: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  if (value === null || value === undefined) return undefined;
  if (!isObject(value)) throw new Error(`${source}: a manifest must be a mapping`);
  if (typeof value.apiVersion !== 'string' || value.apiVersion === '') throw new Error(`${source}: apiVersion not set`);
  if (typeof value.kind !== 'string' || value.kind === '') throw new Error(`${source}: kind not set`);
  const meta = value.metadata;
  if (!isObject(meta) || typeof meta.name !== 'string' || meta.name === '') throw new Error(`${source}: ${value.kind} has no metadata.name`);
  return value as KubeObject;
}

/** Resolves each object's resource; namespaced objects without a namespace get the release's. */
export async function buildObjects(cluster: Cluster, docs: { doc: string; source: string }[], namespace: string): Promise<ReleaseObject[]> {
  const out: ReleaseObject[] = [];
  for (const { doc, source } of docs) {
    const object = parseObject(doc, source);
    if (object === undefined) continue;
    let ref: ResourceRef;
    try {
      ref = await cluster.resourceFor(object.apiVersion, object.kind);
    } catch (e) {
      if (!(e instanceof NoKindMatchError)) throw e;
      // Helm's (kubectl's) wording for a kind the server does not serve.
      throw new Error(
        `unable to build kubernetes objects from release manifest: resource mapping not found for name: ${JSON.stringify(object.metadata.name)} namespace: ${JSON.stringify(object.metadata.namespace ?? '')} from "": ${e.message}\nensure CRDs are installed first`,
      );
    }
    if (ref.namespaced) {
      if (!object.metadata.namespace) object.metadata = { ...object.metadata, namespace };
    } else if (object.metadata.namespace) {
      const { namespace: _dropped, ...rest } = object.metadata;
      object.metadata = rest;
    }
    out.push({ object, ref });
  }
  return out;
}

/** The documents of a stored release manifest (`---\n# Source: path\n...`). */
export function manifestDocs(manifest: string): { doc: string; source: string }[] {
  return splitManifests(manifest).map((doc) => {
    const m = /^# Source: (.*)$/m.exec(doc);
    return { doc, source: m?.[1] ?? 'manifest' };
  });
}
