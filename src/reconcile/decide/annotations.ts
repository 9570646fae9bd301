// reconcile.fluxcd.io/{requestedAt,forceAt,resetAt} handling (api/v2 annotations.go).
import type { HelmRelease } from '../../kinds/api-types.js';

export const RECONCILE_REQUEST_ANNOTATION = 'reconcile.fluxcd.io/requestedAt';
export const FORCE_REQUEST_ANNOTATION = 'reconcile.fluxcd.io/forceAt';
export const RESET_REQUEST_ANNOTATION = 'reconcile.fluxcd.io/resetAt';

type LastHandledField = 'lastHandledForceAt' | 'lastHandledResetAt';

/**
 * A force/reset request is honoured when its value equals requestedAt, that requestedAt was not
 * handled yet, and the value differs from the last handled one. The last handled value is
 * recorded whenever the annotation is present, honoured or not (so it is handled once).
 */
function handleRequest(hr: HelmRelease, annotation: string, field: LastHandledField): boolean {
  const annotations = hr.metadata.annotations ?? {};
  const requestOk = Object.prototype.hasOwnProperty.call(annotations, annotation);
  const requestAt = annotations[annotation] ?? '';
  const reconcileOk = Object.prototype.hasOwnProperty.call(annotations, RECONCILE_REQUEST_ANNOTATION);
  const reconcileAt = annotations[RECONCILE_REQUEST_ANNOTATION] ?? '';

  let lastHandledRequest = '';
  if (requestOk) {
    hr.status = hr.status ?? {};
    lastHandledRequest = hr.status[field] ?? '';
    hr.status[field] = requestAt;
  }
  if (requestOk && reconcileOk && requestAt === reconcileAt) {
    const lastHandledReconcile = hr.status?.lastHandledReconcileAt ?? '';
    return lastHandledReconcile !== reconcileAt && lastHandledRequest !== requestAt;
  }
  return false;
}

/** ShouldHandleForceRequest (updates status.lastHandledForceAt). */
export function shouldHandleForceRequest(hr: HelmRelease): boolean {
  return handleRequest(hr, FORCE_REQUEST_ANNOTATION, 'lastHandledForceAt');
}

/** ShouldHandleResetRequest (updates status.lastHandledResetAt). */
export function shouldHandleResetRequest(hr: HelmRelease): boolean {
  return handleRequest(hr, RESET_REQUEST_ANNOTATION, 'lastHandledResetAt');
}
