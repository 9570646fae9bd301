// ObjectMeta rules: name validation with the apiserver's messages, and generateName suffixes.
import type { KubeObject } from '../../../src/cluster/types.js';
import { isObject } from './json.js';
import type { ResourceDef } from './resources.js';
import { type FieldError, invalidField, requiredField } from './status.js';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

const NAME_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

/** The random suffix generateName gets (the apiserver's alphabet, no vowels). */
export function randomSuffix(n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += NAME_CHARS[Math.floor(Math.random() * NAME_CHARS.length)];
  return s;
}


/** Name and label/annotation checks every write runs. */
export function validateObjectMeta(def: ResourceDef, o: KubeObject, errs: FieldError[]): void {
  const name = o.metadata.name;
  if (!name) errs.push(requiredField('metadata.name', 'name or generateName is required'));
  else if (def.group === '' && def.plural === 'namespaces' ? !DNS_LABEL.test(name) || name.length > 63 : !DNS_SUBDOMAIN.test(name) || name.length > 253) {
    errs.push(invalidField('metadata.name', name, def.plural === 'namespaces' ? LABEL_MSG : SUBDOMAIN_MSG));
  }
  for (const [field, map] of [['labels', o.metadata.labels], ['annotations', o.metadata.annotations]] as const) {
    if (map !== undefined && !isObject(map)) errs.push(invalidField(`metadata.${field}`, map, 'must be a map of strings'));
    else if (map) for (const [k, v] of Object.entries(map)) if (typeof v !== 'string') errs.push(invalidField(`metadata.${field}.${k}`, v, 'must be a string'));
  }
}


/**
 * ObjectMeta is decoded into its Go struct on every write, custom resources included
 * (apiextensions' objectmeta.Coerce), and all its fields are omitempty: empty labels,
 * annotations, finalizers and ownerReferences, and empty strings, do not survive.
 */
export function dropEmptyMetadata(meta: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(meta)) {
    if (v === '' || v === null || (Array.isArray(v) && v.length === 0 && k !== 'managedFields') || (isObject(v) && Object.keys(v).length === 0 && (k === 'labels' || k === 'annotations'))) {
      delete meta[k];
    }
  }
}

const STANDARD_FINALIZERS = new Set(['orphan', 'foregroundDeletion', 'kubernetes']);

/**
 * The warnings a custom resource write gets for finalizers it adds without a `/` (apiextensions'
 * strategy: only newly added ones, in sorted order), e.g. Flux's own `finalizers.fluxcd.io`.
 */
export function finalizerWarnings(now: unknown, before: unknown = []): string[] {
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const old = new Set(list(before));
  const added = [...new Set(list(now))].filter((f) => !old.has(f)).sort();
  return added
    .filter((f) => !f.includes('/') && !STANDARD_FINALIZERS.has(f))
    .map((f) => `metadata.finalizers: ${JSON.stringify(f)}: prefer a domain-qualified finalizer name including a path (/) to avoid accidental conflicts with other finalizer writers`);
}
