// The client layer's contract. Every command, the reconciliation core and the controller
// talk to Kubernetes only through `Cluster`, so the same code runs against a real cluster,
// the API test server, or (for offline commands) manifests on disk.

/** Standard object metadata (the subset flux-ts reads and writes). */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  generateName?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  managedFields?: unknown[];
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** Any Kubernetes object. Concrete kinds narrow `spec`/`status`. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

export interface ObjectList<T extends KubeObject = KubeObject> {
  apiVersion: string;
  kind: string;
  metadata: ListMeta;
  items: T[];
}

/** Which collection: a group/version/plural (from the kinds registry or discovery). */
export interface ResourceRef {
  group: string; // '' for the core group
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

export interface ListOptions {
  /** Omit for all namespaces (or for cluster-scoped resources). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size; `list` follows `continue` tokens and returns every item unless `singlePage`. */
  limit?: number;
  continue?: string;
  singlePage?: boolean;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';

export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: WatchEventType;
  object: T;
}

export interface WatchOptions extends Omit<ListOptions, 'limit' | 'continue' | 'singlePage'> {
  /** Resume from here; omitted = list first, emit existing objects as ADDED, then watch. */
  resourceVersion?: string;
  /**
   * With `resourceVersion`: the objects the caller listed at that version. A re-list after 410
   * then also reports those that vanished in the gap (DELETED) and the rest as MODIFIED.
   */
  knownObjects?: readonly KubeObject[];
  signal?: AbortSignal;
}

export interface WriteOptions {
  fieldManager?: string;
  dryRun?: boolean;
}

export interface ApplyOptions extends WriteOptions {
  fieldManager: string;
  force?: boolean;
}

export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  dryRun?: boolean;
}

export interface Cluster {
  /** The API server URL, for messages. */
  readonly server: string;
  /** Namespace of the current kubeconfig context (may be undefined). */
  readonly contextNamespace?: string;

  get<T extends KubeObject = KubeObject>(res: ResourceRef, name: string, namespace?: string): Promise<T>;
  /** Like get, but undefined on 404. */
  tryGet<T extends KubeObject = KubeObject>(res: ResourceRef, name: string, namespace?: string): Promise<T | undefined>;
  list<T extends KubeObject = KubeObject>(res: ResourceRef, opts?: ListOptions): Promise<ObjectList<T>>;
  /**
   * Async iteration of watch events; survives dropped connections by resuming. On 410 it re-lists
   * as client-go's reflector does: objects not seen before come as ADDED, objects seen before as
   * MODIFIED, and objects seen before that are gone from the list as DELETED (their last state).
   * BOOKMARKs only advance the resume point and are not yielded. Ends when `opts.signal` aborts.
   */
  watch<T extends KubeObject = KubeObject>(res: ResourceRef, opts?: WatchOptions): AsyncIterable<WatchEvent<T>>;
  create<T extends KubeObject = KubeObject>(res: ResourceRef, obj: T, opts?: WriteOptions): Promise<T>;
  /** Full replace (PUT); 409 on a stale resourceVersion. */
  replace<T extends KubeObject = KubeObject>(res: ResourceRef, obj: T, opts?: WriteOptions): Promise<T>;
  delete(res: ResourceRef, name: string, namespace?: string, opts?: DeleteOptions): Promise<void>;
  mergePatch<T extends KubeObject = KubeObject>(res: ResourceRef, name: string, namespace: string | undefined, patch: unknown, opts?: WriteOptions): Promise<T>;
  /** Merge patch of the status subresource. */
  statusPatch<T extends KubeObject = KubeObject>(res: ResourceRef, name: string, namespace: string | undefined, patch: unknown, opts?: WriteOptions): Promise<T>;
  /** Server-side apply (application/apply-patch+yaml). */
  apply<T extends KubeObject = KubeObject>(res: ResourceRef, obj: KubeObject, opts: ApplyOptions): Promise<T>;
  /** Maps apiVersion+kind to a resource through discovery (cached). */
  resourceFor(apiVersion: string, kind: string): Promise<ResourceRef>;
  /** GET /version gitVersion, e.g. v1.35.0. */
  serverVersion(): Promise<string>;
  /**
   * Page by page (limit/continue), so a caller can turn each page into rows and drop the
   * objects: `get -A` over thousands of objects keeps memory flat. Optional: implementations
   * without it are read with `list` (see listInPages in src/cluster/paging.ts).
   */
  listPages?<T extends KubeObject = KubeObject>(res: ResourceRef, opts?: ListOptions): AsyncIterable<ObjectList<T>>;
  /** Releases connections so the process can exit; safe to call twice. */
  close?(): void;
}
