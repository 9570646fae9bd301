// The error of a failed install, upgrade or rollback: its message is the failure description
// stored on the release, its cause the error Helm's action returns.
import type { Release } from '../release/types.js';

export class ReleaseActionError extends Error {
  constructor(
    message: string,
    /** The release record as left in storage (undefined when nothing was written). */
    readonly release?: Release,
    /** The error Helm's action returns (the message is the release description it records). */
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
  }
}
