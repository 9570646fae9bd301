// Builds each action's CommandContext: resolves the global flags, starts the --timeout clock,
// connects to the cluster on demand and always releases the connection afterwards.
import { setMaxListeners } from 'node:events';
import type { Command } from 'commander';
import type { Cluster } from '../cluster/types.js';
import type { CliIO, CliRuntime, CommandAction, CommandContext } from './context.js';
import { resolveGlobals } from './globals.js';
import type { Logger } from './logger.js';

import { VERSION } from './version.js';

const MAX_TIMER_MS = 2 ** 31 - 1;

/** Commander passes (...arguments, options, command): keep the positional ones, flattened. */
function positionalArgs(commanderArgs: unknown[]): { args: string[]; cmd: Command } {
  const cmd = commanderArgs[commanderArgs.length - 1] as Command;
  const args: string[] = [];
  for (const a of commanderArgs.slice(0, -2)) {
    if (Array.isArray(a)) args.push(...a.map(String));
    else if (typeof a === 'string') args.push(a);
  }
  return { args, cmd };
}

export function createRuntime(io: CliIO, logger: Logger): CliRuntime {
  return {
    io,
    logger,
    action(fn: CommandAction) {
      return async (...commanderArgs: unknown[]) => {
        const { args, cmd } = positionalArgs(commanderArgs);
        const options = await resolveGlobals(cmd, { env: io.env, isTTY: io.isTTY });
        const controller = new AbortController();
        // Every request of the command listens on this one deadline; many run in parallel.
        setMaxListeners(0, controller.signal);
        // Node timers overflow past 2^31-1 ms (about 24.8 days) and would fire at once: cap there.
        const timer = setTimeout(() => controller.abort(new Error('timeout')), Math.min(Math.max(options.timeoutMs, 0), MAX_TIMER_MS));
        let opened: Promise<Cluster> | undefined;
        const ctx: CommandContext = {
          options,
          io,
          logger,
          deadline: controller.signal,
          cluster() {
            opened ??= import('../cluster/connect.js').then(async ({ connect }) => {
              const { cluster } = await connect({ flags: options.kube, env: io.env, deadline: controller.signal, userAgent: `flux-ts/${VERSION}`, rateLimit: options.kubeApi });
              return cluster;
            });
            return opened;
          },
        };
        try {
          await fn(ctx, args, cmd);
        } finally {
          clearTimeout(timer);
          if (opened) (await opened.catch(() => undefined))?.close?.();
        }
      };
    },
  };
}
