// Field ownership as structured-merge-diff tracks it (metadata.managedFields, FieldsV1):
// the field sets of applied configurations and updates, server-side apply merges, conflict
// detection with the apiserver's conflict message, and pruning of fields a manager stopped
// applying.
import { clone, deepEqual, isObject } from './json.js';
import type { FieldTypes } from './field-types.js';

/** One path element as FieldsV1 spells it: `f:name`, `k:{"name":"x"}`, `v:"x"`. */
export type PathElement = string;
export type FieldPath = PathElement[];
/** Set members are JSON-encoded FieldPaths. */
export type FieldSet = Set<string>;

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: Record<string, unknown>;
  subresource?: string;
}

interface Node {
  path: FieldPath;
  /** JSON of the value for leaves; undefined for nodes with children. */
  leaf?: string;
  /** Member of the applied-configuration set (ToFieldSet rules). */
  member: boolean;
}

/** metadata fields the field manager never tracks. */
const STRIPPED_META = new Set(['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'generation', 'managedFields', 'resourceVersion', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generateName']);

function keyElement(item: Record<string, unknown>, keys: string[], types: FieldTypes, listPath: readonly string[]): PathElement {
  const k: Record<string, unknown> = {};
  for (const key of [...keys].sort()) {
    const v = item[key] ?? types.keyDefault(listPath, key);
    if (v !== undefined) k[key] = v;
  }
  return `k:${JSON.stringify(k)}`;
}

/** Every node of an object (for comparisons) with its applied-set membership. */
function walk(value: unknown, types: FieldTypes): Map<string, Node> {
  const out = new Map<string, Node>();
  const add = (path: FieldPath, v: unknown, member: boolean, leaf: boolean): void => {
    out.set(JSON.stringify(path), { path, member, leaf: leaf ? JSON.stringify(v) : undefined });
  };
  const visit = (v: unknown, fpath: string[], epath: FieldPath): boolean /* is leaf */ => {
    if (isObject(v)) {
      const ot = types.objectType(fpath);
      if (ot === 'atomic') return true;
      const keys = Object.keys(v);
      for (const key of keys) {
        if (fpath.length === 0 && (key === 'apiVersion' || key === 'kind')) continue;
        if (fpath.length === 1 && fpath[0] === 'metadata' && STRIPPED_META.has(key)) continue;
        const child = v[key];
        if (child === undefined) continue;
        const cf = [...fpath, key];
        const ce = [...epath, `f:${key}`];
        const leaf = visit(child, cf, ce);
        const emptyMap = isObject(child) && Object.keys(child).length === 0;
        const member = leaf || child === null || emptyMap || ot === 'map';
        add(ce, child, member, leaf || emptyMap || child === null);
      }
      return false;
    }
    if (Array.isArray(v)) {
      const lt = types.listType(fpath);
      if (lt.type === 'atomic') return true;
      for (const item of v) {
        if (lt.type === 'set') {
          add([...epath, `v:${JSON.stringify(item)}`], item, true, true);
          continue;
        }
        if (!isObject(item)) continue;
        const ie = [...epath, keyElement(item, lt.keys, types, fpath)];
        visit(item, [...fpath, '[]'], ie);
        add(ie, item, true, false);
      }
      return false;
    }
    return true;
  };
  visit(value, [], []);
  // metadata itself is never a member.
  out.delete(JSON.stringify(['f:metadata']));
  return out;
}

/** The set an applied configuration claims (structured-merge-diff ToFieldSet). */
export function appliedSet(config: unknown, types: FieldTypes): FieldSet {
  const s: FieldSet = new Set();
  for (const [k, n] of walk(config, types)) if (n.member) s.add(k);
  return s;
}

export interface Comparison {
  added: FieldSet;
  removed: FieldSet;
  modified: FieldSet;
}

export function compare(oldObj: unknown, newObj: unknown, types: FieldTypes): Comparison {
  const a = walk(oldObj, types);
  const b = walk(newObj, types);
  const c: Comparison = { added: new Set(), removed: new Set(), modified: new Set() };
  for (const [k, n] of b) {
    const o = a.get(k);
    if (!o) c.added.add(k);
    else if (n.leaf !== undefined || o.leaf !== undefined) {
      if (n.leaf !== o.leaf) c.modified.add(k);
    }
  }
  for (const k of a.keys()) if (!b.has(k)) c.removed.add(k);
  return c;
}

