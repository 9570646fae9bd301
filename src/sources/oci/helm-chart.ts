// Helm charts as OCI artifacts (what `helm push` writes and `helm pull` reads): an image
// manifest whose config blob is the chart metadata as JSON and whose one layer is the .tgz.
// Tags carry the chart version with `+` written as `_`.
import { TransportError } from '../errors.js';
import type { ChartMetadata } from '../chart-archive.js';
import { OCI_MANIFEST, type Descriptor, type ImageManifest, type RegistryClient } from './client.js';
import { versionToTag } from './reference.js';

export const HELM_CONFIG_MEDIA_TYPE = 'application/vnd.cncf.helm.config.v1+json';
export const HELM_CHART_LAYER_MEDIA_TYPE = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';
export const HELM_PROVENANCE_MEDIA_TYPE = 'application/vnd.cncf.helm.chart.provenance.v1.prov';
/** Charts pushed by Helm before 3.7 used this layer type; Helm still reads it. */
export const LEGACY_CHART_LAYER_MEDIA_TYPE = 'application/tar+gzip';

// Go's json.Marshal of helm's chart.Metadata: struct field order, empty fields omitted.
const METADATA_FIELDS = ['name', 'home', 'sources', 'version', 'description', 'keywords', 'maintainers', 'icon', 'apiVersion', 'condition', 'tags', 'appVersion', 'deprecated', 'annotations', 'kubeVersion', 'dependencies', 'type'];
const MAINTAINER_FIELDS = ['name', 'email', 'url'];
const DEPENDENCY_FIELDS: [string, boolean][] = [
  ['name', false],
  ['version', true],
  ['repository', false],
  ['condition', true],
  ['tags', true],
  ['enabled', true],
  ['import-values', true],
  ['alias', true],
];

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || v === false || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && Object.keys(v).length === 0);
}

function ordered(obj: Record<string, unknown>, fields: [string, boolean][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [f, omitEmpty] of fields) {
    const v = obj[f];
    if (omitEmpty ? isEmpty(v) : v === undefined) {
      if (!omitEmpty) out[f] = f === 'name' || f === 'repository' ? '' : v;
      continue;
    }
    out[f] = v;
  }
  return out;
}

function sortedStringMap(v: unknown): Record<string, string> | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const out: Record<string, string> = {};
  for (const k of Object.keys(v).sort()) out[k] = String((v as Record<string, unknown>)[k]);
  return out;
}

/** The config blob `helm push` writes for a chart. */
export function helmConfigJson(md: ChartMetadata): Buffer {
  const raw = md.raw;
  const out: Record<string, unknown> = {};
  for (const f of METADATA_FIELDS) {
    let v: unknown = raw[f];
    if (f === 'maintainers' && Array.isArray(v)) {
      v = v.map((m) => ordered(m as Record<string, unknown>, MAINTAINER_FIELDS.map((k) => [k, true])));
    } else if (f === 'dependencies' && Array.isArray(v)) {
      v = v.map((d) => ordered(d as Record<string, unknown>, DEPENDENCY_FIELDS));
    } else if (f === 'annotations') {
      v = sortedStringMap(v);
    } else if (typeof v === 'number') {
      v = String(v);
    }
    if (!isEmpty(v)) out[f] = v;
  }
  return Buffer.from(JSON.stringify(out));
}

/** Manifest annotations as Helm generates them (org.opencontainers.image.*). */
export function helmManifestAnnotations(md: ChartMetadata, created: string): Record<string, string> {
  const raw = md.raw;
  const a: Record<string, string> = {};
  const add = (k: string, v: unknown): void => {
    if (typeof v === 'string' && v !== '') a[k] = v;
  };
  add('org.opencontainers.image.description', raw.description);
  add('org.opencontainers.image.title', md.name);
  add('org.opencontainers.image.version', md.version);
  add('org.opencontainers.image.url', raw.home);
  add('org.opencontainers.image.created', created);
  if (Array.isArray(raw.sources) && raw.sources.length > 0) add('org.opencontainers.image.source', String(raw.sources[0]));
  if (Array.isArray(raw.maintainers) && raw.maintainers.length > 0) {
    const parts = raw.maintainers.map((m) => {
      const r = (m ?? {}) as Record<string, unknown>;
      let s = typeof r.name === 'string' ? r.name : '';
      if (typeof r.email === 'string' && r.email !== '') s += ` (${r.email})`;
      return s;
    });
    add('org.opencontainers.image.authors', parts.join(', '));
  }
  const custom = sortedStringMap(raw.annotations) ?? {};
  for (const [k, v] of Object.entries(custom)) {
    if (k !== 'org.opencontainers.image.version' && k !== 'org.opencontainers.image.title') add(k, v);
  }
  return Object.fromEntries(Object.keys(a).sort().map((k) => [k, a[k]!]));
}

export interface PushedChart {
  /** `host/repo/name:tag` as helm prints it. */
  ref: string;
  digest: string;
  repository: string;
  tag: string;
}

/** Pushes a packaged chart to `<host>/<base>/<chart name>:<version with _>`. */
export async function pushChart(
  client: RegistryClient,
  base: string,
  archive: Buffer,
  md: ChartMetadata,
  created: string = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
): Promise<PushedChart> {
  const repository = base === '' ? md.name : `${base.replace(/\/+$/, '')}/${md.name}`;
  const tag = versionToTag(md.version);
  const config = helmConfigJson(md);
  const configDigest = await client.pushBlob(repository, config);
  const layerDigest = await client.pushBlob(repository, archive);
  const manifest: ImageManifest = {
    schemaVersion: 2,
    config: { mediaType: HELM_CONFIG_MEDIA_TYPE, digest: configDigest, size: config.length },
    layers: [{ mediaType: HELM_CHART_LAYER_MEDIA_TYPE, digest: layerDigest, size: archive.length }],
    annotations: helmManifestAnnotations(md, created),
  };
  const body = Buffer.from(JSON.stringify(manifest));
  const digest = await client.putManifest(repository, tag, body, OCI_MANIFEST);
  return { ref: `${client.host}/${repository}:${tag}`, digest, repository, tag };
}

/** The chart layer of a Helm chart manifest (Helm's checks and messages). */
export function chartLayer(manifest: ImageManifest, where: string): Descriptor {
  const descriptors = [manifest.config, ...(manifest.layers ?? [])].filter((d) => d !== undefined);
  if (descriptors.length < 2) {
    throw new TransportError('InvalidArtifact', `${where}: manifest does not contain minimum number of descriptors (2), descriptors found: ${descriptors.length}`);
  }
  const layer =
    manifest.layers.find((l) => l.mediaType === HELM_CHART_LAYER_MEDIA_TYPE) ?? manifest.layers.find((l) => l.mediaType === LEGACY_CHART_LAYER_MEDIA_TYPE);
  if (layer === undefined) {
    throw new TransportError('InvalidArtifact', `${where}: manifest does not contain a layer with mediatype ${HELM_CHART_LAYER_MEDIA_TYPE}`);
  }
  return layer;
}
