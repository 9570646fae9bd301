// HelmRelease (helm.toolkit.fluxcd.io/v2). flux prints its revision and message untouched:
// no hex truncation (flux-cli.md §1.2).
import type { HelmRelease } from './api-types.js';
import { conditions, field, formatBool, lastHandledReconcileAt, readiness, stringField, suspended } from './accessors.js';
import { resourceRef, type FluxKind, type SourceReference } from './kind.js';

const GROUP = 'helm.toolkit.fluxcd.io';

/** status.history[0].chartVersion (newest snapshot), else status.lastAttemptedRevision. */
function revision(obj: HelmRelease): string {
  const history = field(obj, 'status', 'history');
  if (Array.isArray(history) && history.length > 0) return stringField(history[0], 'chartVersion');
  return stringField(obj, 'status', 'lastAttemptedRevision');
}

/** spec.chartRef if set, else spec.chart.spec.sourceRef; namespace defaults to the HR's. */
function sourceRef(obj: HelmRelease): SourceReference | undefined {
  const ref = field(obj, 'spec', 'chartRef') ?? field(obj, 'spec', 'chart', 'spec', 'sourceRef');
  if (ref === undefined || ref === null) return undefined;
  const namespace = stringField(ref, 'namespace') || (obj.metadata.namespace ?? '');
  const apiVersion = stringField(ref, 'apiVersion');
  return {
    kind: stringField(ref, 'kind'),
    name: stringField(ref, 'name'),
    namespace,
    ...(apiVersion ? { apiVersion } : {}),
  };
}

function sourceText(obj: HelmRelease): string {
  const ref = sourceRef(obj);
  return ref ? `${ref.kind}/${ref.namespace}/${ref.name}` : '';
}

export const helmReleaseKind: FluxKind<HelmRelease> = {
  kind: 'HelmRelease',
  group: GROUP,
  version: 'v2',
  readVersions: ['v2', 'v2beta2', 'v2beta1'],
  plural: 'helmreleases',
  singular: 'helmrelease',
  shortNames: ['hr'],
  humanKind: 'helmrelease',
  resource: resourceRef(GROUP, 'v2', 'helmreleases', 'HelmRelease'),
  resourceAt: (version) => resourceRef(GROUP, version, 'helmreleases', 'HelmRelease'),
  columns: [
    { header: 'Source', cell: sourceText, option: 'showSource' },
    { header: 'Revision', cell: revision },
    { header: 'Suspended', cell: (o) => formatBool(suspended(o)) },
    { header: 'Ready', cell: (o) => readiness(o).status },
    { header: 'Message', cell: (o) => readiness(o).message },
  ],
  conditions,
  readiness,
  revision,
  suspended,
  lastHandledReconcileAt,
  sourceRef,
};
