// The modification times Helm's directory loader records for a chart (Chart.yaml's time for the
// chart, each file's own), formatted as Go marshals time.Time (RFC 3339, nanoseconds without
// trailing zeros, UTC).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Chart } from '../chart/index.js';
import type { ChartModTimes } from './chart-json.js';

export function goTimeFromNs(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  const base = new Date(Number(ms)).toISOString().slice(0, 19);
  return `${base}${frac ? `.${frac}` : ''}Z`;
}

function mtime(path: string): string | undefined {
  try {
    return goTimeFromNs(statSync(path, { bigint: true }).mtimeNs);
  } catch {
    return undefined;
  }
}

/** Times of a chart loaded from directory `dir` (files that cannot be read are left without). */
export function modTimesOfDir(dir: string, chart: Chart): ChartModTimes {
  const files = new Map<string, string>();
  for (const f of [...chart.templates, ...chart.files, { name: 'values.schema.json' }]) {
    const t = mtime(join(dir, f.name));
    if (t) files.set(f.name, t);
  }
  const chartTime = mtime(join(dir, 'Chart.yaml'));
  return { files, ...(chartTime ? { chart: chartTime } : {}) };
}
