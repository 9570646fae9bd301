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

/** Throws the abort reason if the wait was cut short (used after each API call). */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('context canceled');
}
