// `describe hr --show-values`: the values helm-controller would give the chart (valuesFrom in
// order, inline values last; src/reconcile/values), with every value that came from a Secret
// replaced by `***`. Errors about a Secret reference never carry the parser's text, which can
// quote the Secret's content.
import type { Cluster } from '../../cluster/types.js';
import { CliError } from '../../cli/errors.js';
import { asRecord, stringField } from '../../kinds/accessors.js';
import type { HelmRelease } from '../../kinds/api-types.js';
import { marshalYaml, readValues } from '../../helm/yaml/index.js';
import { clusterValuesSource, composeValuesTrackingSecrets, maskValues, ValuesReferenceError, type ValuesReference } from '../../reconcile/values/index.js';

function references(hr: HelmRelease): ValuesReference[] {
  const list = Array.isArray(hr.spec?.valuesFrom) ? (hr.spec.valuesFrom as unknown[]) : [];
  return list.map((r) => {
    const rec = asRecord(r) ?? {};
    return {
      kind: stringField(rec, 'kind'),
      name: stringField(rec, 'name'),
      ...(stringField(rec, 'valuesKey') ? { valuesKey: stringField(rec, 'valuesKey') } : {}),
      ...(stringField(rec, 'targetPath') ? { targetPath: stringField(rec, 'targetPath') } : {}),
      ...(rec['optional'] === true ? { optional: true } : {}),
      ...(rec['literal'] === true ? { literal: true } : {}),
    };
  });
}

/** The composed values as YAML (keys sorted, as flux debug prints them), Secret values masked. */
export async function showValues(cluster: Cluster, hr: HelmRelease): Promise<string> {
  const namespace = hr.metadata.namespace ?? '';
  // spec.values as Go reads it: JSON into map[string]interface{} (numbers are float64).
  const inline = hr.spec?.values ? readValues(JSON.stringify(hr.spec.values)) : undefined;
  try {
    const { values, secretPaths } = await composeValuesTrackingSecrets(clusterValuesSource(cluster), namespace, inline, references(hr));
    const masked = maskValues(values, secretPaths);
    return Object.keys(masked).length === 0 ? '{}\n' : marshalYaml(masked);
  } catch (err) {
    if (err instanceof ValuesReferenceError && err.refKind === 'Secret') {
      throw new CliError(new ValuesReferenceError(err.reason, err.refKind, err.namespace, err.refName, err.key, err.optional).message);
    }
    throw err;
  }
}
