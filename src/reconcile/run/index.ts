// The HelmRelease reconcile (pre-flight, failure reset, the atomic release loop driving Helm
// actions, status and Events), shared by `reconcile hr --local` and the controller.
export { reconcileHelmRelease, HELMRELEASE_RESOURCE, type ReconcileOptions, type ReconcileResult, type ProgressSymbol } from './reconcile.js';
export { clusterEventRecorder, EVENT_SOURCE, type EventRecorder } from './events.js';
export { ObservingStorage } from './observing-storage.js';
export { releaseSource, type SourceInput } from './release-source.js';
export { patchStatus } from './status.js';
export { bridgeLookupProvider, chartMayLookup, type LookupProvider, type LookupSession } from './lookup-session.js';
export { uninstallCurrentTarget, type TargetUninstallContext } from './target-uninstall.js';
export { checkPrerequisites, type PreflightContext, type PreflightOutcome, type Prerequisites, type Unmet } from './preflight.js';
export { acquireRunLock, runLockName, RunInProgressError, type RunLock } from './run-lock.js';
export { sourceNotReadyMessage, sourceRefOf, type SourceAccess, type SourceArtifact, type SourceRef } from './source-readiness.js';
