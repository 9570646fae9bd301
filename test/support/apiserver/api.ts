// The REST semantics of kube-apiserver over the object store: create, get, list, update, patch
// (merge, JSON, strategic, server-side apply), delete with finalizers, status subresource,
// generation/resourceVersion bookkeeping, custom-resource schemas, dry runs and field managers.
// The HTTP layer (server.ts) and the direct test API both go through here.
import { randomUUID } from 'node:crypto';
import type { KubeObject, ObjectMeta } from '../../../src/cluster/types.js';

type StoredMeta = ObjectMeta & { deletionGracePeriodSeconds?: number };
import { applyBuiltinDefaults, jobSelector, keepAllocatedIps } from './builtin-defaults.js';
import { validateBuiltinUpdate } from './builtin-validation.js';
import { validateRules } from './cel.js';
import { decodeContinue, encodeContinue } from './continue-token.js';
import { type Crd, defaultCrd, establishedStatus, isCrd, resourceFromCrd, validateCrd } from './crd.js';
import { builtinFieldTypes, type FieldTypes, schemaFieldTypes } from './field-types.js';
import { clone, deepEqual, isObject, nowRfc3339 } from './json.js';
import { FOREGROUND, Lifecycle } from './lifecycle.js';
import { appliedSet, compare, conflictMessage, decodableManagedFields, difference, filterTop, isResetManagedFields, ManagedFields, type ManagerRef, mergeApplied, removePath, setManagedFields, union } from './managed-fields.js';
import { dropEmptyMetadata, finalizerWarnings, randomSuffix, validateObjectMeta } from './object-meta.js';
import { canonicalOrder, sortKeysDeep } from './object-order.js';
import { applyJsonPatch, JsonPatchDecodeError, JsonPatchError } from './patch/json-patch.js';
import { applyMergePatch } from './patch/merge-patch.js';
import { applyStrategicMergePatch } from './patch/strategic-merge-patch.js';
import { apiVersionOf, type Registry, type ResourceDef, servedVersion, storageVersion, storeKey } from './resources.js';
import { applyDefaults, prune, pruneMetadata, validate } from './schema.js';
import { fieldSelectorMatches, type FieldSelector, type LabelSelector, parseFieldSelector, parseLabelSelector } from './selectors.js';
import {
  alreadyExists,
  ApiError,
  badRequest,
  conflict,
  type FieldError,
  forbiddenField,
  invalid,
  invalidField,
  notFound,
  requiredField,
  staleUpdate,
  type Status,
  successStatus,
  unsupportedMediaType,
} from './status.js';
import type { ObjectStore } from './store.js';

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: FieldValidation;
  /** Server-side apply only. */
  force?: boolean;
  /** Manager name used when fieldManager is absent (from the User-Agent). */
  defaultManager?: string;
}

export interface WriteResult {
  object: KubeObject;
  warnings: string[];
  created: boolean;
}

export interface DeleteOptions {
  dryRun?: boolean;
  propagationPolicy?: string;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
}

export interface ListResult {
  items: KubeObject[];
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** The manager the field manager gives the existing fields of an untracked object on its first apply. */
const BEFORE_FIRST_APPLY = 'before-first-apply';
/** The NamespaceLifecycle admission plugin refuses to delete these. */
const IMMORTAL_NAMESPACES = ['default', 'kube-system', 'kube-public'];

function qr(def: ResourceDef): { group: string; resource: string } {
  return { group: def.group, resource: def.plural };
}

/** The parts of an object that count as "spec" for metadata.generation. */
function specPart(o: KubeObject, def: ResourceDef): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'metadata' || k === 'apiVersion' || k === 'kind') continue;
    if (k === 'status' && (def.statusSubresource || !def.custom)) continue;
    out[k] = v;
  }
  return out;
}

function withoutManagedTimes(o: KubeObject): unknown {
  const c = clone(o) as KubeObject;
  if (Array.isArray(c.metadata.managedFields)) {
    c.metadata.managedFields = c.metadata.managedFields.map((e) => (isObject(e) ? { ...e, time: undefined } : e));
  }
  return c;
}

export interface ApiOptions {
  clock?: () => number;
  /** How long the namespace controller takes to start emptying a deleted namespace (default 300 ms). */
  namespaceFinalizeDelayMs?: number;
}

export class Api {
  private readonly clock: () => number;
  private readonly nsDelay: number;
  readonly lifecycle = new Lifecycle(this);
  private readonly wireCache = new WeakMap<KubeObject, Map<string, { def: ResourceDef; out: KubeObject }>>();

