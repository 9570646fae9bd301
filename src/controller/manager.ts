// The controller loop: lists and watches HelmReleases, their sources and valuesFrom objects,
// feeds keys into the work queue and runs --concurrent workers over it. Per key it handles
// deletion (finalizer, uninstall unless suspended), suspension and the finalizer, then calls the
// reconciliation core (which owns the prerequisites, the cross-namespace ACL among them, and the
// status they write) and schedules the next look. With a SourceReconciler it also plays
// source-controller: each source object goes through its own work queue (keyed
// `<Kind>/<ns>/<name>`), reconciled on a new generation, a reconcile request, deletion and at
// spec.interval; a HelmChart also when its source's artifact changes.
import { setMaxListeners } from 'node:events';
import type { Cluster, KubeObject, ResourceRef } from '../cluster/types.js';
import { parseGoDuration } from '../cli/duration.js';
import type { HelmRelease } from '../kinds/api-types.js';
import { helmReleaseKind } from '../kinds/helmrelease.js';
import type { FluxKind } from '../kinds/kind.js';
import { servedResource } from '../kinds/served.js';
import { gitRepositoryKind, helmChartKind, helmRepositoryKind, ociRepositoryKind } from '../kinds/sources.js';
import { CONFIGMAPS, SECRETS } from '../cluster/core-resources.js';
import { isNoKindMatch } from '../cluster/errors.js';
import { parseConfigsSelector, type ConfigsSelector, DEFAULT_WATCH_CONFIGS_LABEL_SELECTOR } from './config-selector.js';
import { isConflict, isNotFound } from './errors.js';
import { jittered } from './jitter.js';
import type { JsonLogger } from './log.js';
import type { ControllerMetrics, ReconcileResult } from './metrics.js';
import { FINALIZER, type ReconcileContext, type ReconcileOutcome, type Reconciler } from './reconciler.js';
import { alreadyAtRevision, configKeysOf, hrFingerprint, keyOf, RefIndex, sourceChangeWakes, sourceFingerprint, sourceKeysOf, splitKey } from './triggers.js';
import { WorkQueue } from './workqueue.js';
import { isSourceObject, sourceKey, type SourceOutcome, type SourceReconciler } from './source-reconciler.js';
import { RECONCILE_REQUEST_ANNOTATION } from '../reconcile/decide/annotations.js';
import type { SourceObject } from '../sources/types.js';

const SOURCE_KINDS = [helmRepositoryKind, gitRepositoryKind, ociRepositoryKind, helmChartKind] as FluxKind<KubeObject>[];

export interface ManagerOptions {
  cluster: Cluster;
  reconciler: Reconciler;
  log: JsonLogger;
  metrics: ControllerMetrics;
  /** Watch only this namespace (undefined: all). */
  watchNamespace?: string | undefined;
  concurrent: number;
  allowCrossNamespaceRefs: () => boolean;
  jitterPercent?: number;
  queue?: WorkQueue;
  /** How long in-flight reconciles may run after a stop request before they are aborted. */
  gracePeriodMs?: number;
  /**
   * `--watch-configs-label-selector`: the ConfigMaps and Secrets whose changes wake the
   * HelmReleases referencing them (default: labelled reconcile.fluxcd.io/watch=Enabled).
   */
  configsSelector?: ConfigsSelector;
  /** Reconcile the source objects too (source-controller's job); without it they are only triggers. */
  sources?: SourceReconciler;
  sourceQueue?: WorkQueue;
}

export class Manager {
  readonly queue: WorkQueue;
  /**
   * The watch's latest HelmRelease per key (managedFields dropped), as controller-runtime's
   * informer cache: the reconcile path decides on it, the core then reads the object once.
   */
  private readonly helmReleases = new Map<string, HelmRelease>();
  private readonly sourceSeen = new Map<string, string>();
  /** The watch's latest source object per `<Kind>/<ns>/<name>` (only with opts.sources). */
  private readonly sourceObjects = new Map<string, SourceObject>();
  readonly sourceQueue: WorkQueue;
  /** resourceVersion of each watched config object someone references. */
  private readonly configSeen = new Map<string, string>();
  private readonly sources = new RefIndex();
  private readonly configs = new RefIndex();
  private readonly configsSelector: ConfigsSelector;
  private readonly stopWatches = new AbortController();
  private readonly abortWork = new AbortController();
  private workers: Promise<void>[] = [];
  private watchLoops: Promise<void>[] = [];
  private syncedCount = 0;
  private readonly watchCount = 2 + SOURCE_KINDS.length + 1;
  private readonly cachesSynced: Promise<void>;
  private markCachesSynced!: () => void;