export function union(...sets: FieldSet[]): FieldSet {
  const out: FieldSet = new Set();
  for (const s of sets) for (const k of s) out.add(k);
  return out;
}

export function difference(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = new Set();
  for (const k of a) if (!b.has(k)) out.add(k);
  return out;
}

export function intersection(a: FieldSet, b: FieldSet): FieldSet {
  const out: FieldSet = new Set();
  for (const k of a) if (b.has(k)) out.add(k);
  return out;
}

/** FieldsV1 JSON of a set: members with children carry a "." entry. */
export function toFieldsV1(set: FieldSet): Record<string, unknown> {
  interface T {
    member: boolean;
    children: Map<string, T>;
  }
  const root: T = { member: false, children: new Map() };
  for (const k of set) {
    const path = JSON.parse(k) as FieldPath;
    let cur = root;
    for (const el of path) {
      let next = cur.children.get(el);
      if (!next) {
        next = { member: false, children: new Map() };
        cur.children.set(el, next);
      }
      cur = next;
    }
    cur.member = true;
  }
  const render = (t: T): Record<string, unknown> => {
    const o: Record<string, unknown> = {};
    if (t.member && t.children.size > 0) o['.'] = {};
    for (const key of [...t.children.keys()].sort()) o[key] = render(t.children.get(key)!);
    return o;
  };
  return render(root);
}

export function fromFieldsV1(tree: unknown): FieldSet {
  const out: FieldSet = new Set();
  const visit = (t: unknown, path: FieldPath): void => {
    if (!isObject(t)) return;
    const keys = Object.keys(t).filter((k) => k !== '.');
    if (path.length > 0 && (keys.length === 0 || '.' in t)) out.add(JSON.stringify(path));
    for (const k of keys) visit(t[k], [...path, k]);
  };
  visit(tree, []);
  return out;
}

/** `.spec.containers[name="app"].image`, as fieldpath.Path prints. */
export function pathString(key: string): string {
  const path = JSON.parse(key) as FieldPath;
  return path
    .map((el) => {
      const body = el.slice(2);
      if (el.startsWith('f:')) return `.${body}`;
      if (el.startsWith('v:')) return `[=${body}]`;
      if (el.startsWith('k:')) {
        const k = JSON.parse(body) as Record<string, unknown>;
        return `[${Object.entries(k)
          .map(([n, v]) => `${n}=${JSON.stringify(v)}`)
          .join(',')}]`;
      }
      return `[${body}]`;
    })
    .join('');
}

/** Structured merge of an applied configuration into the live object. */
export function mergeApplied(live: unknown, config: unknown, types: FieldTypes, fpath: string[] = []): unknown {
  if (isObject(config)) {
    if (!isObject(live) || types.objectType(fpath) === 'atomic') return clone(config);
    const out: Record<string, unknown> = { ...live };
    for (const [k, v] of Object.entries(config)) {
      if (v === null) {
        delete out[k];
        continue;
      }
      out[k] = mergeApplied(live[k], v, types, [...fpath, k]);
    }
    return out;
  }
  if (Array.isArray(config)) {
    const lt = types.listType(fpath);
    if (!Array.isArray(live) || lt.type === 'atomic') return clone(config);
    if (lt.type === 'set') {
      const out = [...live];
      for (const v of config) if (!out.some((x) => deepEqual(x, v))) out.push(clone(v));
      return out;
    }
    const keyOf = (item: unknown): string => (isObject(item) ? keyElement(item, lt.keys, types, fpath) : JSON.stringify(item));
    const out = live.map((x) => x);
    for (const item of config) {
      const k = keyOf(item);
      const i = out.findIndex((x) => keyOf(x) === k);
      if (i >= 0) out[i] = mergeApplied(out[i], item, types, [...fpath, '[]']);
      else out.push(clone(item));
    }
    return out;
  }
  return config;
}

/**
 * Removes the field at a set path from an object (used to prune fields no longer applied).
 * Maps left empty by the removal go too, as structured-merge-diff's remover drops them.
 */
