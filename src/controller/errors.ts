// API error tests the controller needs beyond src/cluster/errors.ts.
import { KubeApiError } from '../cluster/errors.js';
export { isConflict, isNotFound } from '../cluster/errors.js';

/** 409 reason AlreadyExists (a create lost a race), as opposed to Conflict (stale write). */
export function isAlreadyExists(err: unknown): boolean {
  return err instanceof KubeApiError && err.statusCode === 409 && err.reason === 'AlreadyExists';
}
