// `describe hr` as text for a person: identity and chart, where it comes from, how Helm runs it,
// what it waits on, its state (conditions, history, failures), its values' sources, its Events.
import { field, formatBool, stringField } from '../../kinds/accessors.js';
import type { HelmRelease } from '../../kinds/api-types.js';
import { composeReleaseName, releaseName } from '../../reconcile/release-name.js';
import { age } from './age.js';
import type { DescribeData } from './gather.js';
import { fields, table } from './layout.js';

function orDefault(value: unknown, fallback: string): string {
  if (value === undefined || value === null || value === '') return fallback;
  return String(value);
}

/** The fields of an install/upgrade/rollback block that are set, as `key=value`; else the defaults note. */
function settings(block: unknown, skip: readonly string[] = []): string {
  const rec = block && typeof block === 'object' && !Array.isArray(block) ? (block as Record<string, unknown>) : {};
  const parts: string[] = [];
  for (const [k, v] of Object.entries(rec)) {
    if (skip.includes(k) || v === undefined || v === null) continue;
    parts.push(typeof v === 'object' ? `${k}=${JSON.stringify(v)}` : `${k}=${String(v)}`);
  }
  return parts.length > 0 ? parts.join(', ') : '(defaults)';
}

/** Remediation as helm-controller applies it: retries default to 0 (no remediation). */
function remediation(block: unknown, action: 'install' | 'upgrade'): string {
  const retries = field(block, 'remediation', 'retries');
  const strategy = stringField(block, 'remediation', 'strategy') || (action === 'upgrade' ? 'rollback' : 'uninstall');
  const parts = [`retries=${typeof retries === 'number' ? retries : 0}`];
  if (action === 'upgrade') parts.push(`strategy=${strategy}`);
  const last = field(block, 'remediation', 'remediateLastFailure');
  if (last !== undefined) parts.push(`remediateLastFailure=${String(last)}`);
  const ignoreTests = field(block, 'remediation', 'ignoreTestFailures');
  if (ignoreTests !== undefined) parts.push(`ignoreTestFailures=${String(ignoreTests)}`);
  return parts.join(', ');
}

function chartLines(hr: HelmRelease): [string, string][] {
  const chartRef = hr.spec?.chartRef;
  if (chartRef) return [['Chart', `from ${chartRef.kind} ${chartRef.namespace ?? hr.metadata.namespace}/${chartRef.name}`]];
  const spec = hr.spec?.chart?.spec;
  return [
    ['Chart', orDefault(spec?.chart, '<none>')],
    ['Version', orDefault(spec?.version, '* (latest)')],
  ];
}

export function renderDescribe(data: DescribeData, now: number): string {
  const hr = data.release;
  const spec = hr.spec;
  const ns = hr.metadata.namespace ?? '';
  const nameSource = { metadata: { name: hr.metadata.name, namespace: ns }, spec: { ...(spec?.releaseName ? { releaseName: spec.releaseName } : {}), ...(spec?.targetNamespace ? { targetNamespace: spec.targetNamespace } : {}) } };
  const composed = composeReleaseName(nameSource);
  const release = releaseName(nameSource);
  const src = data.source;
  const sourceText = src ? `${src.kind}/${src.namespace}/${src.name} (Ready: ${src.ready}${src.message && src.ready !== 'True' ? `, ${src.message}` : ''})` : '<none>';
  const status = hr.status;
  const head: [string, string][] = [
    ['Name', hr.metadata.name],
    ['Namespace', ns],
    ['Suspended', formatBool(spec?.suspend === true)],
    ...chartLines(hr),
    ['Source', sourceText],
    ...(hr.spec?.chartRef ? [] : ([['HelmChart', data.helmChart ? `${data.helmChart.namespace}/${data.helmChart.name} (Ready: ${data.helmChart.ready}${data.helmChart.message && data.helmChart.ready !== 'True' ? `, ${data.helmChart.message}` : ''})` : '<not created yet>']] as [string, string][])),
    ['Interval', orDefault(spec?.interval, '<none>')],
    ['Timeout', orDefault(spec?.timeout, '5m0s (default)')],
    ['Release Name', composed === release ? release : `${release} (shortened from ${composed})`],
    ['Target Namespace', orDefault(spec?.targetNamespace, `${ns} (default)`)],
    ['Storage Namespace', orDefault(spec?.storageNamespace, `${ns} (default)`)],
    ['Service Account', orDefault(spec?.serviceAccountName, '<controller default>')],
    ['Max History', orDefault(spec?.maxHistory, '5 (default)')],
    ['Install', settings(spec?.install, ['remediation'])],
    ['Install Remediation', remediation(spec?.install, 'install')],
    ['Upgrade', settings(spec?.upgrade, ['remediation'])],
    ['Upgrade Remediation', remediation(spec?.upgrade, 'upgrade')],
    ['Test', settings(spec?.test)],
    ['Rollback', settings(spec?.rollback)],
    ['Uninstall', settings(spec?.uninstall)],
    ['Drift Detection', orDefault(spec?.driftDetection?.mode, 'disabled')],
    ['Failures', `${status?.failures ?? 0} (install ${status?.installFailures ?? 0}, upgrade ${status?.upgradeFailures ?? 0})`],
    ['Last Attempted Revision', orDefault(status?.lastAttemptedRevision, '<none>')],
    ['Last Handled Reconcile At', orDefault(status?.lastHandledReconcileAt, '<none>')],
  ];
  let out = fields(head);
  out += table(
    'Depends On',
    ['NAMESPACE', 'NAME', 'READY', 'MESSAGE'],
    data.dependencies.map((d) => [d.namespace, d.name, d.ready, d.message]),
  );
  out += table(
    'Conditions',
    ['TYPE', 'STATUS', 'REASON', 'AGE', 'MESSAGE'],
    (status?.conditions ?? []).map((c) => [c.type, c.status, c.reason ?? '', age(c.lastTransitionTime, now), c.message ?? '']),
  );
  out += table(
    'History',
    ['VERSION', 'CHART', 'APP VERSION', 'STATUS', 'DEPLOYED AT', 'DIGEST'],
    (status?.history ?? []).map((s) => [String(s.version ?? ''), `${s.chartName ?? ''}@${s.chartVersion ?? ''}`, s.appVersion ?? '', s.status ?? '', s.lastDeployed ?? '', s.digest ?? '']),
  );
  out += table(
    'Values From',
    ['KIND', 'NAME', 'KEY', 'TARGET PATH', 'OPTIONAL', 'EXISTS'],
    data.valuesFrom.map((v) => [v.kind, v.name, v.key, v.targetPath || '-', formatBool(v.optional), v.exists]),
  );
  out += `Inline Values:  ${spec?.values && Object.keys(spec.values).length > 0 ? `${Object.keys(spec.values).length} top-level key(s), merged last` : '<none>'}\n`;
  if (data.eventsError) out += `Events:  <unable to list: ${data.eventsError}>\n`;
  else
    out += table(
      'Events',
      ['TYPE', 'REASON', 'AGE', 'FROM', 'MESSAGE'],
      data.events.map((e) => [e.type, e.reason, e.count > 1 ? `${age(e.time, now)} (x${e.count})` : age(e.time, now), e.from, e.message]),
    );
  return out;
}
