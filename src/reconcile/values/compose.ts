// valuesFrom composition, as fluxcd/pkg chartutil ChartValuesFromReferences does it:
// references in order (always in the HelmRelease namespace), whole documents merged with
// MergeMaps, targetPath entries written in place with Helm's --set parser, inline values last.
import type { GoMap } from '../../gotemplate/value.js';
import { yamlToJsonMap } from '../../helm/yaml/index.js';
import { ValuesReferenceError } from './errors.js';
import { mergeMaps } from './merge.js';
import { replacePathLiteralValue, replacePathValue } from './replace-path.js';
import { notFoundMessage, type ValuesObject, type ValuesObjectKind, type ValuesObjectSource } from './source.js';

/** fluxcd/pkg apis/meta ValuesReference (with `literal`, which src/kinds does not carry yet). */
export interface ValuesReference {
  kind: string;
  name: string;
  valuesKey?: string;
  targetPath?: string;
  optional?: boolean;
  literal?: boolean;
}

export const DEFAULT_VALUES_KEY = 'values.yaml';

export interface ComposeOptions {
  /** Told about skipped optional references (Flux logs them at info level). */
  onSkipped?: (message: string) => void;
  /**
   * Called with each reference's raw data before it is merged; the secret-path tracking
   * variant uses it to substitute markers.
   */
  transformData?: (ref: ValuesReference, data: string) => string;
  /** Like transformData for whole-document references, after parsing. */
  transformDocument?: (ref: ValuesReference, doc: GoMap) => GoMap;
}

/**
 * Composes the chart values. `inline` (spec.values) is written into by nested targetPath
 * entries exactly as in Flux (the aliasing quirk that lets `a.b` targetPaths beat inline
 * values); pass a fresh copy if the caller's object must stay untouched.
 */
export async function composeValues(
  source: ValuesObjectSource,
  namespace: string,
  inline: GoMap | undefined,
  refs: readonly ValuesReference[],
  opts: ComposeOptions = {},
): Promise<GoMap> {
  let result: GoMap = {};
  // One read per object per call; an absent optional object stays absent for later refs.
  const cache = new Map<string, ValuesObject | null>();

  for (const ref of refs) {
    const key = ref.valuesKey || DEFAULT_VALUES_KEY;
    const optional = ref.optional === true;
    const fail = (reason: ValuesReferenceError['reason'], cause?: Error) =>
      new ValuesReferenceError(reason, ref.kind, namespace, ref.name, key, optional, cause);

    if (ref.kind !== 'Secret' && ref.kind !== 'ConfigMap') throw fail('unsupported values reference kind');
    const kind: ValuesObjectKind = ref.kind;
    const index = `${kind}${namespace}/${ref.name}`;

    let obj = cache.get(index);
    if (obj === undefined) {
      cache.set(index, null);
      const got = await source.get(kind, namespace, ref.name);
      if (!got) {
        const err = fail('resource not found', new Error(notFoundMessage(kind, ref.name)));
        if (optional) {
          opts.onSkipped?.(err.message);
          continue;
        }
        throw err;
      }
      cache.set(index, got);
      obj = got;
    }
    if (obj === null) {
      if (optional) continue;
      throw fail('resource not found');
    }

    if (!Object.prototype.hasOwnProperty.call(obj.data, key)) {
      const err = fail('key not found');
      if (optional) {
        opts.onSkipped?.(err.message);
        continue;
      }
      throw err;
    }
    let data = obj.data[key]!;
    if (opts.transformData) data = opts.transformData(ref, data);

    if (ref.targetPath) {
      result = mergeMaps(result, inline);
      try {
        if (ref.literal) replacePathLiteralValue(result, ref.targetPath, data);
        else replacePathValue(result, ref.targetPath, data);
      } catch (e) {
        throw fail('failed to merge value', e as Error);
      }
      continue;
    }

    let doc: GoMap;
    try {
      doc = readValues(data);
    } catch (e) {
      throw fail('failed to read values data', e as Error);
    }
    if (opts.transformDocument) doc = opts.transformDocument(ref, doc);
    result = mergeMaps(result, doc);
  }
  return mergeMaps(result, inline);
}

/** Helm's common.ReadValues: one YAML document that must be a map; empty means {}. */
export function readValues(data: string): GoMap {
  if (data.length === 0) return {};
  return yamlToJsonMap(data);
}
