// Runs flux-ts on an argument list and returns the exit code. The process entries (main.ts,
// snapshot.ts) use it through runProcess with the real streams; tests call run with buffers.
import { CommanderError } from 'commander';
import { normalizeBooleanFlags } from './argv.js';
import type { CliIO } from './context.js';
import { errorMessage, exitCodeOf, RequestError } from './errors.js';
import { adoptDeferredExtraCaCerts } from '../cluster/extra-ca-certs.js';
import { routeToCommand } from './find-command.js';
import { createProgram } from './program.js';

/** `args` excludes the node binary and script path. */
export async function run(args: readonly string[], io: CliIO): Promise<number> {
  const { program, logger } = createProgram(io);
  try {
    // The command word first, found as cobra finds it (flags before it included): find-command.ts.
    await program.parseAsync(normalizeBooleanFlags(routeToCommand(program, args), program), { from: 'user' });
    return 0;
  } catch (err) {
    // --help and --version end through commander's exit path.
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof RequestError && err.exitCode === 1) logger.warning(errorMessage(err));
    else logger.failure(errorMessage(err));
    // FLUX_TS_DEBUG=1: the stack too, for bug reports (errors never carry credentials).
    if (io.env.FLUX_TS_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return exitCodeOf(err);
  }
}

/** Runs flux-ts as the process itself (real streams and environment); resolves to the exit code. */
export async function runProcess(args: readonly string[]): Promise<number> {
  adoptDeferredExtraCaCerts(process.env);
  // `flux-ts get hr -A | head`: a closed pipe ends the program quietly, as SIGPIPE ends flux.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  return run(args, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    isTTY: process.stdout.isTTY === true,
  });
}
