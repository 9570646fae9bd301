// A Flux kind as data: what a verb (get, reconcile, suspend...) needs to know about it.
// Verbs are written once against this adapter (as flux2's helmReleaseAdapter & co.).
import type { KubeObject, ResourceRef } from '../cluster/types.js';
import type { Condition } from './api-types.js';
import type { Readiness } from './accessors.js';

/** A `get` column after NAME; `option` marks columns shown only on request (--show-source). */
export interface TableColumn<T extends KubeObject> {
  header: string;
  cell(obj: T): string;
  option?: 'showSource';
}

export interface SourceReference {
  kind: string;
  name: string;
  namespace: string;
  apiVersion?: string;
}

export interface FluxKind<T extends KubeObject = KubeObject> {
  /** `HelmRelease` */
  readonly kind: string;
  readonly group: string;
  /** The version flux-ts writes and lists first. */
  readonly version: string;
  /** Versions read by the same accessors when the cluster does not serve `version`. */
  readonly readVersions: readonly string[];
  readonly plural: string;
  readonly singular: string;
  /** kubectl short names (`hr`). */
  readonly shortNames: readonly string[];
  /** Kind name in flux's suspend/resume/delete messages: `helmrelease`, `source git`. */
  readonly humanKind: string;
  /** Collection at `version`. */
  readonly resource: ResourceRef;
  resourceAt(version: string): ResourceRef;

  /** `get` table columns after NAME (NAMESPACE and NAME are added by the verb). */
  readonly columns: readonly TableColumn<T>[];

  conditions(obj: T): Condition[];
  /** READY/MESSAGE as `flux get` shows them (fallbacks and per-kind rules applied). */
  readiness(obj: T): Readiness;
  /** REVISION as `flux get` shows it. */
  revision(obj: T): string;
  suspended(obj: T): boolean;
  lastHandledReconcileAt(obj: T): string | undefined;
  /** The object this one fetches its artifact from, if any. */
  sourceRef?(obj: T): SourceReference | undefined;
  /** Objects no controller reconciles (OCI HelmRepository): `reconcile` skips them. */
  isStatic?(obj: T): boolean;
}

export function resourceRef(group: string, version: string, plural: string, kind: string): ResourceRef {
  return { group, version, plural, kind, namespaced: true };
}
