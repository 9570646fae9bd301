// Helm's CoalesceValues / MergeValues (pkg/chart/common/util/coalesce.go, as in Helm 4.1):
// user values win over chart defaults, maps merge, scalars and lists replace; a null from the
// user deletes the chart default (coalescing) or is kept (merging); each subchart gets the
// parent's values under its name plus the parent's `global` map; type mismatches are skipped
// with Helm's warnings.
import { GoNumber, isGoMap, type GoMap, type GoValue } from '../../gotemplate/value.js';
import type { Chart } from '../chart/types.js';
import { goV, goT } from './gofmt.js';
import { printfLine, type HelmLog } from './log.js';

export const GLOBAL_KEY = 'global';

export class CoalesceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CoalesceError';
  }
}

type Printf = (msg: string) => void;

function isTable(v: GoValue): v is GoMap {
  return v !== null && v !== undefined && isGoMap(v);
}

function newMap(): GoMap {
  return Object.create(null) as GoMap;
}

/**
 * copystructure.Copy for the value model: lists and maps copied (a list as a plain
 * []interface {}, a map as map[string]interface {}), anything else shared. copystructure has no
 * depth limit and helm copies values files and --set-json values nested 10000 deep, so past
 * NEAR_LEVELS levels the copy goes on from a work list instead of node's stack.
 */
export function deepCopy<T extends GoValue>(v: T): T {
  return copyNear(v, 0) as T;
}

/** Levels copied by recursion, as fast as it was on ordinary values. */
const NEAR_LEVELS = 200;

function copyNear(v: GoValue, level: number): GoValue {
  if (v === null || v === undefined || typeof v !== 'object' || v instanceof GoNumber) return v;
  if (v instanceof Uint8Array) return new Uint8Array(v);
  if (level === NEAR_LEVELS) return copyFar(v);
  if (Array.isArray(v)) {
    const out: GoValue[] = [];
    for (const x of v) out.push(copyNear(x, level + 1));
    return out;
  }
  if (isGoMap(v)) {
    const out = newMap();
    for (const k of Object.keys(v)) out[k] = copyNear(v[k]!, level + 1);
    return out;
  }
  return v;
}

/** The same copy, its containers filled from a work list of (original, empty copy) pairs. */
function copyFar(v: GoValue): GoValue {
  const work: (GoValue[] | GoMap)[] = [];
  const copy = copyOne(v, work);
  while (work.length > 0) {
    const out = work.pop()!;
    const src = work.pop()!;
    if (Array.isArray(src)) {
      const list = out as GoValue[];
      for (const x of src) list.push(copyOne(x, work));
    } else {
      const map = out as GoMap;
      for (const k of Object.keys(src)) map[k] = copyOne(src[k]!, work);
    }
  }
  return copy;
}

/** A scalar or shared value as it is; a list or map as an empty copy queued (with it) on `work`. */
function copyOne(v: GoValue, work: (GoValue[] | GoMap)[]): GoValue {
  if (v === null || v === undefined || typeof v !== 'object' || v instanceof GoNumber) return v;
  if (v instanceof Uint8Array) return new Uint8Array(v);
  if (Array.isArray(v)) {
    const out: GoValue[] = [];
    work.push(v, out);
    return out;
  }
  if (isGoMap(v)) {
    const out = newMap();
    work.push(v, out);
    return out;
  }
  return v;
}

/** Go ranges over maps in random order; we take sorted keys so warnings come out stably. */
function keys(m: GoMap): string[] {
  return Object.keys(m).sort();
}

function concatPrefix(a: string, b: string): string {
  return a === '' ? b : `${a}.${b}`;
}

export interface CoalesceOptions {
  /** Receives Helm's warning lines (slog format). */
  log?: HelmLog;
}

function printer(opts: CoalesceOptions): Printf {
  return (msg) => opts.log?.(printfLine(msg));
}

/** CoalesceValues: the chart's final values, nulls removing chart defaults. */
export function coalesceValues(chart: Chart, vals: GoMap | null, opts: CoalesceOptions = {}): GoMap {
  const copy = vals ? deepCopy(vals) : newMap();
  return coalesce(printer(opts), chart, copy, '', false);
}

/** MergeValues: like CoalesceValues but nulls are kept (for later coalescing). */
export function mergeValues(chart: Chart, vals: GoMap | null, opts: CoalesceOptions = {}): GoMap {
  const copy = vals ? deepCopy(vals) : newMap();
  return coalesce(printer(opts), chart, copy, '', true);
}

function coalesce(printf: Printf, ch: Chart, dest: GoMap, prefix: string, merge: boolean): GoMap {
  coalesceChartValues(printf, ch, dest, prefix, merge);
  return coalesceDeps(printf, ch, dest, prefix, merge);
}

function coalesceDeps(printf: Printf, ch: Chart, dest: GoMap, prefix: string, merge: boolean): GoMap {
  for (const sub of ch.dependencies()) {
    const name = sub.name();
    if (!(name in dest)) {
      dest[name] = newMap();
    } else if (!isTable(dest[name]!)) {
      const c = dest[name]!;
      throw new CoalesceError(`type mismatch on ${name}: ${typeof c === 'boolean' ? String(c) : `%!t(${goT(c)}=${goV(c)})`}`);
    }
    const dvmap = dest[name] as GoMap;
    const subPrefix = concatPrefix(prefix, ch.name());
    coalesceGlobals(printf, dvmap, dest, subPrefix);
    dest[name] = coalesce(printf, sub, dvmap, subPrefix, merge);
  }
  return dest;
}

