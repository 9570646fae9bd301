// CustomResourceDefinitions: validation of the definition itself, the resource it serves, and
// the status the apiextensions controllers write once its names are accepted.
import type { KubeObject } from '../../../src/cluster/types.js';
import { isObject, nowRfc3339 } from './json.js';
import type { PrinterColumn, ResourceDef, VersionDef } from './resources.js';
import { ALL_VERBS } from './resources.js';
import type { JsonSchema } from './schema.js';
import { type FieldError, invalidField, notSupportedField, requiredField } from './status.js';

export interface CrdNames {
  plural: string;
  singular?: string;
  kind: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

export interface CrdVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema?: JsonSchema };
  subresources?: { status?: Record<string, never>; scale?: Record<string, unknown> };
  additionalPrinterColumns?: PrinterColumn[];
  selectableFields?: Array<{ jsonPath: string }>;
}

export interface CrdSpec {
  group: string;
  names: CrdNames;
  scope: 'Namespaced' | 'Cluster';
  versions: CrdVersion[];
}

export interface Crd extends KubeObject {
  spec: CrdSpec;
  status?: Record<string, unknown>;
}

export function isCrd(obj: KubeObject): obj is Crd {
  return obj.kind === 'CustomResourceDefinition' && isObject(obj['spec']);
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The definition checks that users hit in practice (names, versions, storage). */
export function validateCrd(crd: Crd): FieldError[] {
  const errs: FieldError[] = [];
  const spec = crd.spec;
  if (!spec.group) errs.push(requiredField('spec.group'));
  const names = isObject(spec.names) ? spec.names : undefined;
  if (!names?.plural) errs.push(requiredField('spec.names.plural'));
  else if (!DNS_LABEL.test(names.plural)) errs.push(invalidField('spec.names.plural', names.plural, 'a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character'));
  if (!names?.kind) errs.push(requiredField('spec.names.kind'));
  if (names?.plural && spec.group && crd.metadata.name !== `${names.plural}.${spec.group}`) {
    errs.push(invalidField('metadata.name', crd.metadata.name, 'must be spec.names.plural+"."+spec.group'));
  }
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') errs.push(notSupportedField('spec.scope', spec.scope ?? '', ['Cluster', 'Namespaced']));
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  if (versions.length === 0) errs.push(requiredField('spec.versions', 'must have exactly one version marked as storage version'));
  else {
    const storage = versions.filter((v) => v.storage).length;
    if (storage !== 1) errs.push(invalidField('spec.versions', '[]', 'must have exactly one version marked as storage version'));
    versions.forEach((v, i) => {
      if (!v.schema?.openAPIV3Schema) errs.push(requiredField(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required'));
    });
  }
  return errs;
}

export function resourceFromCrd(crd: Crd): ResourceDef {
  const spec = crd.spec;
  const versions: VersionDef[] = spec.versions.map((v) => ({
    name: v.name,
    served: v.served,
    storage: v.storage,
    deprecated: v.deprecated,
    deprecationWarning: v.deprecationWarning,
    schema: v.schema?.openAPIV3Schema,
    printerColumns: v.additionalPrinterColumns,
    selectableFields: v.selectableFields?.map((f) => f.jsonPath.replace(/^\./, '')),
  }));
  const storage = spec.versions.find((v) => v.storage) ?? spec.versions[0]!;
  return {
    group: spec.group,
    plural: spec.names.plural,
    singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
    kind: spec.names.kind,
    listKind: spec.names.listKind ?? `${spec.names.kind}List`,
    namespaced: spec.scope === 'Namespaced',
    shortNames: spec.names.shortNames ?? [],
    categories: spec.names.categories ?? [],
    versions,
    statusSubresource: storage.subresources?.status !== undefined,
    scaleSubresource: storage.subresources?.scale !== undefined,
    generation: true,
    custom: true,
    unconditionalUpdate: false,
    verbs: ALL_VERBS,
  };
}

/** Fills defaults the apiserver sets on a CRD (names.singular, listKind, conversion). */
export function defaultCrd(crd: Crd): void {
  const names = crd.spec.names;
  if (names) {
    names.singular ??= names.kind?.toLowerCase();
    names.listKind ??= `${names.kind}List`;
  }
  const spec = crd.spec as unknown as Record<string, unknown>;
  spec['conversion'] ??= { strategy: 'None' };
}

/** The status the naming and establishing controllers write. */
export function establishedStatus(crd: Crd, now: string = nowRfc3339()): Record<string, unknown> {
  const names = crd.spec.names;
  const accepted: Record<string, unknown> = { kind: names.kind, listKind: names.listKind ?? `${names.kind}List`, plural: names.plural, singular: names.singular ?? names.kind.toLowerCase() };
  if (names.shortNames?.length) accepted['shortNames'] = names.shortNames;
  if (names.categories?.length) accepted['categories'] = names.categories;
  const previous = isObject(crd.status) && Array.isArray(crd.status['storedVersions']) ? (crd.status['storedVersions'] as string[]) : [];
  const storage = crd.spec.versions.find((v) => v.storage)?.name;
  const stored = storage && !previous.includes(storage) ? [...previous, storage] : previous;
  return {
    acceptedNames: accepted,
    conditions: [
      { lastTransitionTime: now, message: 'no conflicts found', reason: 'NoConflicts', status: 'True', type: 'NamesAccepted' },
      { lastTransitionTime: now, message: 'the initial names have been accepted', reason: 'InitialNamesAccepted', status: 'True', type: 'Established' },
    ],
    storedVersions: stored,
  };
}
