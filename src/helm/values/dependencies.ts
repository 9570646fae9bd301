// Helm's ProcessDependencies (pkg/chart/v2/util/dependencies.go): aliases copy and rename
// subcharts, tags and then conditions enable or disable them (disabled ones are dropped from
// the chart), and import-values copy child values into the parent's defaults.
import { isGoMap, type GoMap, type GoValue } from '../../gotemplate/value.js';
import { parseConstraint, tryParseVersion } from '../../semver/index.js';
import type { Chart, Dependency } from '../chart/types.js';
import { coalesceTables, coalesceValues, deepCopy, mergeTables, mergeValues } from './coalesce.js';
import { goV } from './gofmt.js';
import { slogLine, type HelmLog } from './log.js';
import { NoValueError, pathValue, table } from './table.js';

export interface DependencyOptions {
  log?: HelmLog;
}

/** chartutil.IsCompatibleRange: whether version `ver` satisfies constraint `constraint`. */
export function isCompatibleRange(constraint: string, ver: string): boolean {
  const v = tryParseVersion(ver);
  if (!v) return false;
  try {
    return parseConstraint(constraint).check(v);
  } catch {
    return false;
  }
}

/** Disables and removes subcharts, applies aliases, then imports values from children. */
export function processDependencies(chart: Chart, vals: GoMap, opts: DependencyOptions = {}): void {
  processDependencyEnabled(chart, vals, '', opts);
  processDependencyImportValues(chart, true, opts);
}

function processDependencyConditions(reqs: Dependency[], cvals: GoMap, cpath: string, opts: DependencyOptions): void {
  for (const r of reqs) {
    for (const c of r.condition.trim().split(',')) {
      if (c.length === 0) continue;
      let vv: GoValue;
      try {
        vv = pathValue(cvals, cpath + c);
      } catch (e) {
        if (!(e instanceof NoValueError)) {
          opts.log?.(slogLine('WARN', 'the method PathValue returned error', [['error', (e as Error).message]]));
        }
        continue;
      }
      if (typeof vv === 'boolean') {
        r.enabled = vv;
        break;
      }
      opts.log?.(slogLine('WARN', 'returned non-bool value', [['path', c], ['chart', r.name]]));
    }
  }
}

function processDependencyTags(reqs: Dependency[], cvals: GoMap, opts: DependencyOptions): void {
  let vt: GoMap;
  try {
    vt = table(cvals, 'tags');
  } catch {
    return;
  }
  for (const r of reqs) {
    let hasTrue = false;
    let hasFalse = false;
    for (const k of r.tags) {
      if (!(k in vt)) continue;
      const b = vt[k];
      if (typeof b === 'boolean') {
        if (b) hasTrue = true;
        else hasFalse = true;
      } else {
        opts.log?.(slogLine('WARN', 'returned non-bool value', [['tag', k], ['chart', r.name]]));
      }
    }
    if (!hasTrue && hasFalse) r.enabled = false;
    else if (hasTrue || (!hasTrue && !hasFalse)) r.enabled = true;
  }
}

/** The subchart a dependency entry refers to, copied (and renamed when aliased). */
function getAliasDependency(charts: Chart[], dep: Dependency): Chart | null {
  for (const c of charts) {
    if (c.name() !== dep.name) continue;
    if (!isCompatibleRange(dep.version, c.metadata.version)) continue;
    const out = c.shallowCopy();
    if (dep.alias !== '') out.metadata.name = dep.alias;
    return out;
  }
  return null;
}