  constructor(
    readonly registry: Registry,
    readonly store: ObjectStore,
    opts: ApiOptions = {},
  ) {
    this.clock = opts.clock ?? Date.now;
    this.nsDelay = opts.namespaceFinalizeDelayMs ?? 300;
    // Registered resources follow the stored CRDs, whichever way they were written.
    store.subscribe((e) => {
      if (e.resource !== 'apiextensions.k8s.io/customresourcedefinitions') return;
      if (e.type === 'DELETED') {
        this.registry.removeCustom(e.object.metadata.name);
        return;
      }
      const crd = e.object;
      if (isCrd(crd) && validateCrd(crd).length === 0) this.registry.setCustom(crd.metadata.name, resourceFromCrd(crd));
    });
  }

  now(): string {
    return nowRfc3339(this.clock);
  }

  fieldTypes(def: ResourceDef, version: string): FieldTypes {
    if (!def.custom) return builtinFieldTypes;
    return schemaFieldTypes(def.versions.find((v) => v.name === version)?.schema);
  }

  /** A stored object as this resource sees it (converted out of shared storage). */
  view(def: ResourceDef, obj: KubeObject): KubeObject {
    return def.sharedStorage ? def.sharedStorage.fromStorage(obj) : obj;
  }

  private toStorage(def: ResourceDef, obj: KubeObject): KubeObject {
    return def.sharedStorage ? def.sharedStorage.toStorage(obj) : obj;
  }

  /** An object as served at `version`; `stored` says it comes from the store (not yet in API form). */
  present(def: ResourceDef, obj: KubeObject, version: string, stored = true): KubeObject {
    const out = clone(stored ? this.view(def, obj) : obj);
    if (def.custom) {
      applyDefaults(out, def.versions.find((v) => v.name === version)?.schema);
      return sortKeysDeep({ ...out, apiVersion: apiVersionOf(def.group, version), kind: def.kind });
    }
    return canonicalOrder(out, apiVersionOf(def.group, version), def.kind);
  }

  /**
   * present() for responses that are only serialized (lists, gets, watch events): stored objects
   * never change, so their presented forms are cached. Callers must not mutate the result.
   */
  presentForWire(def: ResourceDef, obj: KubeObject, version: string): KubeObject {
    let byVersion = this.wireCache.get(obj);
    if (!byVersion) {
      byVersion = new Map();
      this.wireCache.set(obj, byVersion);
    }
    // A changed CRD is a new ResourceDef: its presentations are recomputed.
    const hit = byVersion.get(version);
    if (hit && hit.def === def) return hit.out;
    const out = this.present(def, obj, version);
    byVersion.set(version, { def, out });
    return out;
  }

  private stored(def: ResourceDef, ns: string | undefined, name: string): KubeObject | undefined {
    return this.store.get(storeKey(def), def.namespaced ? ns : undefined, name);
  }

  /** An object as the API serves it (shared with a cache: do not mutate). */
  get(def: ResourceDef, version: string, ns: string | undefined, name: string): KubeObject {
    const o = this.stored(def, ns, name);
    if (!o) throw notFound(qr(def), name);
    return this.presentForWire(def, o, version);
  }

  /** Which fields a field selector may use for this resource, and how to read them. */
  fieldReader(def: ResourceDef, version: string, sel: FieldSelector): (o: KubeObject) => Record<string, string> {
    const extra = def.fieldLabels ?? {};
    const selectable = def.versions.find((v) => v.name === version)?.selectableFields ?? [];
    for (const r of sel.requirements) {
      if (r.field === 'metadata.name') continue;
      if (r.field === 'metadata.namespace' && def.namespaced) continue;
      if (extra[r.field] || selectable.includes(r.field)) continue;
      if (def.custom || def.fieldLabels) throw badRequest(`field label not supported: ${r.field}`);
      throw badRequest(`"${r.field}" is not a known field selector: only "metadata.name", "metadata.namespace"`);
    }
    return (o) => {
      const f: Record<string, string> = { 'metadata.name': o.metadata.name, 'metadata.namespace': o.metadata.namespace ?? '' };
      for (const r of sel.requirements) {
        if (extra[r.field]) f[r.field] = extra[r.field]!(o as unknown as Record<string, unknown>);
        else if (selectable.includes(r.field)) f[r.field] = readPath(o, r.field);
      }
      return f;
    };
  }

  matcher(def: ResourceDef, version: string, labelSelector?: string, fieldSelector?: string): { label: LabelSelector; field: FieldSelector; matches: (o: KubeObject) => boolean } {
    const label = parseLabelSelector(labelSelector);
    const field = parseFieldSelector(fieldSelector);
    const read = this.fieldReader(def, version, field);
    return {
      label,
      field,
      matches: (o) => label.matches(o.metadata.labels) && (field.empty || fieldSelectorMatches(field, read(o))),
    };
  }

