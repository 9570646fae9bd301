// Query and body options of API requests, decoded and validated the way the apiserver's handlers
// do before touching storage (apimachinery meta/v1/validation and meta/internalversion/validation):
// a bad option is a 422 naming the options kind (`ListOptions.meta.k8s.io "" is invalid: ...`),
// never silently ignored, so a client sending e.g. `dryRun=true` learns it would have written.
import { isObject } from './json.js';
import { type FieldError, forbiddenField, invalid, notSupportedField, requiredField } from './status.js';

const META_GROUP = 'meta.k8s.io';
const NOT_OLDER_THAN = 'NotOlderThan';
const EXACT = 'Exact';

export interface ListQuery {
  resourceVersion?: string;
  resourceVersionMatch?: string;
  /** Undefined when the client did not send it (the apiserver tells absent from false). */
  sendInitialEvents?: boolean;
  continue?: string;
}

/**
 * validation.ValidateListOptions after SetListOptionsDefaults (WatchList on, as in v1.35): a
 * watch from "" or "0" without either option is defaulted to sendInitialEvents with
 * NotOlderThan, so it passes; everything else is checked as sent.
 */
export function listQuery(q: URLSearchParams, watch: boolean): ListQuery {
  const out: ListQuery = {};
  if (q.has('resourceVersion')) out.resourceVersion = q.get('resourceVersion')!;
  if (q.get('resourceVersionMatch')) out.resourceVersionMatch = q.get('resourceVersionMatch')!;
  if (q.has('sendInitialEvents')) out.sendInitialEvents = q.get('sendInitialEvents') === 'true';
  if (q.get('continue')) out.continue = q.get('continue')!;
  const errs = watch ? watchErrors(out) : listErrors(out);
  if (errs.length > 0) throw invalid('ListOptions', META_GROUP, '', errs);
  return out;
}