/** Copies the parent's globals (src) into the subchart's values (dest), parent first. */
function coalesceGlobals(printf: Printf, dest: GoMap, src: GoMap, prefix: string): void {
  let dg: GoMap;
  let sg: GoMap;
  if (!(GLOBAL_KEY in dest)) dg = newMap();
  else if (isTable(dest[GLOBAL_KEY]!)) dg = dest[GLOBAL_KEY] as GoMap;
  else {
    printf(`warning: skipping globals because destination ${GLOBAL_KEY} is not a table.`);
    return;
  }
  if (!(GLOBAL_KEY in src)) sg = newMap();
  else if (isTable(src[GLOBAL_KEY]!)) sg = src[GLOBAL_KEY] as GoMap;
  else {
    printf(`warning: skipping globals because source ${GLOBAL_KEY} is not a table.`);
    return;
  }
  for (const key of keys(sg)) {
    const val = sg[key]!;
    if (isTable(val)) {
      const vv = Object.assign(newMap(), val); // shallow, as Helm's copyMap
      if (!(key in dg)) {
        dg[key] = vv;
      } else {
        const destv = dg[key]!;
        if (!isTable(destv)) {
          printf(`Conflict: cannot merge map onto non-map for ${JSON.stringify(key)}. Skipping.`);
        } else {
          coalesceTablesFullKey(printf, vv, destv, concatPrefix(prefix, key), true);
          dg[key] = vv;
        }
      }
    } else if (key in dg && isTable(dg[key]!)) {
      printf(`key ${key} is table. Skipping`);
    } else {
      dg[key] = val;
    }
  }
  dest[GLOBAL_KEY] = dg;
}

function childChartMergeTrue(ch: Chart, key: string, merge: boolean): boolean {
  return ch.dependencies().some((d) => d.name() === key) ? true : merge;
}

/** Builds up the values of one chart: `v` (higher priority) over a copy of the chart's defaults. */
function coalesceChartValues(printf: Printf, ch: Chart, v: GoMap, prefix: string, merge: boolean): void {
  const subPrefix = concatPrefix(prefix, ch.name());
  const vc = deepCopy(ch.values);
  for (const key of keys(vc)) {
    const val = vc[key]!;
    if (key in v) {
      const value = v[key]!;
      if (value === null && !merge) {
        delete v[key];
      } else if (isTable(value)) {
        if (!isTable(val)) {
          if (val !== null) printf(`warning: skipped value for ${subPrefix}.${key}: Not a table.`);
        } else {
          coalesceTablesFullKey(printf, value, val, concatPrefix(subPrefix, key), childChartMergeTrue(ch, key, merge));
        }
      }
    } else {
      v[key] = val;
    }
  }
}

/** CoalesceTables: merges src into dst, dst authoritative; null in dst deletes a src default. */
export function coalesceTables(dst: GoMap | null, src: GoMap | null, opts: CoalesceOptions = {}): GoMap | null {
  return coalesceTablesFullKey(printer(opts), dst, src, '', false);
}

/** MergeTables: like CoalesceTables but nulls are kept. */
export function mergeTables(dst: GoMap | null, src: GoMap | null, opts: CoalesceOptions = {}): GoMap | null {
  return coalesceTablesFullKey(printer(opts), dst, src, '', true);
}

/** A pair of tables being coalesced: src's keys, the next one to merge into dst. */
interface TablesFrame {
  dst: GoMap;
  src: GoMap;
  prefix: string;
  /** src's keys that held a non-null value before dst's nulls were copied over. */
  srcOriginalNonNil: Set<string>;
  keys: string[];
  i: number;
}

/**
 * Helm's coalesceTablesFullKey. Where both hold a table under a key, those two are merged before
 * the next key, as Helm's recursion does, but from a stack: Helm has no depth limit and values
 * 10000 deep on both sides would run out of node's stack.
 */
function coalesceTablesFullKey(printf: Printf, dst: GoMap | null, src: GoMap | null, prefix: string, merge: boolean): GoMap | null {
  if (src === null) return dst;
  if (dst === null) return src;
  const stack = [startTables(dst, src, prefix)];
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    if (f.i === f.keys.length) {
      stack.pop();
      continue;
    }
    const key = f.keys[f.i++]!;
    const { dst, src } = f;
    const val = src[key]!;
    const fullkey = concatPrefix(f.prefix, key);
    const ok = key in dst;
    const dv = dst[key];
    if (ok && !merge && dv === null && f.srcOriginalNonNil.has(key)) {
      delete dst[key];
    } else if (!ok) {
      dst[key] = val;
    } else if (isTable(val)) {
      if (isTable(dv!)) stack.push(startTables(dv, val, fullkey));
      else printf(`warning: cannot overwrite table with non table for ${fullkey} (${goV(val)})`);
    } else if (isTable(dv!) && val !== null) {
      printf(`warning: destination for ${fullkey} is a table. Ignoring non-table value (${goV(val)})`);
    }
  }
  return dst;
}

/** Starts merging src into dst: dst's nulls are copied into src first, as Helm does. */
function startTables(dst: GoMap, src: GoMap, prefix: string): TablesFrame {
  const srcOriginalNonNil = new Set(Object.keys(src).filter((k) => src[k] !== null));
  for (const key of keys(dst)) {
    if (dst[key] === null) src[key] = null;
  }
  return { dst, src, prefix, srcOriginalNonNil, keys: keys(src), i: 0 };
}
