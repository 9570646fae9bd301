// Ready statuses for the source objects themselves (HelmRepository, GitRepository,
// OCIRepository) after flux-ts fetched from them, worded as source-controller words them, so
// `get sources …` shows what Flux would.
import { STORAGE_BASE_URL } from './helmchart.js';
import type { FetchedChart } from './fetchers.js';
import type { Condition, SourceObject, SourceStatus } from './types.js';

function stamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function ready(message: string, now: Date, generation?: number): Condition[] {
  const base = { status: 'True' as const, lastTransitionTime: stamp(now), reason: 'Succeeded', message, ...(generation !== undefined ? { observedGeneration: generation } : {}) };
  return [
    { type: 'Ready', ...base },
    { type: 'ArtifactInStorage', ...base },
  ];
}

/** The status source-controller writes after fetching `fetched` from `obj`. */
export function sourceReadyStatus(
  obj: Exclude<SourceObject, { kind: 'HelmChart' }>,
  fetched: Pick<FetchedChart, 'sourceRevision' | 'digest'>,
  now: Date = new Date(),
): SourceStatus {
  const ns = obj.metadata.namespace ?? 'default';
  const name = obj.metadata.name;
  const gen = obj.metadata.generation;
  const observed = gen !== undefined ? { observedGeneration: gen } : {};
  const revision = fetched.sourceRevision;
  const hex = (revision.split(':').pop() ?? '').slice(0, 64);
  const artifact = (dir: string, file: string, digest?: string): NonNullable<SourceStatus['artifact']> => {
    const path = `${dir}/${ns}/${name}/${file}`;
    return { path, url: `${STORAGE_BASE_URL}/${path}`, revision, ...(digest !== undefined ? { digest } : {}), lastUpdateTime: stamp(now) };
  };
  switch (obj.kind) {
    case 'HelmRepository':
      if (obj.spec.type === 'oci') {
        // OCI HelmRepositories hold no artifact; source-controller only reports readiness.
        return { ...observed, conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: stamp(now), reason: 'Succeeded', message: 'Helm repository is Ready', ...observed }] };
      }
      return {
        ...observed,
        url: `${STORAGE_BASE_URL}/helmrepository/${ns}/${name}/index.yaml`,
        artifact: artifact('helmrepository', `index-${hex}.yaml`, revision),
        conditions: ready(`stored artifact: revision '${revision}'`, now, gen),
      };
    case 'GitRepository':
      return {
        ...observed,
        url: `${STORAGE_BASE_URL}/gitrepository/${ns}/${name}/latest.tar.gz`,
        // The digest of Flux's source tarball is not known here (flux-ts keeps only the chart).
        artifact: artifact('gitrepository', `${revision.split(':').pop()}.tar.gz`),
        conditions: ready(`stored artifact for revision '${revision}'`, now, gen),
      };
    case 'OCIRepository':
      return {
        ...observed,
        url: `${STORAGE_BASE_URL}/ocirepository/${ns}/${name}/latest.tar.gz`,
        // With layerSelector copy (charts) the stored artifact is the layer itself.
        artifact: artifact('ocirepository', `${hex}.tar.gz`, fetched.digest),
        conditions: ready(`stored artifact for digest '${revision}'`, now, gen),
      };
  }
}

/** Ready=False with the failure, keeping the last artifact (as source-controller does). */
export function sourceFailedStatus(obj: SourceObject, reason: string, message: string, now: Date = new Date()): SourceStatus {
  const gen = obj.metadata.generation;
  const cond = { status: 'False' as const, lastTransitionTime: stamp(now), reason, message, ...(gen !== undefined ? { observedGeneration: gen } : {}) };
  return {
    ...(obj.status?.artifact !== undefined ? { artifact: obj.status.artifact } : {}),
    ...(obj.status?.url !== undefined ? { url: obj.status.url } : {}),
    conditions: [
      { type: 'Ready', ...cond },
      { type: 'FetchFailed', ...cond, status: 'True' },
    ],
  };
}
