// Helm's engine.Render: every template of a chart and its enabled subcharts is parsed into one
// template set (deepest paths first, so a parent's {{define}} wins), then each non-partial
// template is executed with its chart's scope (.Values, .Chart, .Files, .Release,
// .Capabilities, .Template, .Subcharts). Pure: the only outside access is `lookup`, injected.
import { createHash } from 'node:crypto';
import type { FuncMap, GoMap, GoValue } from '../../gotemplate/value.js';
import { hasSurrogates } from '../manifest/index.js';
import type { RenderChart } from './chart-input.js';
import { commonValues } from './common-values.js';
import { cleanupParseError, reformatExecError } from './errors.js';
import { makeFilesValue } from './files-value.js';
import type { StringMapToYaml } from './files.js';
import type { TemplateEngine, TemplateSet } from './template-set.js';

/** The top-level render values: { Values, Release, Capabilities } (chartutil.ToRenderValues). */
export interface RenderValues {
  Values: GoMap;
  Release: GoMap;
  Capabilities: GoValue;
}

export interface RenderOptions {
  engine: TemplateEngine;
  /**
   * Keeps parsed template sets between renders of the same templates (the controller renders
   * one chart again and again). Helm parses on every render; the result is the same.
   */
  parseCache?: ParseCache;
  /** Function map without the engine-bound functions (Sprig + Helm's static ones). */
  funcs: FuncMap;
  /** Builds include/tpl/required/fail bound to a template set. */
  boundFuncs: (set: () => TemplateSet, engine: TemplateEngine) => FuncMap;
  toYaml: StringMapToYaml;
}

interface Renderable {
  tpl: string;
  vals: GoMap;
  basePath: string;
}

const utf8 = new TextDecoder();

function pathJoin(a: string, b: string): string {
  const joined = `${a}/${b}`.replace(/\/+/g, '/');
  return joined.endsWith('/') && joined.length > 1 ? joined.slice(0, -1) : joined;
}

function baseName(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

function slashes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 47) n++;
  return n;
}

function compareGo(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** sort.Reverse(byPathLen): deeper paths first; same depth in reverse byte order. */
export function sortTemplateNames(names: Iterable<string>): string[] {
  const list = [...names];
  // Depths counted once, not per comparison. Without surrogates, UTF-16 code-unit order is
  // UTF-8 byte order, and the native comparison spares two Buffers per comparison.
  const depth = new Map<string, number>();
  let surrogates = false;
  for (const n of list) {
    depth.set(n, slashes(n));
    if (hasSurrogates(n)) surrogates = true;
  }
  return list.sort((a, b) => {
    const da = depth.get(a)!;
    const db = depth.get(b)!;
    if (da !== db) return db - da;
    if (surrogates) return compareGo(b, a);
    return a === b ? 0 : a < b ? 1 : -1;
  });
}

function isMap(v: unknown): v is GoMap {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

function collect(c: RenderChart, templates: Map<string, Renderable>, parent: GoMap, opts: RenderOptions): GoMap {
  const subcharts: GoMap = {};
  const parentValues = parent['Values'];
  let values: GoMap = {};
  if (c.isRoot) {
    values = isMap(parentValues) ? parentValues : {};
  } else if (isMap(parentValues) && isMap(parentValues[c.name])) {
    values = parentValues[c.name] as GoMap;
  }
  const next: GoMap = {
    Chart: { ...c.metadata, IsRoot: c.isRoot },
    Files: makeFilesValue(c.files, opts.toYaml),
    Release: parent['Release'],
    Capabilities: parent['Capabilities'],
    // Helm's .Values is a common.Values (ToRenderValues, Values.Table for subcharts).
    Values: commonValues(values),
    Subcharts: subcharts,
  };
  for (const child of c.dependencies) subcharts[child.name] = collect(child, templates, next, opts);
  for (const t of c.templates) {
    if (c.isLibrary && !baseName(t.name).startsWith('_')) continue;
    templates.set(pathJoin(c.fullPath, t.name), {
      tpl: utf8.decode(t.data),
      vals: next,
      basePath: pathJoin(c.fullPath, 'templates'),
    });
  }
  return next;
}

/** Parsed template sets by function map and template contents, least recently used dropped first. */
export class ParseCache {
  private readonly byFuncs = new WeakMap<FuncMap, Map<string, TemplateSet>>();
  constructor(private readonly maxEntries = 16) {}

  get(funcs: FuncMap, key: string): TemplateSet | undefined {
    const m = this.byFuncs.get(funcs);
    const set = m?.get(key);
    if (set && m) {
      m.delete(key);
      m.set(key, set);
    }
    return set;
  }

  put(funcs: FuncMap, key: string, set: TemplateSet): void {
    let m = this.byFuncs.get(funcs);
    if (!m) this.byFuncs.set(funcs, (m = new Map()));
    m.set(key, set);
    while (m.size > this.maxEntries) m.delete(m.keys().next().value as string);
  }
}

function contentKey(keys: string[], templates: Map<string, Renderable>): string {
  const h = createHash('sha256');
  for (const k of keys) h.update(k).update('\0').update(templates.get(k)!.tpl).update('\0');
  return h.digest('hex');
}

function parseAll(set: TemplateSet, keys: string[], templates: Map<string, Renderable>): void {
  for (const name of keys) {
    try {
      set.parse(name, templates.get(name)!.tpl);
    } catch (e) {
      throw cleanupParseError(name, e instanceof Error ? e : new Error(String(e)));
    }
  }
}

/** Renders a chart: template path → output text (partials excluded, `<no value>` removed). */
export function renderChart(chart: RenderChart, top: RenderValues, opts: RenderOptions): Map<string, string> {
  const templates = new Map<string, Renderable>();
  collect(chart, templates, { Values: top.Values, Release: top.Release, Capabilities: top.Capabilities }, opts);
  const keys = sortTemplateNames(templates.keys());

  let set: TemplateSet;
  const bound = opts.boundFuncs(() => set, opts.engine);
  const cache = opts.parseCache;
  const key = cache ? contentKey(keys, templates) : '';
  const cached = cache?.get(opts.funcs, key);
  if (cached) {
    // A copy sharing the parsed trees, with include/tpl bound to the copy.
    set = cached.clone();
    set.addFuncs(bound);
  } else {
    set = opts.engine.newSet('gotpl', { ...opts.funcs, ...bound }, 'zero');
    parseAll(set, keys, templates);
    if (cache) cache.put(opts.funcs, key, set.clone());
  }
  const rendered = new Map<string, string>();
  for (const name of keys) {
    if (baseName(name).startsWith('_')) continue;
    const r = templates.get(name)!;
    r.vals['Template'] = commonValues({ Name: name, BasePath: r.basePath });
    let out: string;
    try {
      out = set.execute(name, r.vals);
    } catch (e) {
      throw reformatExecError(name, e instanceof Error ? e : new Error(String(e)), (x) => opts.engine.isExecError(x));
    }
    rendered.set(name, out.replaceAll('<no value>', ''));
  }
  return rendered;
}
