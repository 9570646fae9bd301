// OpenAPI v3 documents (/openapi/v3 and one per group-version): enough for kubectl to see that
// the server validates fields (fieldValidation on PATCH), so plain `kubectl apply` and
// `kubectl apply --server-side` work without --validate=false. Custom resources carry their
// schema; built-ins list only their paths, so kubectl patches them from its own type data.
import { createHash } from 'node:crypto';
import { type Registry, type ResourceDef } from './resources.js';

const QUERY = (name: string, description: string): unknown => ({ name, in: 'query', description, schema: { type: 'string', uniqueItems: true } });

const WRITE_PARAMS = [
  QUERY('dryRun', 'When present, indicates that modifications should not be persisted.'),
  QUERY('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.'),
  QUERY('fieldValidation', 'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: Ignore, Warn (default), Strict.'),
];

function schemaName(def: ResourceDef, version: string): string {
  // Reverse-domain naming, as the apiserver names CRD schemas (io.fluxcd.toolkit.helm.v2.HelmRelease).
  const g = def.group ? def.group.split('.').reverse().join('.') : 'io.k8s.api.core';
  return `${g}.${version}.${def.kind}`;
}

function gvk(def: ResourceDef, version: string): Record<string, string> {
  return { group: def.group, version, kind: def.kind };
}

function ref(name: string): unknown {
  return { content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } };
}

export function groupVersionDoc(registry: Registry, group: string, version: string): Record<string, unknown> | undefined {
  const defs = registry.resourcesIn(group, version);
  if (defs.length === 0) return undefined;
  const base = group ? `/apis/${group}/${version}` : `/api/${version}`;
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const def of defs) {
    const name = schemaName(def, version);
    const ext = gvk(def, version);
    const prefix = def.namespaced ? `${base}/namespaces/{namespace}/${def.plural}` : `${base}/${def.plural}`;
    const ok = { '200': def.custom ? { description: 'OK', ...(ref(name) as object) } : { description: 'OK' } };
    paths[prefix] = {
      get: { 'x-kubernetes-action': 'list', 'x-kubernetes-group-version-kind': ext, responses: ok },
      post: { 'x-kubernetes-action': 'post', 'x-kubernetes-group-version-kind': ext, parameters: WRITE_PARAMS, responses: ok },
    };
    paths[`${prefix}/{name}`] = {
      get: { 'x-kubernetes-action': 'get', 'x-kubernetes-group-version-kind': ext, responses: ok },
      put: { 'x-kubernetes-action': 'put', 'x-kubernetes-group-version-kind': ext, parameters: WRITE_PARAMS, responses: ok },
      patch: {
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': ext,
        parameters: [...WRITE_PARAMS, QUERY('force', 'Force is going to "force" Apply requests.')],
        responses: ok,
      },
      delete: { 'x-kubernetes-action': 'delete', 'x-kubernetes-group-version-kind': ext, responses: ok },
    };
    if (def.custom) {
      const schema = def.versions.find((v) => v.name === version)?.schema ?? { type: 'object' };
      schemas[name] = { ...schema, 'x-kubernetes-group-version-kind': [ext] };
    }
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes CRD Swagger', version: 'v0.1.0' }, paths, components: { schemas } };
}

export function docHash(doc: unknown): string {
  return createHash('sha512').update(JSON.stringify(doc)).digest('hex').slice(0, 128).toUpperCase();
}

export function rootDoc(registry: Registry): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const gvs: Array<[string, string]> = [['', 'v1'], ...registry.groups().flatMap((g) => g.versions.map((v) => [g.name, v] as [string, string]))];
  for (const [g, v] of gvs) {
    const doc = groupVersionDoc(registry, g, v);
    if (!doc) continue;
    const key = g ? `apis/${g}/${v}` : `api/${v}`;
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${docHash(doc)}` };
  }
  return { paths };
}

