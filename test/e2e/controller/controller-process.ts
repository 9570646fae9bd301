// A `flux-ts controller` process for end-to-end tests, with the test reconciler in place of
// the core: same runController, leader election, signals and servers as the command. Each
// reconcile appends `{"label","key","phase":"start"|"end","at"}` to $EVENTS_FILE so tests can
// check that two processes never reconcile at the same time.
import { appendFileSync } from 'node:fs';
import { connect } from '../../../src/cluster/connect.js';
import { createJsonLogger } from '../../../src/controller/log.js';
import { runController } from '../../../src/controller/run.js';
import type { ReconcileContext, ReconcileOutcome } from '../../../src/controller/reconciler.js';
import type { HelmRelease } from '../../../src/kinds/api-types.js';
import { RecordingReconciler } from '../../controller/support/recording-reconciler.js';

const env = process.env;
const label = env.LABEL ?? 'controller';
const events = env.EVENTS_FILE ?? '';
const { cluster } = await connect({ flags: { kubeconfig: env.KUBECONFIG ?? '' }, env: {} });

class LoggingReconciler extends RecordingReconciler {
  override async reconcile(hr: HelmRelease, ctx: ReconcileContext): Promise<ReconcileOutcome> {
    const key = `${hr.metadata.namespace}/${hr.metadata.name}`;
    const note = (phase: string) => events && appendFileSync(events, JSON.stringify({ label, key, phase, at: Date.now() }) + '\n');
    note('start');
    const out = await super.reconcile(hr, ctx);
    note('end');
    return out;
  }
}
const reconciler = new LoggingReconciler(cluster, label);
reconciler.delayMs = Number(env.DELAY_MS ?? '0');

const stop = new AbortController();
process.once('SIGTERM', () => stop.abort());
process.once('SIGINT', () => stop.abort());
const code = await runController({
  cluster,
  reconciler,
  log: createJsonLogger((l) => process.stderr.write(l), 'debug', { process: label }),
  runtimeNamespace: 'flux-system',
  concurrent: 4,
  metricsAddr: '127.0.0.1:0',
  healthAddr: '127.0.0.1:0',
  leaderElect: true,
  leaseDurationMs: 1500,
  renewDeadlineMs: 1000,
  retryPeriodMs: 200,
  identity: label,
  stop: stop.signal,
  onListening: (p) => process.stdout.write(`listening ${p.health}\n`),
});
cluster.close?.();
process.exit(code);