  constructor(private readonly opts: ManagerOptions) {
    this.queue = opts.queue ?? new WorkQueue();
    this.sourceQueue = opts.sourceQueue ?? new WorkQueue();
    this.configsSelector = opts.configsSelector ?? parseConfigsSelector(DEFAULT_WATCH_CONFIGS_LABEL_SELECTOR);
    this.cachesSynced = new Promise((resolve) => (this.markCachesSynced = resolve));
    // Every watch and every in-flight reconcile listens on these: no leak, just many users.
    setMaxListeners(0, this.stopWatches.signal, this.abortWork.signal);
    opts.metrics.gauge('workqueue_depth', () => this.queue.length);
    opts.metrics.gauge('workqueue_in_flight', () => this.queue.inFlight);
  }

  /** All initial lists are in. */
  get synced(): boolean {
    return this.syncedCount >= this.watchCount;
  }

  start(): void {
    const ns = this.opts.watchNamespace;
    const fixed = (res: ResourceRef) => async () => res;
    this.watchLoops = [
      this.watchLoop(helmReleaseKind.plural, fixed(helmReleaseKind.resource), ns, (type, obj) => this.onHelmRelease(type, obj as HelmRelease)),
      // Sources at the version the cluster serves (OCIRepository: v1 from Flux 2.6, v1beta2 before).
      ...SOURCE_KINDS.map((k) => this.watchLoop(k.plural, () => servedResource(this.opts.cluster, k), ns, (type, obj) => this.onSource(type, obj))),
      // Selected on the server, as controller-runtime's cache with a label selector: the watch
      // keeps the last state of each object it reports, so only the selected ones are held.
      this.watchLoop(CONFIGMAPS.plural, fixed(CONFIGMAPS), ns, (type, obj) => this.onConfigObject(type, obj), this.configsSelector.labelSelector),
      this.watchLoop(SECRETS.plural, fixed(SECRETS), ns, (type, obj) => this.onConfigObject(type, obj), this.configsSelector.labelSelector),
    ];
    for (let i = 0; i < this.opts.concurrent; i++) this.workers.push(this.worker());
    if (this.opts.sources) for (let i = 0; i < this.opts.concurrent; i++) this.workers.push(this.sourceWorker(this.opts.sources));
  }

  /** Graceful stop: no new work; in-flight reconciles finish (or are aborted after the grace period). */
  async stop(): Promise<void> {
    this.stopWatches.abort();
    this.queue.shutDown();
    this.sourceQueue.shutDown();
    const grace = setTimeout(() => this.abortWork.abort(new Error('shutdown grace period over')), this.opts.gracePeriodMs ?? 30_000);
    grace.unref();
    await Promise.allSettled([...this.workers, ...this.watchLoops]);
    clearTimeout(grace);
  }

  /** Every known HelmRelease, again (a setting that affects all of them changed). */
  requeueAll(): void {
    for (const key of this.helmReleases.keys()) {
      this.queue.forget(key);
      this.queue.add(key);
    }
  }

  /**
   * List, then watch from the list's resourceVersion, for as long as the manager runs. The
   * resource is resolved on every (re)start, so a CRD installed after the controller is found
   * (the client's discovery forgets misses after a few seconds).
   */
  private async watchLoop(
    plural: string,
    resolve: () => Promise<ResourceRef>,
    namespace: string | undefined,
    handle: (type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KubeObject) => void,
    labelSelector?: string,
  ): Promise<void> {
    const signal = this.stopWatches.signal;
    const log = this.opts.log.with({ resource: plural });
    let synced = false;
    let notServed = false;
    while (!signal.aborted) {
      try {
        const res = await resolve();
        const selection = { ...(namespace ? { namespace } : {}), ...(labelSelector ? { labelSelector } : {}) };
        const list = await this.opts.cluster.list(res, selection);
        for (const obj of list.items) handle('ADDED', obj);
        if (!synced) this.watchSynced();
        synced = true;
        notServed = false;
        const rv = list.metadata.resourceVersion;
        // knownObjects: a 410 re-list can then report objects deleted while we were away. Only
        // their names: the watch keeps what it is given for as long as it runs.
        const known = list.items.map((o) => ({ apiVersion: o.apiVersion, kind: o.kind || res.kind, metadata: { name: o.metadata.name, namespace: o.metadata.namespace } }));
        const watchOpts = { ...selection, ...(rv ? { resourceVersion: rv, knownObjects: known } : {}), signal };
        for await (const ev of this.opts.cluster.watch(res, watchOpts)) {
          if (ev.type !== 'BOOKMARK') handle(ev.type, ev.object);
        }
        return;
      } catch (err) {
        if (signal.aborted) return;
        // An API not installed (yet) is said once, not every second.
        if (!(isNoKindMatch(err) && notServed)) log.error('watch failed, retrying', { error: err instanceof Error ? err.message : String(err) });
        notServed = isNoKindMatch(err);
        // An API the cluster does not serve has nothing to list: its cache is complete, empty.
        if (notServed && !synced) {
          this.watchSynced();
          synced = true;
        }
        await new Promise((r) => setTimeout(r, 1000).unref());
      }
    }
  }

