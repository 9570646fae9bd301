// A spinner on stderr for long waits, only where decoration is allowed (options.color: a TTY,
// outside CI, no --no-color/NO_COLOR). Elsewhere it does nothing, so logs and CI output stay
// plain. ora is loaded only when a spinner is actually shown.
import type { CommandContext } from './context.js';

export interface Spinner {
  /** Replaces the spinner's text. */
  update(text: string): void;
  /** Removes the spinner line (the caller then logs the outcome with the logger). */
  stop(): void;
}

const NOOP: Spinner = { update() {}, stop() {} };

export async function startSpinner(ctx: Pick<CommandContext, 'options'>, text: string): Promise<Spinner> {
  if (!ctx.options.color) return NOOP;
  const { default: ora } = await import('ora');
  const spinner = ora({ text, stream: process.stderr }).start();
  return {
    update(next) {
      spinner.text = next;
    },
    stop() {
      spinner.stop();
    },
  };
}