export function removePath(obj: unknown, key: string, types: FieldTypes): void {
  const path = JSON.parse(key) as FieldPath;
  const trail: Array<{ parent: Record<string, unknown>; name: string }> = [];
  let cur: unknown = obj;
  const fpath: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const el = path[i]!;
    const last = i === path.length - 1;
    if (el.startsWith('f:')) {
      if (!isObject(cur)) return;
      const name = el.slice(2);
      if (last) {
        delete cur[name];
        break;
      }
      trail.push({ parent: cur, name });
      cur = cur[name];
      fpath.push(name);
    } else if (Array.isArray(cur)) {
      const list = cur;
      const lt = types.listType(fpath);
      const idx = list.findIndex((item) =>
        el.startsWith('v:') ? JSON.stringify(item) === el.slice(2) : lt.type === 'map' && isObject(item) && keyElement(item, lt.keys, types, fpath) === el,
      );
      if (idx < 0) return;
      if (last) {
        list.splice(idx, 1);
        break;
      }
      trail.length = 0; // emptiness is only pruned up to the nearest list item
      cur = list[idx];
      fpath.push('[]');
    } else return;
  }
  for (let i = trail.length - 1; i >= 0; i--) {
    const { parent, name } = trail[i]!;
    const v = parent[name];
    // As structured-merge-diff's remover: a map or list left empty goes too.
    const empty = (isObject(v) && Object.keys(v).length === 0) || (Array.isArray(v) && v.length === 0);
    if (empty && !(i === 0 && name === 'metadata')) delete parent[name];
    else break;
  }
}

export interface ManagerRef {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
}

export interface Conflict {
  manager: ManagerRef;
  path: string;
}