function listErrors(o: ListQuery): FieldError[] {
  const errs: FieldError[] = [];
  const match = o.resourceVersionMatch;
  if (match) {
    if (!o.resourceVersion) errs.push(forbiddenField('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
    if (o.continue) errs.push(forbiddenField('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
    if (match !== EXACT && match !== NOT_OLDER_THAN) errs.push(notSupportedField('resourceVersionMatch', match, [EXACT, NOT_OLDER_THAN, '']));
    if (match === EXACT && o.resourceVersion === '0') errs.push(forbiddenField('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
  }
  if (o.sendInitialEvents !== undefined) errs.push(forbiddenField('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  return errs;
}

function watchErrors(o: ListQuery): FieldError[] {
  const errs: FieldError[] = [];
  const match = o.resourceVersionMatch;
  if (o.sendInitialEvents !== undefined && match !== NOT_OLDER_THAN) {
    errs.push(forbiddenField('resourceVersionMatch', `sendInitialEvents requires setting resourceVersionMatch to ${NOT_OLDER_THAN}`));
  }
  if (match) {
    if (o.sendInitialEvents === undefined) errs.push(forbiddenField('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'));
    if (match !== NOT_OLDER_THAN) errs.push(notSupportedField('resourceVersionMatch', match, [NOT_OLDER_THAN]));
    if (o.continue) errs.push(forbiddenField('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
  }
  return errs;
}

/** `[]string{"a", "b"}`, as field.Error prints a []string bad value (%#v). */
function goStrings(values: string[]): string {
  return `[]string{${values.map((v) => JSON.stringify(v)).join(', ')}}`;
}

function dryRunErrors(values: string[]): FieldError[] {
  if (values.every((v) => v === 'All')) return [];
  return [{ field: 'dryRun', type: 'FieldValueNotSupported', text: `Unsupported value: ${goStrings(values)}: supported values: "All"` }];
}

export type WriteVerb = 'create' | 'update' | 'patch';

export interface WriteQuery {
  dryRun: boolean;
  fieldManager?: string;
  fieldValidation?: 'Strict' | 'Warn' | 'Ignore';
  force?: boolean;
}

const OPTIONS_KIND: Record<WriteVerb, string> = { create: 'CreateOptions', update: 'UpdateOptions', patch: 'PatchOptions' };

/** ValidateCreateOptions / ValidateUpdateOptions / ValidatePatchOptions over the query. */
export function writeQuery(q: URLSearchParams, verb: WriteVerb, patchType?: string): WriteQuery {
  const errs: FieldError[] = [];
  const fieldManager = q.get('fieldManager') ?? undefined;
  const force = q.has('force') ? q.get('force') === 'true' : undefined;
  if (verb === 'patch') {
    if (patchType !== 'application/apply-patch+yaml') {
      if (force !== undefined) errs.push(forbiddenField('force', 'may not be specified for non-apply patch'));
    } else if (!fieldManager) errs.push(requiredField('fieldManager', 'is required for apply patch'));
  }
  const dryRun = q.getAll('dryRun');
  errs.push(...dryRunErrors(dryRun));
  const fv = q.get('fieldValidation') ?? '';
  if (!['', 'Ignore', 'Strict', 'Warn'].includes(fv)) errs.push(notSupportedField('fieldValidation', fv, ['', 'Ignore', 'Strict', 'Warn']));
  if (errs.length > 0) throw invalid(OPTIONS_KIND[verb], META_GROUP, '', errs);
  const out: WriteQuery = { dryRun: dryRun.length > 0 };
  if (fieldManager !== undefined) out.fieldManager = fieldManager;
  if (fv) out.fieldValidation = fv as WriteQuery['fieldValidation'];
  if (force !== undefined) out.force = force;
  return out;
}

export interface DeleteQuery {
  dryRun: boolean;
  propagationPolicy?: string;
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/**
 * DeleteOptions come from the body when there is one, and only then from the query: the
 * handler never merges the two, so `?dryRun=All` next to a DeleteOptions body is ignored and
 * the delete is real. Then ValidateDeleteOptions.
 */
export function deleteOptions(q: URLSearchParams, body: unknown): DeleteQuery {
  let dryRun: string[];
  let policy: string | undefined;
  let grace: number | undefined;
  let orphan: boolean | undefined;
  let preconditions: DeleteQuery['preconditions'];
  if (body !== undefined) {
    const b = isObject(body) ? body : {};
    dryRun = Array.isArray(b['dryRun']) ? b['dryRun'].filter((v): v is string => typeof v === 'string') : [];
    if (typeof b['propagationPolicy'] === 'string') policy = b['propagationPolicy'];
    if (typeof b['gracePeriodSeconds'] === 'number') grace = b['gracePeriodSeconds'];
    if (typeof b['orphanDependents'] === 'boolean') orphan = b['orphanDependents'];
    if (isObject(b['preconditions'])) {
      const p = b['preconditions'];
      preconditions = {};
      if (typeof p['uid'] === 'string') preconditions.uid = p['uid'];
      if (typeof p['resourceVersion'] === 'string') preconditions.resourceVersion = p['resourceVersion'];
    }
  } else {
    dryRun = q.getAll('dryRun');
    if (q.has('propagationPolicy')) policy = q.get('propagationPolicy')!;
    if (q.has('gracePeriodSeconds') && Number.isInteger(Number(q.get('gracePeriodSeconds')))) grace = Number(q.get('gracePeriodSeconds'));
    if (q.has('orphanDependents')) orphan = q.get('orphanDependents') === 'true';
  }
  const errs: FieldError[] = [];
  if (orphan !== undefined && policy !== undefined) {
    errs.push({ field: 'propagationPolicy', type: 'FieldValueInvalid', text: `Invalid value: ${JSON.stringify(policy)}: orphanDependents and deletionPropagation cannot be both set` });
  }
  if (policy !== undefined && !['Foreground', 'Background', 'Orphan'].includes(policy)) {
    errs.push(notSupportedField('propagationPolicy', policy, ['Foreground', 'Background', 'Orphan', 'nil']));
  }
  errs.push(...dryRunErrors(dryRun));
  if (errs.length > 0) throw invalid('DeleteOptions', META_GROUP, '', errs);
  const out: DeleteQuery = { dryRun: dryRun.length > 0 };
  // The deprecated orphanDependents maps onto the policies it stands for.
  const effective = policy ?? (orphan === undefined ? undefined : orphan ? 'Orphan' : 'Background');
  if (effective !== undefined) out.propagationPolicy = effective;
  if (grace !== undefined) out.gracePeriodSeconds = grace;
  if (preconditions) out.preconditions = preconditions;
  return out;
}
