// Helm's debug log of install, upgrade, rollback and uninstall: what `helm --debug` (v4.1.4)
// prints for the same steps on the same test server is the expected value. The lines that
// only the helm CLI writes (chart loading) are left out, and so are the `waiting for resource`
// lines of the status watcher, whose number depends on timing; their form is checked apart.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { install, rollback, runTests, uninstall, upgrade, type ActionConfig } from '../../../src/helm/action/index.js';
import { textLine } from '../../../src/helm/action/log.js';
import { CHART_DIR, startHarness, type Harness } from './harness.js';
import { helmRunner, type HelmRun } from './helm-cli.js';

const CHART = fileURLToPath(new URL('../../../examples/charts/grade-api', import.meta.url));
const ns = 'default';
const CLI_ONLY = /^level=DEBUG msg="(Original chart version|Chart path|chart name|unmarshalled JSON schema|number of dependencies in the chart)"/;
const WATCHER = /^level=DEBUG msg="waiting for resource" /;

let h: Harness;
let helm: (...args: string[]) => Promise<HelmRun>;
beforeAll(async () => {
  h = await startHarness({ unpullableImage: /:does-not-exist$/ });
  helm = helmRunner(h.server.kubeconfigPath);
});
afterAll(async () => {
  await h?.close();
});

/** The debug lines of a helm run, with the release name as NAME. */
async function helmLines(name: string, ...args: string[]): Promise<{ lines: string[]; watcher: string[] }> {
  const r = await helm(...args, '--debug');
  const all = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('level='))
    .filter((l) => !CLI_ONLY.test(l))
    .map((l) => l.replaceAll(name, 'NAME'));
  return { lines: all.filter((l) => !WATCHER.test(l)), watcher: all.filter((l) => WATCHER.test(l)) };
}

/** Runs a flux-ts action with a config that records its debug lines the same way. */
async function ourLines(name: string, run: (cfg: ActionConfig) => Promise<unknown>): Promise<{ lines: string[]; watcher: string[] }> {
  const all: string[] = [];
  const cfg: ActionConfig = { ...h.cfg(ns), log: (r) => all.push(textLine(r).replaceAll(name, 'NAME')) };
  await run(cfg).catch(() => undefined);
  return { lines: all.filter((l) => !WATCHER.test(l)), watcher: all.filter((l) => WATCHER.test(l)) };
}

const source = (name: string, values: Record<string, unknown> = {}) => h.source(name, ns, values, CHART);