/** How conflicts name a manager: its identifier never carries a time, and Apply ones no apiVersion. */
function managerLabel(m: ManagerRef): string {
  let s = JSON.stringify(m.manager);
  if (m.subresource) s += ` with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === 'Update') s += ` using ${m.apiVersion}`;
  return s;
}

/** The apiserver's conflict message (one conflict inline; several grouped by manager). */
export function conflictMessage(conflicts: Array<{ label: string; path: string }>): string {
  if (conflicts.length === 1) return `Apply failed with 1 conflict: conflict with ${conflicts[0]!.label}: ${conflicts[0]!.path}`;
  const by = new Map<string, string[]>();
  for (const c of conflicts) by.set(c.label, [...(by.get(c.label) ?? []), c.path]);
  const lines: string[] = [];
  for (const label of [...by.keys()].sort()) {
    lines.push(`conflicts with ${label}:`);
    for (const p of by.get(label)!) lines.push(`- ${p}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** Managed fields of an object as sets, keyed by manager identity. */
export class ManagedFields {
  readonly entries: Array<{ ref: ManagerRef; set: FieldSet; time?: string }>;

  constructor(raw: unknown) {
    this.entries = [];
    if (!Array.isArray(raw)) return;
    for (const e of raw) {
      if (!isObject(e) || typeof e['manager'] !== 'string') continue;
      this.entries.push({
        ref: {
          manager: e['manager'],
          operation: e['operation'] === 'Apply' ? 'Apply' : 'Update',
          apiVersion: typeof e['apiVersion'] === 'string' ? e['apiVersion'] : '',
          subresource: typeof e['subresource'] === 'string' && e['subresource'] ? e['subresource'] : undefined,
        },
        set: fromFieldsV1(e['fieldsV1']),
        time: typeof e['time'] === 'string' ? e['time'] : undefined,
      });
    }
  }

  private same(a: ManagerRef, b: ManagerRef): boolean {
    // Update entries are per manager+apiVersion+subresource; Apply entries per manager+subresource.
    if (a.manager !== b.manager || a.operation !== b.operation || (a.subresource ?? '') !== (b.subresource ?? '')) return false;
    return a.operation === 'Apply' || a.apiVersion === b.apiVersion;
  }

  find(ref: ManagerRef): { ref: ManagerRef; set: FieldSet; time?: string } | undefined {
    return this.entries.find((e) => this.same(e.ref, ref));
  }

  /** Applies the ownership change of an update (structured-merge-diff Update). */
  recordUpdate(ref: ManagerRef, cmp: Comparison, time: string): void {
    const changed = union(cmp.modified, cmp.added);
    for (const e of this.entries) {
      if (this.same(e.ref, ref)) continue;
      e.set = difference(difference(e.set, changed), cmp.removed);
    }
    const mine = this.find(ref);
    const set = union(difference(mine?.set ?? new Set(), cmp.removed), changed);
    this.upsert(ref, set, time);
    this.dropEmpty();
  }

  /** Conflicts an apply would cause: other managers' fields the apply changes. */
  conflicts(ref: ManagerRef, cmp: Comparison): Array<{ label: string; path: string; key: string; entry: ManagerRef }> {
    const changed = union(cmp.modified, cmp.added);
    const out: Array<{ label: string; path: string; key: string; entry: ManagerRef }> = [];
    for (const e of this.entries) {
      if (this.same(e.ref, ref)) continue;
      for (const k of intersection(e.set, changed)) out.push({ label: managerLabel(e.ref), path: pathString(k), key: k, entry: e.ref });
    }
    return out;
  }

  /** Ownership after an apply (forced or conflict-free). */
  recordApply(ref: ManagerRef, applied: FieldSet, cmp: Comparison, time: string): void {
    const changed = union(cmp.modified, cmp.added);
    for (const e of this.entries) {
      if (this.same(e.ref, ref)) continue;
      e.set = difference(difference(e.set, changed), cmp.removed);
    }
    this.upsert(ref, applied, time);
    this.dropEmpty();
  }

  /** Fields owned by anyone but `ref`. */
  ownedByOthers(ref: ManagerRef): FieldSet {
    return union(...this.entries.filter((e) => !this.same(e.ref, ref)).map((e) => e.set));
  }

  private upsert(ref: ManagerRef, set: FieldSet, time: string): void {
    const i = this.entries.findIndex((e) => this.same(e.ref, ref));
    const entry = { ref, set, time };
    if (i >= 0) this.entries[i] = entry;
    else this.entries.push(entry);
  }

  private dropEmpty(): void {
    for (let i = this.entries.length - 1; i >= 0; i--) if (this.entries[i]!.set.size === 0) this.entries.splice(i, 1);
  }

  /** Entries as the apiserver encodes them: Apply before Update, then by time, manager, apiVersion, subresource. */
  toJSON(): ManagedFieldsEntry[] {
    const key = (e: (typeof this.entries)[number]): string[] => [e.ref.operation, e.time ?? '', e.ref.manager, e.ref.apiVersion, e.ref.subresource ?? ''];
    const order = (a: string[], b: string[]): number => {
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
      return 0;
    };
    return [...this.entries].sort((a, b) => order(key(a), key(b))).map((e) => {
      const out: ManagedFieldsEntry = {
        manager: e.ref.manager,
        operation: e.ref.operation,
        apiVersion: e.ref.apiVersion,
        time: e.time,
        fieldsType: 'FieldsV1',
        fieldsV1: toFieldsV1(e.set),
      };
      if (e.ref.subresource) out.subresource = e.ref.subresource;
      return out;
    });
  }
}


/**
 * A write asks to clear ownership (fieldmanager isResetManagedFields): an empty list, or a list
 * of one empty entry, as `kubectl patch -p '{"metadata":{"managedFields":[{}]}}'` sends.
 */
export function isResetManagedFields(sent: unknown): boolean {
  if (!Array.isArray(sent)) return false;
  if (sent.length === 0) return true;
  return sent.length === 1 && isObject(sent[0]) && Object.keys(sent[0]).length === 0;
}

/** Entries a write may set directly: each one decodable (fieldsType FieldsV1), at least one. */
export function decodableManagedFields(sent: unknown): boolean {
  return Array.isArray(sent) && sent.length > 0 && sent.every((e) => isObject(e) && typeof e['manager'] === 'string' && e['fieldsType'] === 'FieldsV1' && (e['fieldsV1'] === undefined || isObject(e['fieldsV1'])));
}

/** Stores the entries on the object; none at all leaves the field out, as the apiserver encodes it. */
export function setManagedFields(meta: { managedFields?: unknown[] }, mf: ManagedFields): void {
  const entries = mf.toJSON();
  if (entries.length === 0) delete meta.managedFields;
  else meta.managedFields = entries;
}

/** Keeps only set members under (or outside) a top-level field, e.g. status for /status writes. */
export function filterTop(set: FieldSet, top: string, keep: boolean): FieldSet {
  const out: FieldSet = new Set();
  const prefix = JSON.stringify([`f:${top}`]).slice(0, -1);
  for (const k of set) {
    const under = k === JSON.stringify([`f:${top}`]) || k.startsWith(prefix + ',');
    if (under === keep) out.add(k);
  }
  return out;
}
