// chartutil.ToRenderValuesWithSchemaValidation: the top-level template data. Values are the
// coalesced chart values, checked against every values.schema.json in the chart tree.
import type { GoMap, GoValue } from '../../gotemplate/value.js';
import type { Chart } from '../chart/types.js';
import { coalesceValues } from './coalesce.js';
import type { HelmLog } from './log.js';
import { SchemaValidationError, validateAgainstSchema } from './schema.js';

/** common.ReleaseOptions */
export interface ReleaseOptions {
  name: string;
  namespace: string;
  revision: number;
  isUpgrade: boolean;
  isInstall: boolean;
}

/** The shape the renderer takes (src/helm/engine/render.ts RenderValues). */
export interface TopValues {
  Values: GoMap;
  Release: GoMap;
  Capabilities: GoValue;
}

/** `.Release` as Helm builds it; Revision is a Go int. */
export function releaseValue(o: ReleaseOptions): GoMap {
  const r = Object.create(null) as GoMap;
  r['Name'] = o.name;
  r['Namespace'] = o.namespace;
  r['IsUpgrade'] = o.isUpgrade;
  r['IsInstall'] = o.isInstall;
  r['Revision'] = BigInt(o.revision);
  r['Service'] = 'Helm';
  return r;
}

export interface ToRenderValuesOptions {
  skipSchemaValidation?: boolean;
  log?: HelmLog;
}

/**
 * Coalesces `chrtVals` (the user's values) with the chart's defaults, validates them and
 * assembles the top-level object. Capabilities come from the renderer's own model.
 */
export function toRenderValues(chart: Chart, chrtVals: GoMap, release: ReleaseOptions, capabilities: GoValue, opts: ToRenderValuesOptions = {}): TopValues {
  const vals = coalesceValues(chart, chrtVals, { log: opts.log });
  if (!opts.skipSchemaValidation) {
    const err = validateAgainstSchema(chart, vals);
    if (err !== '') throw new SchemaValidationError(err);
  }
  return { Values: vals, Release: releaseValue(release), Capabilities: capabilities };
}