  private watchSynced(): void {
    if (++this.syncedCount === this.watchCount) this.markCachesSynced();
  }

  private onHelmRelease(type: string, hr: HelmRelease): void {
    const key = keyOf(hr.metadata.namespace, hr.metadata.name);
    if (type === 'DELETED') {
      this.helmReleases.delete(key);
      this.sources.remove(key);
      this.configs.remove(key);
      return;
    }
    this.sources.set(key, sourceKeysOf(hr, this.opts.sources !== undefined));
    this.configs.set(key, configKeysOf(hr));
    const before = this.helmReleases.get(key);
    this.helmReleases.set(key, withoutManagedFields(hr));
    if (before && hrFingerprint(before) === hrFingerprint(hr)) return;
    this.queue.add(key);
  }

  private onSource(type: string, obj: KubeObject): void {
    if (this.opts.sources && isSourceObject(obj)) this.onSourceObject(type, obj);
    const dep = `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
    const fp = type === 'DELETED' ? 'deleted' : sourceFingerprint(obj);
    const before = this.sourceSeen.get(dep);
    if (type === 'DELETED') this.sourceSeen.delete(dep);
    else this.sourceSeen.set(dep, fp);
    if (before === undefined && type === 'ADDED') return; // initial list: the HR's own ADDED queues it
    if (before !== undefined && !sourceChangeWakes(before, fp)) return;
    const revision = type === 'DELETED' ? '' : ((obj['status'] as { artifact?: { revision?: string } } | undefined)?.artifact?.revision ?? '');
    for (const key of this.sources.users(dep)) {
      const hr = this.helmReleases.get(key);
      if (obj.kind === 'HelmChart' && hr !== undefined && alreadyAtRevision(hr, revision)) continue;
      this.queue.add(key);
    }
  }

  /**
   * source-controller's watch predicates: GenerationChanged or ReconcileRequested (and deletion,
   * for the finalizer; and our finalizer arriving, where source-controller requeues); the initial
   * list queues everything. A HelmRepository or GitRepository
   * with a new artifact wakes the HelmCharts built from it that have not observed it yet
   * (SourceRevisionChangePredicate and requestsFor…Change).
   */
  private onSourceObject(type: string, obj: SourceObject): void {
    const key = sourceKey(obj);
    const before = this.sourceObjects.get(key);
    if (type === 'DELETED') {
      this.sourceObjects.delete(key);
      return;
    }
    this.sourceObjects.set(key, withoutManagedFields(obj));
    const requested = (o: SourceObject) => o.metadata.annotations?.[RECONCILE_REQUEST_ANNOTATION] ?? '';
    const finalized = (o: SourceObject) => (o.metadata.finalizers ?? []).includes(FINALIZER);
    if (
      before === undefined ||
      // The reconciler added its finalizer and waits for this event to go on.
      (finalized(obj) && !finalized(before)) ||
      (before.metadata.generation ?? 0) !== (obj.metadata.generation ?? 0) ||
      requested(before) !== requested(obj) ||
      (obj.metadata.deletionTimestamp !== undefined && before.metadata.deletionTimestamp === undefined)
    ) {
      this.sourceQueue.add(key);
    }
    const revision = obj.status?.artifact?.revision;
    if ((obj.kind === 'HelmRepository' || obj.kind === 'GitRepository') && revision !== undefined && revision !== before?.status?.artifact?.revision) {
      for (const [chartKey, chart] of this.sourceObjects) {
        if (chart.kind !== 'HelmChart' || chart.metadata.namespace !== obj.metadata.namespace) continue;
        if (chart.spec.sourceRef.kind !== obj.kind || chart.spec.sourceRef.name !== obj.metadata.name) continue;
        if (chart.status?.observedSourceArtifactRevision !== revision) this.sourceQueue.add(chartKey);
      }
    }
  }

  private async sourceWorker(sources: SourceReconciler): Promise<void> {
    const stopped = new Promise<void>((resolve) => this.stopWatches.signal.addEventListener('abort', () => resolve(), { once: true }));
    await Promise.race([this.cachesSynced, stopped]);
    for (;;) {
      const key = await this.sourceQueue.get();
      if (key === undefined) return;
      try {
        await this.processSource(sources, key);
      } finally {
        this.sourceQueue.done(key);
      }
    }
  }

  private async processSource(sources: SourceReconciler, key: string): Promise<void> {
    const obj = this.sourceObjects.get(key);
    if (!obj) {
      this.sourceQueue.forget(key);
      return;
    }
    const { name } = obj.metadata;
    const namespace = obj.metadata.namespace ?? '';
    const controller = obj.kind.toLowerCase();
    const log = this.opts.log.with({ controller, controllerKind: obj.kind, [obj.kind]: { name, namespace }, namespace, name });
    const started = performance.now();
    let result: ReconcileResult = 'success';
    try {
      const outcome: SourceOutcome = await sources.reconcile(obj, { signal: this.abortWork.signal, log, cachedSource: this.cachedSource });
      if ('backoff' in outcome) {
        result = outcome.error ? 'error' : 'requeue';
        if (outcome.error) log.error('Reconciler error', { error: outcome.error.message });
        this.sourceQueue.addRateLimited(key);
        return;
      }
      this.sourceQueue.forget(key);
      if ('requeueAfterMs' in outcome) {
        result = outcome.requeueAfterMs === 0 ? 'requeue' : 'requeue_after';
        this.sourceQueue.addAfter(key, outcome.requeueAfterMs);
      }
    } catch (err) {
      result = 'error';
      log.error('Reconciler error', { error: err instanceof Error ? err.message : String(err) });
      this.sourceQueue.addRateLimited(key);
    } finally {
      this.opts.metrics.observe(controller, result, (performance.now() - started) / 1000);
    }
  }

  /**
   * helm-controller's config watch: every create, delete and resourceVersion change of a selected
   * ConfigMap/Secret enqueues the HelmReleases that reference it (data or not, optional or not).
   */
  private onConfigObject(type: string, obj: KubeObject): void {
    const dep = `${obj.kind}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
    const users = this.configs.users(dep);
    const rv = obj.metadata.resourceVersion ?? '';
    const before = this.configSeen.get(dep);
    if (type === 'DELETED') this.configSeen.delete(dep);
    // Only referenced objects are remembered, and only their resourceVersion.
    else if (users.length > 0) this.configSeen.set(dep, rv);
    if (users.length === 0) return;
    // A re-list reports what it already knew: ResourceVersionChangedPredicate lets that go.
    if (type !== 'DELETED' && before === rv) return;
    // An object whose labels no longer match leaves a selecting watch as DELETED with its new
    // labels; helm-controller judges an update by the new object and lets it go.
    if (type === 'DELETED' && !this.configsSelector.matches(obj.metadata.labels)) return;
    for (const key of users) this.queue.add(key);
  }