  list(def: ResourceDef, version: string, ns: string | undefined, opts: ListOptions = {}): ListResult {
    const sel = this.matcher(def, version, opts.labelSelector, opts.fieldSelector);
    const m = { ...sel, matches: (o: KubeObject) => sel.matches(this.view(def, o)) };
    const all = this.store.list(storeKey(def), def.namespaced ? ns : undefined);
    let rv = this.store.currentRv();
    let start = 0;
    if (opts.continue) {
      const token = decodeContinue(opts.continue);
      // Later pages report the first page's resourceVersion, as pages of one snapshot do.
      rv = token.rv;
      if (token.rv < this.store.oldestReplayableRv()) {
        throw new ApiError(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue value from the response body.');
      }
      start = all.findIndex((o) => keyOf(o) > token.start);
      if (start < 0) start = all.length;
    }
    const items: KubeObject[] = [];
    let i = start;
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    for (; i < all.length && items.length < limit; i++) if (m.matches(all[i]!)) items.push(all[i]!);
    // More matches may follow: hand out a token only if one actually does.
    let cont: string | undefined;
    let remaining: number | undefined;
    if (items.length >= limit) {
      let more = 0;
      for (let j = i; j < all.length; j++) if (m.matches(all[j]!)) more++;
      if (more > 0) {
        cont = encodeContinue(rv, keyOf(items[items.length - 1]!));
        if (m.label.empty && m.field.empty) remaining = more;
      }
    }
    return { items: items.map((o) => this.presentForWire(def, o, version)), resourceVersion: String(rv), continue: cont, remainingItemCount: remaining };
  }

  private namespaceCheck(def: ResourceDef, ns: string | undefined, name: string): void {
    if (!def.namespaced) return;
    if (!ns) throw badRequest('the server could not find the requested resource');
    const nsObj = this.store.get('/namespaces', undefined, ns);
    if (!nsObj) throw notFound({ group: '', resource: 'namespaces' }, ns);
    if (nsObj.metadata.deletionTimestamp) {
      throw new ApiError(403, 'Forbidden', `${def.group ? `${def.plural}.${def.group}` : def.plural} "${name}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`, {
        name,
        group: def.group || undefined,
        kind: def.plural,
        causes: [{ reason: 'NamespaceTerminating', message: `namespace ${ns} is being terminated`, field: 'metadata.namespace' }],
      });
    }
  }

  private checkBody(def: ResourceDef, version: string, body: unknown): KubeObject {
    if (!isObject(body)) throw badRequest(`the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`);
    const o = body as KubeObject;
    const want = apiVersionOf(def.group, version);
    if (o.apiVersion === undefined) o.apiVersion = want;
    if (o.kind === undefined) o.kind = def.kind;
    if (o.apiVersion !== want && !(def.group === '' && o.apiVersion === version)) {
      const sameGroup = def.group ? o.apiVersion.startsWith(`${def.group}/`) : !String(o.apiVersion).includes('/');
      if (!sameGroup || !servedVersion(def, String(o.apiVersion).split('/').pop()!)) {
        throw badRequest(`the API version in the data (${o.apiVersion}) does not match the expected API version (${want})`);
      }
    }
    if (o.kind !== def.kind) throw badRequest(`the kind in the data (${o.kind}) does not match the expected kind (${def.kind})`);
    if (!isObject(o.metadata)) o.metadata = { name: '' };
    return o;
  }

  /** Schema pruning/defaulting/validation for custom resources; strict/warn unknown fields. */
  private customResourceChecks(def: ResourceDef, version: string, o: KubeObject, opts: WriteOptions, errs: FieldError[]): string[] {
    const warnings: string[] = [];
    let removed: string[];
    if (def.custom) {
      const schema = def.versions.find((v) => v.name === version)?.schema;
      removed = prune(o, schema, '', true);
      applyDefaults(o, schema);
      const schemaErrs = validate(o, schema, '');
      errs.push(...schemaErrs);
      // CEL rules run on well-typed objects only.
      if (schemaErrs.length === 0) errs.push(...validateRules(o, schema, ''));
    } else {
      removed = pruneMetadata(o.metadata, 'metadata');
    }
    dropEmptyMetadata(o.metadata as unknown as Record<string, unknown>);
    if (removed.length > 0) {
      const mode = opts.fieldValidation ?? 'Warn';
      if (mode === 'Strict') {
        throw badRequest(`${def.kind} in version "${version}" cannot be handled as a ${def.kind}: strict decoding error: ${removed.map((p) => `unknown field "${p}"`).join(', ')}`);
      }
      if (mode === 'Warn') for (const p of removed) warnings.push(`unknown field "${p}"`);
    }
    return warnings;
  }

  private managerRef(def: ResourceDef, version: string, opts: WriteOptions, operation: 'Apply' | 'Update', subresource?: string): ManagerRef {
    return {
      manager: opts.fieldManager ?? opts.defaultManager ?? 'unknown',
      operation,
      apiVersion: apiVersionOf(def.group, version),
      subresource,
    };
  }

  private stripSubresourceFields(def: ResourceDef, set: Set<string>, subresource?: string): Set<string> {
    if (!def.statusSubresource) return set;
    return subresource === 'status' ? filterTop(set, 'status', true) : filterTop(set, 'status', false);
  }

  /** The warning a deprecated version adds to every response (CRD deprecationWarning or the default). */
  deprecationWarnings(def: ResourceDef, version: string): string[] {
    const v = def.versions.find((x) => x.name === version);
    if (!v?.deprecated) return [];
    return [v.deprecationWarning ?? `${apiVersionOf(def.group, version)} ${def.kind} is deprecated`];
  }

  create(def: ResourceDef, version: string, ns: string | undefined, body: unknown, opts: WriteOptions = {}, managed?: { ref: ManagerRef; applied: Set<string> }): WriteResult {
    const o = this.checkBody(def, version, clone(body));
    const meta = o.metadata;
    if (def.namespaced) {
      if (meta.namespace && ns && meta.namespace !== ns) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      meta.namespace = ns ?? meta.namespace;
    } else delete meta.namespace;
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${randomSuffix()}`;
    const errs: FieldError[] = [];
    validateObjectMeta(def, o, errs);
    if (errs.length) throw invalid(def.kind, def.group, meta.name ?? '', errs);
    this.namespaceCheck(def, meta.namespace, meta.name);
    if (def.statusSubresource) {
      if (def.custom) delete o['status'];
      else if (!(def.group === '' && def.plural === 'namespaces')) o['status'] = {};
    }
    const warnings = this.deprecationWarnings(def, version);
    warnings.push(...this.customResourceChecks(def, version, o, opts, errs));
    if (def.custom) warnings.push(...finalizerWarnings(meta.finalizers));
    if (!def.custom) applyBuiltinDefaults(def.group, def.plural, o as unknown as Record<string, unknown>, true);
    if (isCrd(o)) {
      defaultCrd(o);
      errs.push(...validateCrd(o));
    }
    if (errs.length) throw invalid(def.kind, def.group, meta.name, errs);
    meta.uid = randomUUID();
    meta.creationTimestamp = this.now();
    delete meta.resourceVersion;
    delete meta.deletionTimestamp;
    delete (meta as StoredMeta).deletionGracePeriodSeconds;
    if (def.generation) meta.generation = 1;
    else delete meta.generation;
    if (def.group === 'batch' && def.plural === 'jobs') jobSelector(o, meta.uid);
    // Field ownership: an Update entry for the creator, or the Apply entry of an apply-create.
    const mf = new ManagedFields(undefined);
    const types = this.fieldTypes(def, version);
    if (managed) mf.recordApply(managed.ref, this.stripSubresourceFields(def, managed.applied), { added: new Set(), removed: new Set(), modified: new Set() }, this.now());
    else {
      const ref = this.managerRef(def, version, opts, 'Update');
      const cmp = compare({}, o, types);
      mf.recordUpdate(ref, { added: this.stripSubresourceFields(def, cmp.added), removed: new Set(), modified: new Set() }, this.now());
    }
    setManagedFields(meta, mf);
    if (this.stored(def, meta.namespace, meta.name)) throw alreadyExists(qr(def), meta.name);
    const storedForm = clone(o);
    storedForm.apiVersion = apiVersionOf(def.group, storageVersion(def).name);
    if (opts.dryRun) return { object: this.present(def, storedForm, version, false), warnings, created: true };
    const saved = this.store.put(storeKey(def), this.toStorage(def, storedForm));
    this.afterWrite(def, saved, undefined);
    return { object: this.present(def, saved, version), warnings, created: true };
  }

  /** Controllers that react to writes synchronously (CRD establishment). */
  private afterWrite(def: ResourceDef, saved: KubeObject, _prev: KubeObject | undefined): void {
    if (def.group === 'apiextensions.k8s.io' && def.plural === 'customresourcedefinitions' && isCrd(saved)) {
      this.establish(saved);
    }
  }

  /** What the naming/establishing controllers write after a CRD is created or changed. */
  establish(crd: Crd): void {
    const status = establishedStatus(crd, this.now());
    const prev = isObject(crd.status) ? crd.status : {};
    const same = deepEqual({ ...status, conditions: undefined }, { ...prev, conditions: undefined }) && Array.isArray(prev['conditions']) && prev['conditions'].length > 0;
    if (same) return;
    if (Array.isArray(prev['conditions']) && prev['conditions'].length) status['conditions'] = prev['conditions'];
    const next = clone(crd);
    next.status = status;
    const mf = new ManagedFields(next.metadata.managedFields);
    const types = builtinFieldTypes;
    const cmp = compare({ status: crd.status ?? {} }, { status }, types);
    mf.recordUpdate({ manager: 'kube-apiserver', operation: 'Update', apiVersion: 'apiextensions.k8s.io/v1', subresource: 'status' }, cmp, this.now());
    setManagedFields(next.metadata, mf);
    this.store.put('apiextensions.k8s.io/customresourcedefinitions', next);
  }

  /**
   * Replaces an object (PUT, and the final step of every patch). `subresource` 'status' keeps
   * everything but status from the stored object; the main resource keeps the stored status.
   */
  update(
    def: ResourceDef,
    version: string,
    ns: string | undefined,
    name: string,
    body: unknown,
    opts: WriteOptions = {},
    subresource?: string,
    how: { patch?: boolean; apply?: { ref: ManagerRef; applied: Set<string>; allowedConflicts?: Set<string> } } = {},
  ): WriteResult {
    const cur = this.stored(def, ns, name);
    if (!cur) throw notFound(qr(def), name);
    const old = this.present(def, cur, version);
    const o = this.checkBody(def, version, clone(body));
    const meta = o.metadata;
    if (meta.name && meta.name !== name) throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
    meta.name = name;
    if (def.namespaced) {
      if (meta.namespace && meta.namespace !== ns) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      meta.namespace = ns;
    } else delete meta.namespace;
    if (meta.uid && meta.uid !== cur.metadata.uid) {
      // A PUT's uid is a storage precondition (409); a patch that changes it fails validation.
      if (!how.patch) throw conflict(qr(def), name, `Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: ${cur.metadata.uid}`);
      throw invalid(def.kind, def.group, name, [invalidField('metadata.uid', meta.uid, 'field is immutable')]);
    }
    if (!meta.resourceVersion) {
      if (!def.unconditionalUpdate && !how.patch) {
        // The generic store names the resource here, not the kind (GroupKind{group, resource}).
        throw invalid(def.plural, def.group, name, [{ field: 'metadata.resourceVersion', type: 'FieldValueInvalid', text: 'Invalid value: 0x0: must be specified for an update' }]);
      }
    } else if (meta.resourceVersion !== cur.metadata.resourceVersion) {
      throw staleUpdate(qr(def), name);
    }
    let next: KubeObject;
    if (subresource === 'status') {
      // Only status changes; metadata (labels, annotations, ...) stays as stored.
      next = clone(old);
      if (o['status'] === undefined) delete next['status'];
      else next['status'] = o['status'];
    } else {
      next = o;
      if (def.statusSubresource) {
        if (old['status'] === undefined) delete next['status'];
        else next['status'] = clone(old['status']);
      }
      // System-owned metadata survives updates.
      meta.uid = old.metadata.uid;
      meta.creationTimestamp = old.metadata.creationTimestamp;
      if (old.metadata.deletionTimestamp) meta.deletionTimestamp = old.metadata.deletionTimestamp;
      else delete meta.deletionTimestamp;
      if ((old.metadata as StoredMeta).deletionGracePeriodSeconds !== undefined) (meta as StoredMeta).deletionGracePeriodSeconds = (old.metadata as StoredMeta).deletionGracePeriodSeconds;
      if (def.generation) meta.generation = old.metadata.generation;
      else delete meta.generation;
    }
    const errs: FieldError[] = [];
    validateObjectMeta(def, next, errs);
    const warnings = this.deprecationWarnings(def, version);
    warnings.push(...this.customResourceChecks(def, version, next, opts, errs));
    if (def.custom && subresource === undefined) warnings.push(...finalizerWarnings(next.metadata.finalizers, old.metadata.finalizers));
    if (!def.custom) {
      if (def.group === '' && def.plural === 'services') keepAllocatedIps(old, next);
      applyBuiltinDefaults(def.group, def.plural, next as unknown as Record<string, unknown>, false);
      if (subresource === undefined) errs.push(...validateBuiltinUpdate(def, old, next));
    }
    if (isCrd(next)) {
      defaultCrd(next);
      errs.push(...validateCrd(next));
    }
    if (old.metadata.deletionTimestamp) {
      const added = (next.metadata.finalizers ?? []).filter((f) => !(old.metadata.finalizers ?? []).includes(f));
      if (added.length) errs.push(forbiddenField('metadata.finalizers', `no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}`));
    }
    if (errs.length) throw invalid(def.kind, def.group, name, errs);
    if (def.generation && subresource !== 'status' && !deepEqual(specPart(old, def), specPart(next, def))) {
      next.metadata.generation = (old.metadata.generation ?? 0) + 1;
    }
    // Field ownership.
    const types = this.fieldTypes(def, version);
    // As the apiserver's field manager: managed fields sent with a main-resource update replace
    // the stored ones (kubectl's client-side-apply upgrade relies on it); `[]` or `[{}]` clears
    // them; absent or undecodable, the stored ones stay. Apply and subresources use the stored.
    const sent = next.metadata.managedFields;
    const direct = !how.apply && subresource === undefined;
    const reset = direct && isResetManagedFields(sent);
    const base = reset ? undefined : direct && decodableManagedFields(sent) ? sent : old.metadata.managedFields;
    const mf = new ManagedFields(base);
    const raw = compare(old, next, types);
    const cmp = {
      added: this.stripSubresourceFields(def, raw.added, subresource),
      removed: this.stripSubresourceFields(def, raw.removed, subresource),
      modified: this.stripSubresourceFields(def, raw.modified, subresource),
    };
    if (how.apply) {
      // The first apply to an object nobody owns fields of hands what is already there to
      // `before-first-apply` (skipNonAppliedManager), so changing those fields conflicts.
      if (mf.entries.length === 0) {
        const existing = this.stripSubresourceFields(def, compare({}, old, types).added, subresource);
        const ref = { manager: BEFORE_FIRST_APPLY, operation: 'Update' as const, apiVersion: apiVersionOf(def.group, version), subresource };
        mf.recordUpdate(ref, { added: existing, removed: new Set(), modified: new Set() }, this.now());
      }
      const applied = this.stripSubresourceFields(def, how.apply.applied, subresource);
      const allowed = how.apply.allowedConflicts;
      const conflicts = mf.conflicts(how.apply.ref, cmp).filter((c) => !allowed?.has(c.key));
      if (conflicts.length && !opts.force) {
        throw new ApiError(409, 'Conflict', conflictMessage(conflicts), {
          causes: conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${c.label}`, field: c.path })),
        });
      }
      mf.recordApply(how.apply.ref, applied, cmp, this.now());
    } else if (mf.entries.length > 0) {
      mf.recordUpdate(this.managerRef(def, version, opts, 'Update', subresource), cmp, this.now());
    }
    // (An update of an object nobody owns fields of, as after a reset, starts no tracking:
    // skipNonAppliedManager. The next apply does.)
    setManagedFields(next.metadata, mf);
    next.metadata.resourceVersion = cur.metadata.resourceVersion;
    const storedForm = clone(next);
    storedForm.apiVersion = apiVersionOf(def.group, storageVersion(def).name);
    // An update that changes nothing is not written (no new resourceVersion, no event).
    if (deepEqual(withoutManagedTimes(this.present(def, cur, version)), withoutManagedTimes(this.present(def, storedForm, version, false)))) {
      return { object: old, warnings, created: false };
    }
    if (opts.dryRun) return { object: this.present(def, storedForm, version, false), warnings, created: false };
    // The last finalizer of a deleted object gone: the object goes.
    if (storedForm.metadata.deletionTimestamp && (storedForm.metadata.finalizers ?? []).length === 0) {
      const gone = this.store.remove(storeKey(def), storedForm.metadata.namespace, name);
      this.lifecycle.afterDelete(def, gone ?? storedForm);
      return { object: this.present(def, storedForm, version, false), warnings, created: false };
    }
    const saved = this.store.put(storeKey(def), this.toStorage(def, storedForm));
    this.afterWrite(def, saved, cur);
    return { object: this.present(def, saved, version), warnings, created: false };
  }

  patch(def: ResourceDef, version: string, ns: string | undefined, name: string, contentType: string, patch: unknown, opts: WriteOptions = {}, subresource?: string): WriteResult {
    const type = contentType.split(';')[0]!.trim();
    // validation.ValidatePatchOptions, reported as an invalid PatchOptions.
    if (type === PATCH_TYPES.apply && !opts.fieldManager) throw invalid('PatchOptions', 'meta.k8s.io', '', [requiredField('fieldManager', 'is required for apply patch')]);
    if (type !== PATCH_TYPES.apply && opts.force !== undefined) throw invalid('PatchOptions', 'meta.k8s.io', '', [forbiddenField('force', 'may not be specified for non-apply patch')]);
    if (type === PATCH_TYPES.apply) return this.apply(def, version, ns, name, patch, opts, subresource);
    const cur = this.stored(def, ns, name);
    if (!cur) throw notFound(qr(def), name);
    const old = this.present(def, cur, version);
    let patched: unknown;
    try {
      switch (type) {
        case PATCH_TYPES.merge:
          if (!isObject(patch)) throw badRequest('the body of the request was in an unknown format - accepted media types include: application/merge-patch+json');
          patched = applyMergePatch(old, patch);
          break;
        case PATCH_TYPES.json:
          patched = applyJsonPatch(old, patch);
          break;
        case PATCH_TYPES.strategic:
          if (def.custom) throw unsupportedMediaType([PATCH_TYPES.json, PATCH_TYPES.merge, PATCH_TYPES.apply]);
          patched = applyStrategicMergePatch(old, patch, this.fieldTypes(def, version));
          break;
        default:
          throw unsupportedMediaType(def.custom ? [PATCH_TYPES.json, PATCH_TYPES.merge, PATCH_TYPES.apply] : [PATCH_TYPES.json, PATCH_TYPES.merge, PATCH_TYPES.strategic, PATCH_TYPES.apply]);
      }
    } catch (e) {
      // As NewGenericServerResponse(422, ...) words it: the detail travels as the cause.
      if (e instanceof JsonPatchError) throw new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', { causes: [{ message: e.message }] });
      if (e instanceof JsonPatchDecodeError) throw badRequest(e.message);
      throw e;
    }
    return this.update(def, version, ns, name, patched, opts, subresource, { patch: true });
  }

  /** Server-side apply (application/apply-patch+yaml). */
  apply(def: ResourceDef, version: string, ns: string | undefined, name: string, config: unknown, opts: WriteOptions, subresource?: string): WriteResult {
    if (!opts.fieldManager) throw invalid('PatchOptions', 'meta.k8s.io', '', [requiredField('fieldManager', 'is required for apply patch')]);
    if (!isObject(config)) throw badRequest('error decoding YAML: the applied configuration must be an object');
    const cfg = clone(config) as KubeObject;
    if (!isObject(cfg.metadata)) cfg.metadata = { name };
    if (cfg.metadata.name && cfg.metadata.name !== name) throw badRequest(`the name of the object (${cfg.metadata.name}) does not match the name on the URL (${name})`);
    if (cfg.apiVersion === undefined || cfg.kind === undefined) {
      throw badRequest(`${cfg.kind === undefined ? 'kind' : 'apiVersion'} must be set for apply requests`);
    }
    cfg.metadata.name = name;
    if (cfg.metadata.managedFields !== undefined) throw badRequest('metadata.managedFields must be nil');
    const ref: ManagerRef = { manager: opts.fieldManager, operation: 'Apply', apiVersion: apiVersionOf(def.group, version), subresource };
    const types = this.fieldTypes(def, version);
    if (def.custom) {
      // The field manager types the applied configuration with the schema: an undeclared field
      // fails the request (with the apiserver's 500 and no reason, whatever fieldValidation says).
      const removed = prune(clone(cfg), def.versions.find((v) => v.name === version)?.schema, '', true);
      if (removed.length) {
        const errs = removed.map((p) => `.${p}: field not declared in schema`);
        const detail = errs.length === 1 ? errs[0] : ['errors:', ...errs.map((e) => `  ${e}`)].join('\n');
        const nn = `${def.namespaced ? (ns ?? '') : ''}/${name}`;
        throw new ApiError(500, '', `failed to create typed patch object (${nn}; ${def.group}/${version}, Kind=${def.kind}): ${detail}`);
      }
    }
    const applied = appliedSet(cfg, types);
    const cur = this.stored(def, ns, name);
    if (!cur) {
      if (subresource === 'status') throw notFound(qr(def), name);
      return this.create(def, version, ns, cfg, opts, { ref, applied });
    }
    const live = this.present(def, cur, version);
    const mf = new ManagedFields(live.metadata.managedFields);
    const lastApplied = mf.find(ref)?.set;
    let merged = mergeApplied(live, cfg, types) as KubeObject;
    if (cfg.metadata.resourceVersion === undefined) merged.metadata.resourceVersion = live.metadata.resourceVersion;
    // Fields this manager applied before but no longer does, and nobody else owns, go away.
    if (lastApplied) {
      const keep = union(applied, mf.ownedByOthers(ref));
      const drop = difference(lastApplied, keep);
      merged = clone(merged);
      // Shorter paths first: an associative list item goes as a whole before its fields are
      // looked for (removing its key field first would leave an unmatchable `{}` behind).
      for (const k of [...drop].sort((a, b) => a.length - b.length)) removePath(merged, k, types);
    }
    // kubectl's own server-side apply takes over what its client-side apply set (the apiserver's
    // lastAppliedManager), and keeps the last-applied annotation in step (lastAppliedUpdater).
    let allowedConflicts: Set<string> | undefined;
    const lastAppliedText = live.metadata.annotations?.[LAST_APPLIED];
    if (opts.fieldManager === 'kubectl' && lastAppliedText) {
      allowedConflicts = this.lastAppliedMatches(live, lastAppliedText, types);
      allowedConflicts.add(JSON.stringify(['f:metadata', 'f:annotations', `f:${LAST_APPLIED}`]));
      const own = clone(cfg);
      if (own.metadata.annotations) {
        delete own.metadata.annotations[LAST_APPLIED];
        if (Object.keys(own.metadata.annotations).length === 0) delete own.metadata.annotations;
      }
      merged.metadata.annotations = { ...(merged.metadata.annotations ?? {}), [LAST_APPLIED]: JSON.stringify(own) };
    }
    return this.update(def, version, ns, name, merged, opts, subresource, { patch: true, apply: { ref, applied, allowedConflicts } });
  }

  /** Fields of the last-applied configuration whose live value still equals the applied one. */
  private lastAppliedMatches(live: KubeObject, text: string, types: FieldTypes): Set<string> {
    let last: unknown;
    try {
      last = JSON.parse(text);
    } catch {
      return new Set();
    }
    const lastSet = appliedSet(last, types);
    // Where applying the old configuration onto the live object would change nothing.
    const cmp = compare(live, mergeApplied(clone(live), last, types), types);
    const out = new Set<string>();
    for (const k of lastSet) if (!cmp.modified.has(k) && !cmp.added.has(k)) out.add(k);
    return out;
  }

  delete(def: ResourceDef, version: string, ns: string | undefined, name: string, opts: DeleteOptions = {}): { body: KubeObject | Omit<Status, 'code'>; code: number } {
    const cur = this.stored(def, ns, name);
    if (!cur) throw notFound(qr(def), name);
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== cur.metadata.uid) {
      throw conflict(qr(def), name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${cur.metadata.uid}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== cur.metadata.resourceVersion) {
      throw conflict(qr(def), name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${cur.metadata.resourceVersion}`);
    }
    const isNamespace = def.group === '' && def.plural === 'namespaces';
    if (isNamespace && IMMORTAL_NAMESPACES.includes(name)) {
      throw new ApiError(403, 'Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`, { name, kind: 'namespaces' });
    }
    // Foreground: the garbage collector holds the owner (foregroundDeletion) until its dependents are gone.
    const foreground = opts.propagationPolicy === 'Foreground' && !isNamespace;
    const finalizers = cur.metadata.finalizers ?? [];
    const pending = finalizers.length > 0 || foreground || (isNamespace && this.store.resourcesWithObjectsIn(name).length > 0);
    if (pending || isNamespace) {
      if (cur.metadata.deletionTimestamp) return { body: this.present(def, cur, version), code: 200 };
      const next = clone(cur);
      if (foreground && !finalizers.includes(FOREGROUND)) next.metadata.finalizers = [...finalizers, FOREGROUND];
      next.metadata.deletionTimestamp = this.now();
      (next.metadata as StoredMeta).deletionGracePeriodSeconds = 0;
      if (def.generation) next.metadata.generation = (next.metadata.generation ?? 0) + 1;
      if (isNamespace) (next as Record<string, unknown>)['status'] = { ...(isObject(next['status']) ? next['status'] : {}), phase: 'Terminating' };
      if (opts.dryRun) return { body: this.present(def, next, version), code: 200 };
      const saved = this.store.put(storeKey(def), next);
      if (isNamespace) setTimeout(() => this.lifecycle.finalizeNamespace(name), this.nsDelay).unref();
      if (foreground) setImmediate(() => this.lifecycle.deleteForeground(def, saved));
      return { body: this.present(def, saved, version), code: 200 };
    }
    if (opts.dryRun) return { body: def.returnDeletedObject ? this.present(def, cur, version) : successStatus(qr(def), name, cur.metadata.uid), code: 200 };
    const gone = this.store.remove(storeKey(def), def.namespaced ? ns : undefined, name);
    this.lifecycle.afterDelete(def, gone ?? cur, opts.propagationPolicy);
    return { body: def.returnDeletedObject ? this.present(def, gone ?? cur, version) : successStatus(qr(def), name, cur.metadata.uid), code: 200 };
  }

  deleteCollection(def: ResourceDef, version: string, ns: string | undefined, opts: ListOptions & DeleteOptions): ListResult {
    const res = this.list(def, version, ns, { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector });
    const items: KubeObject[] = [];
    for (const o of res.items) {
      const r = this.delete(def, version, o.metadata.namespace, o.metadata.name, opts);
      items.push(isObject(r.body) && (r.body as { kind?: string }).kind !== 'Status' ? (r.body as KubeObject) : o);
    }
    return { items, resourceVersion: String(this.store.currentRv()) };
  }
}

function keyOf(o: KubeObject): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}

function readPath(o: unknown, path: string): string {
  let cur = o;
  for (const p of path.split('.')) {
    if (!isObject(cur)) return '';
    cur = cur[p];
  }
  return cur === undefined || cur === null ? '' : String(cur);
}
