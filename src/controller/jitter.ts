// Requeue delays: spec.interval with jitter (helm-controller's --interval-jitter-percentage,
// default 5%), so objects created together do not reconcile in lockstep forever.

export function jittered(intervalMs: number, percent = 5, random: () => number = Math.random): number {
  const spread = (intervalMs * percent) / 100;
  return Math.max(0, Math.round(intervalMs - spread + random() * 2 * spread));
}
