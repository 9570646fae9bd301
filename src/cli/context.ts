// What a command's action receives: resolved global options, output streams, the progress
// logger, the --timeout deadline and a lazily opened cluster connection.
import type { Command } from 'commander';
import type { Cluster } from '../cluster/types.js';
import type { GlobalOptions } from './globals.js';
import type { LineSink, Logger } from './logger.js';

export interface CliIO {
  stdout: LineSink;
  stderr: LineSink;
  env: NodeJS.ProcessEnv;
  /** stdout is an interactive terminal. */
  isTTY: boolean;
}

export interface CommandContext {
  readonly options: GlobalOptions;
  readonly io: CliIO;
  readonly logger: Logger;
  /** Aborts when --timeout passes; hand it to anything that waits. */
  readonly deadline: AbortSignal;
  /** Connects on first use (kubeconfig + client-node are loaded only then). */
  cluster(): Promise<Cluster>;
}

export type CommandAction = (ctx: CommandContext, args: string[], cmd: Command) => Promise<void>;

export interface CliRuntime {
  readonly io: CliIO;
  readonly logger: Logger;
  /** Wraps a command's action: builds its context from the global flags and cleans up after it. */
  action(fn: CommandAction): (...commanderArgs: unknown[]) => Promise<void>;
}

/** Each command module exports one of these; src/cli/commands.ts lists them. */
export type RegisterCommand = (program: Command, runtime: CliRuntime) => void;
