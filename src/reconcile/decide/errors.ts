// The outcomes that end a reconcile without an action error (internal/reconcile/atomic_release.go).

/** No retries left: terminal, Stalled=True RetriesExceeded. */
export class ExceededMaxRetriesError extends Error {
  constructor(detail: string) {
    super(`exceeded maximum retries: ${detail}`);
    this.name = 'ExceededMaxRetriesError';
  }
}

/** The rollback target vanished from storage: terminal, Stalled=True MissingRollbackTarget. */
export class MissingRollbackTargetError extends Error {
  constructor(detail: string) {
    super(`missing target release for rollback: ${detail}`);
    this.name = 'MissingRollbackTargetError';
  }
}

/** Run again right away (the controller requeues; the one-shot mode loops). */
export class MustRequeueError extends Error {
  constructor() {
    super('must requeue');
    this.name = 'MustRequeueError';
  }
}

/** RetryOnFailure: try again after the retry interval. */
export class RetryAfterIntervalError extends Error {
  constructor(readonly interval: string) {
    super(`retry after interval: ${interval}`);
    this.name = 'RetryAfterIntervalError';
  }
}
