// The signal a waiting command hands down: aborts with Go's "context deadline exceeded" when
// --timeout passes, and with exit code 130 on Ctrl-C (SIGINT), so the process ends cleanly
// (streams closed, no stack) instead of being killed mid-request.
import { DeadlineExceededError } from '../../cluster/errors.js';
import { CliError } from '../../cli/errors.js';

export class InterruptedError extends CliError {
  override readonly name = 'InterruptedError';
  constructor() {
    super('interrupted', 130);
  }
}

export interface WaitSignal {
  signal: AbortSignal;
  /** Removes the SIGINT handler; call when the command ends. */
  dispose(): void;
}

export function waitSignal(deadline: AbortSignal): WaitSignal {
  const controller = new AbortController();
  const onDeadline = () => controller.abort(new DeadlineExceededError());
  const onInterrupt = () => controller.abort(new InterruptedError());
  if (deadline.aborted) onDeadline();
  else deadline.addEventListener('abort', onDeadline, { once: true });
  process.once('SIGINT', onInterrupt);
  return {
    signal: controller.signal,
    dispose() {
      deadline.removeEventListener('abort', onDeadline);
      process.removeListener('SIGINT', onInterrupt);
    },
  };
}

/** Runs fn under a wait signal. A failure after Ctrl-C or --timeout reports why the wait ended
 * (the abort reason), not the error of the request it cut short. */
export async function withWaitSignal<T>(deadline: AbortSignal, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const wait = waitSignal(deadline);
  try {
    return await fn(wait.signal);
  } catch (err) {
    throw wait.signal.aborted ? wait.signal.reason : err;
  } finally {
    wait.dispose();
  }
}

/** Throws the abort reason if the wait was cut short (used after each API call). */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('context canceled');
}