describe('Helm debug log lines', () => {
  it('install, upgrade, rollback and uninstall log what helm logs', async () => {
    const steps: Array<[string, string[], (cfg: ActionConfig) => Promise<unknown>]> = [
      ['install', ['install', 'helmrel', CHART, '-n', ns, '--wait', '--timeout', '30s', '--force-conflicts'], (cfg) => install(cfg, source('fluxrel'), { name: 'fluxrel', namespace: ns, timeoutMs: 30_000 })],
      [
        'upgrade',
        ['upgrade', 'helmrel', CHART, '-n', ns, '--wait', '--timeout', '30s', '--force-conflicts', '--reset-values', '--set', 'ingress.enabled=true'],
        (cfg) => upgrade(cfg, source('fluxrel', { ingress: { enabled: true } }), { name: 'fluxrel', namespace: ns, timeoutMs: 30_000 }),
      ],
      ['rollback', ['rollback', 'helmrel', '1', '-n', ns, '--wait', '--timeout', '30s', '--force-conflicts'], (cfg) => rollback(cfg, { name: 'fluxrel', version: 1, timeoutMs: 30_000 })],
      ['uninstall', ['uninstall', 'helmrel', '-n', ns, '--wait', '--timeout', '30s'], (cfg) => uninstall(cfg, { name: 'fluxrel', timeoutMs: 30_000 })],
    ];
    for (const [step, args, run] of steps) {
      const want = await helmLines('helmrel', ...args);
      const got = await ourLines('fluxrel', run);
      expect({ step, lines: got.lines }).toEqual({ step, lines: want.lines });
    }
  });

  it('a failed wait logs the resources it waited for, and the upgrade failure as a warning', async () => {
    await helm('install', 'helmfail', CHART, '-n', ns, '--wait', '--timeout', '30s');
    await install(h.cfg(ns), source('fluxfail'), { name: 'fluxfail', namespace: ns, timeoutMs: 30_000 });
    const bad = { image: { tag: 'does-not-exist' } };
    const want = await helmLines('helmfail', 'upgrade', 'helmfail', CHART, '-n', ns, '--wait', '--timeout', '2s', '--force-conflicts', '--reset-values', '--set', 'image.tag=does-not-exist');
    const got = await ourLines('fluxfail', (cfg) => upgrade(cfg, source('fluxfail', bad), { name: 'fluxfail', namespace: ns, timeoutMs: 2_000 }));
    expect(got.lines).toEqual(want.lines);
    expect(got.lines[got.lines.length - 1]).toMatch(/^level=WARN msg="upgrade failed" name=NAME error="resource Deployment\/default\/NAME-grade-api not ready\. status: InProgress, message: [^"]+\\ncontext deadline exceeded"$/);
    // The status watcher's lines: same form, the Deployment still in progress at the end.
    const inProgress = 'level=DEBUG msg="waiting for resource" namespace=default name=NAME-grade-api kind=Deployment expectedStatus=Current actualStatus=InProgress';
    expect(want.watcher).toContain(inProgress);
    expect(got.watcher).toContain(inProgress);
  });

  it('hooks: deleted before creation, created, waited for; a failed pre-upgrade hook fails the upgrade', async () => {
    // The fixture chart's pre-upgrade hook Job runs the chart's image; this one never completes.
    await helm('install', 'hookhelm', CHART_DIR, '-n', ns, '--wait', '--timeout', '30s');
    await install(h.cfg(ns), h.source('hookflux', ns), { name: 'hookflux', namespace: ns, timeoutMs: 30_000 });
    const want = await helmLines('hookhelm', 'upgrade', 'hookhelm', CHART_DIR, '-n', ns, '--wait', '--timeout', '2s', '--force-conflicts', '--reset-values', '--set', 'image=x:does-not-exist');
    const got = await ourLines('hookflux', (cfg) => upgrade(cfg, h.source('hookflux', ns, { image: 'x:does-not-exist' }), { name: 'hookflux', namespace: ns, timeoutMs: 2_000 }));
    expect(got.lines).toEqual(want.lines);
    expect(got.lines).toContain('level=DEBUG msg="ignoring delete failure" namespace=default name=NAME-migrate kind=Job error="jobs.batch \\"NAME-migrate\\" not found"');
  });

  it('helm test: the test hook replaced, created and waited for', async () => {
    await helm('install', 'testhelm', CHART_DIR, '-n', ns, '--wait', '--timeout', '30s');
    await install(h.cfg(ns), h.source('testflux', ns), { name: 'testflux', namespace: ns, timeoutMs: 30_000 });
    const want = await helmLines('testhelm', 'test', 'testhelm', '-n', ns, '--timeout', '30s');
    const got = await ourLines('testflux', (cfg) => runTests(cfg, { name: 'testflux', timeoutMs: 30_000 }));
    expect(got.lines).toEqual(want.lines);
    expect(got.lines[0]).toBe('level=DEBUG msg="starting delete resource" namespace=default name=NAME-test kind=Pod');
  });

  it('an upgrade prunes what left the chart and keeps what says resource-policy keep', async () => {
    await helm('install', 'prunehelm', CHART_DIR, '-n', ns, '--wait', '--timeout', '30s');
    await install(h.cfg(ns), h.source('pruneflux', ns), { name: 'pruneflux', namespace: ns, timeoutMs: 30_000 });
    const values = { extra: false, kept: false };
    const want = await helmLines('prunehelm', 'upgrade', 'prunehelm', CHART_DIR, '-n', ns, '--wait', '--timeout', '30s', '--force-conflicts', '--reset-values', '--set', 'extra=false,kept=false');
    const got = await ourLines('pruneflux', (cfg) => upgrade(cfg, h.source('pruneflux', ns, values), { name: 'pruneflux', namespace: ns, timeoutMs: 30_000 }));
    expect(got.lines).toEqual(want.lines);
    expect(got.lines).toContain('level=DEBUG msg="skipping delete due to annotation" namespace=default name=NAME-kept kind=ConfigMap annotation=helm.sh/resource-policy value=keep');
  });
});