function processDependencyEnabled(c: Chart, v: GoMap, path: string, opts: DependencyOptions): void {
  const reqs = c.metadata.dependencies.filter((d): d is Dependency => d !== null);
  if (c.metadata.dependencies.length === 0) return;

  const chartDependencies: Chart[] = [];
  // Subcharts not listed in Chart.yaml are kept as they are.
  outer: for (const existing of c.dependencies()) {
    for (const req of reqs) {
      if (existing.name() === req.name && isCompatibleRange(req.version, existing.metadata.version)) continue outer;
    }
    chartDependencies.push(existing);
  }
  for (const req of reqs) {
    const cd = getAliasDependency(c.dependencies(), req);
    if (cd) chartDependencies.push(cd);
    if (req.alias !== '') req.name = req.alias;
  }
  c.setDependencies(...chartDependencies);

  for (const r of reqs) r.enabled = true;
  const cvals = coalesceValues(c, v, { log: opts.log });
  processDependencyTags(reqs, cvals, opts);
  processDependencyConditions(reqs, cvals, path, opts);

  const rm = new Set(reqs.filter((r) => !r.enabled).map((r) => r.name));
  const cd = c.dependencies().filter((n) => !rm.has(n.metadata.name));
  const cdMetadata = c.metadata.dependencies.filter((n) => n === null || !rm.has(n.name));

  for (const t of cd) processDependencyEnabled(t, cvals, `${path}${t.metadata.name}.`, opts);
  c.metadata.dependencies = cdMetadata;
  c.setDependencies(...cd);
}

function pathToMap(path: string, data: GoMap): GoMap {
  if (path === '.') return data;
  const parts = path.split('.');
  let cur: GoMap = data;
  for (let i = parts.length - 1; i >= 0; i--) {
    const m = Object.create(null) as GoMap;
    m[parts[i]!] = cur;
    cur = m;
  }
  return cur;
}

function trimNilValues(vals: GoMap): GoMap {
  const copy = deepCopy(vals);
  const walk = (m: GoMap): GoMap => {
    for (const k of Object.keys(m)) {
      const v = m[k]!;
      if (v === null) delete m[k];
      else if (isGoMap(v)) m[k] = walk(v);
    }
    return m;
  };
  return walk(copy);
}

function processImportValues(c: Chart, merge: boolean, opts: DependencyOptions): void {
  if (c.metadata.dependencies.length === 0) return;
  let cvals = merge ? mergeValues(c, null, { log: opts.log }) : coalesceValues(c, null, { log: opts.log });
  let b: GoMap = Object.create(null) as GoMap;
  const combine = (dst: GoMap, src: GoMap): GoMap => (merge ? mergeTables(dst, src, { log: opts.log }) : coalesceTables(dst, src, { log: opts.log }))!;
  for (const r of c.metadata.dependencies) {
    if (r === null) continue;
    const outiv: GoValue[] = [];
    for (const riv of r.importValues) {
      if (riv !== null && riv !== undefined && isGoMap(riv)) {
        const child = goV(riv['child']);
        const parent = goV(riv['parent']);
        const entry = Object.create(null) as GoMap;
        entry['child'] = child;
        entry['parent'] = parent;
        outiv.push(entry);
        let vv: GoMap;
        try {
          vv = table(cvals, `${r.name}.${child}`);
        } catch (e) {
          opts.log?.(slogLine('WARN', 'ImportValues missing table from chart', [['chart', r.name], ['error', (e as Error).message]]));
          continue;
        }
        b = combine(b, pathToMap(parent, vv));
      } else if (typeof riv === 'string') {
        const child = `exports.${riv}`;
        const entry = Object.create(null) as GoMap;
        entry['child'] = child;
        entry['parent'] = '.';
        outiv.push(entry);
        let vm: GoMap;
        try {
          vm = table(cvals, `${r.name}.${child}`);
        } catch (e) {
          opts.log?.(slogLine('WARN', 'ImportValues missing table', [['error', (e as Error).message]]));
          continue;
        }
        b = combine(b, vm);
      }
    }
    r.importValues = outiv;
  }
  // The parent's own values win over what it imports.
  if (merge) {
    cvals = deepCopy(cvals);
    c.values = mergeTables(cvals, b, { log: opts.log })!;
  } else {
    cvals = trimNilValues(cvals);
    c.values = coalesceTables(cvals, b, { log: opts.log })!;
  }
}

function processDependencyImportValues(c: Chart, merge: boolean, opts: DependencyOptions): void {
  for (const d of c.dependencies()) processDependencyImportValues(d, merge, opts);
  processImportValues(c, merge, opts);
}
