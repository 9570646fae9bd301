// Errors the CLI prints as `✗ <message>` on stderr. Anything thrown by a command ends up here;
// these classes only add an exit code or mark a usage mistake.

/** A failure with a chosen exit code (flux exits 1 unless a command says otherwise). */
export class CliError extends Error {
  override readonly name: string = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/**
 * flux's `RequestError`: a request that ended with a status rather than a failure. Status 1 is
 * printed as a warning (`⚠`), others as a failure; the process exits with the status.
 */
export class RequestError extends CliError {
  override readonly name: string = 'RequestError';
}

/** Bad command line: unknown command or flag, wrong argument count, invalid flag value. */
export class UsageError extends CliError {
  override readonly name = 'UsageError';
}

/** The message to print for any thrown value, on one line. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

export function exitCodeOf(err: unknown): number {
  return err instanceof CliError ? err.exitCode : 1;
}
