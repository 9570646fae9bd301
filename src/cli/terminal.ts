// Whether to decorate output: flux-ts never colours or animates output that a script reads.

export interface TerminalEnv {
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  noColorFlag: boolean;
}

/** Colours only on an interactive terminal, outside CI, without --no-color or NO_COLOR. */
export function useColor({ isTTY, env, noColorFlag }: TerminalEnv): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return isTTY && !isCI(env);
}

/** Spinners follow the same rule as colours. */
export function useSpinner(t: TerminalEnv): boolean {
  return useColor(t);
}

function isCI(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}