  private async worker(): Promise<void> {
    // As controller-runtime, no reconcile before every watch has its initial list: a source or
    // values change that lands before then would otherwise be taken for the initial state.
    const stopped = new Promise<void>((resolve) => this.stopWatches.signal.addEventListener('abort', () => resolve(), { once: true }));
    await Promise.race([this.cachesSynced, stopped]);
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      try {
        await this.process(key);
      } finally {
        this.queue.done(key);
      }
    }
  }

  private ctx(log?: JsonLogger): ReconcileContext {
    return {
      signal: this.abortWork.signal,
      allowCrossNamespaceRefs: this.opts.allowCrossNamespaceRefs(),
      ...(log ? { log } : {}),
      ...(this.opts.sources ? { cachedSource: this.cachedSource, sourcesReconciled: true } : {}),
    };
  }

  private readonly cachedSource = (kind: string, namespace: string, name: string): SourceObject | undefined => this.sourceObjects.get(`${kind}/${namespace}/${name}`);

  private async process(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const log = this.opts.log.with({ controller: 'helmrelease', controllerKind: 'HelmRelease', HelmRelease: { name, namespace }, namespace, name });
    const started = performance.now();
    let result: ReconcileResult = 'success';
    try {
      const outcome = await this.handle(key, log);
      if (outcome === undefined) {
        this.queue.forget(key);
        return;
      }
      if (outcome.error) {
        result = 'error';
        log.error('Reconciler error', { error: outcome.error.message });
        if (outcome.terminal) this.queue.forget(key);
        else this.queue.addRateLimited(key);
        return;
      }
      this.queue.forget(key);
      if (outcome.requeueAfterMs !== undefined) {
        result = 'requeue_after';
        this.queue.addAfter(key, outcome.requeueAfterMs);
      }
    } catch (err) {
      result = 'error';
      log.error('Reconciler error', { error: err instanceof Error ? err.message : String(err) });
      this.queue.addRateLimited(key);
    } finally {
      this.opts.metrics.observe('helmrelease', result, (performance.now() - started) / 1000);
    }
  }

  /** undefined: nothing more to do for this key until it changes. */
  private async handle(key: string, log: JsonLogger): Promise<ReconcileOutcome | undefined> {
    const hr = this.helmReleases.get(key);
    if (!hr) return undefined;
    if (hr.metadata.deletionTimestamp) return this.handleDeletion(key, log);
    const finalizers = hr.metadata.finalizers ?? [];
    if (!finalizers.includes(FINALIZER)) {
      // The patch's own MODIFIED event re-queues the key; reconcile then.
      await this.patchFinalizers(hr, [...finalizers, FINALIZER]);
      return undefined;
    }
    if (hr.spec?.suspend === true) {
      log.info('reconciliation is suspended for this object');
      return undefined;
    }
    const outcome = await this.opts.reconciler.reconcile(hr, this.ctx(log));
    if (outcome.error || outcome.requeueAfterMs !== undefined) return outcome;
    return { requeueAfterMs: jittered(intervalMs(hr), this.opts.jitterPercent ?? 5) };
  }

  /**
   * The finalizer's work reads the object live: the uninstall goes by status.history, which the
   * watch may not have delivered yet right after a reconcile's last status patch (helm-controller
   * waits for its cache to catch up on the history for the same reason).
   */
  private async handleDeletion(key: string, log: JsonLogger): Promise<ReconcileOutcome | undefined> {
    const { namespace, name } = splitKey(key);
    const hr = await this.opts.cluster.tryGet<HelmRelease>(helmReleaseKind.resource, name, namespace);
    if (!hr?.metadata.deletionTimestamp) return undefined;
    const finalizers = hr.metadata.finalizers ?? [];
    if (!finalizers.includes(FINALIZER)) return undefined;
    if (hr.spec?.suspend !== true) {
      const outcome = await this.opts.reconciler.finalize(hr, this.ctx(log));
      if (outcome.error) return outcome;
    } else {
      log.info('skipping Helm uninstall for suspended resource');
    }
    await this.patchFinalizers(hr, finalizers.filter((f) => f !== FINALIZER));
    return undefined;
  }

  private async patchFinalizers(hr: HelmRelease, finalizers: string[]): Promise<void> {
    try {
      await this.opts.cluster.mergePatch(helmReleaseKind.resource, hr.metadata.name, hr.metadata.namespace, {
        metadata: { finalizers: finalizers.length === 0 ? null : finalizers, resourceVersion: hr.metadata.resourceVersion },
      });
    } catch (err) {
      if (isNotFound(err)) return;
      if (isConflict(err)) throw new Error('the object changed while its finalizers were updated; retrying');
      throw err;
    }
  }
}

/** The cache keeps what decisions read; managedFields are most of an object's bytes and none of that. */
function withoutManagedFields<T extends KubeObject>(obj: T): T {
  if (obj.metadata.managedFields === undefined) return obj;
  const { managedFields: _dropped, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

function intervalMs(hr: HelmRelease): number {
  try {
    const ms = parseGoDuration(hr.spec?.interval ?? '');
    return ms > 0 ? ms : 10 * 60_000;
  } catch {
    return 10 * 60_000;
  }
}
