// Controller processes end to end: the API test server, `flux-ts install`, controller child
// processes and the CLI. SIGTERM lets the in-flight reconcile finish and releases the Lease; a
// controller killed mid-reconcile is replaced by a standby that finishes the work; two
// processes never reconcile at the same time.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TestApiServer } from '../../support/apiserver/index.js';
import { flux } from '../../commands/reconcile/harness.js';
import { startInstalled } from '../../controller/support/rig.js';
import { until } from '../../controller/support/recording-reconciler.js';

const SCRIPT = new URL('./controller-process.ts', import.meta.url).pathname;
interface Event { label: string; key: string; phase: 'start' | 'end'; at: number }

function readEvents(file: string): Event[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Event);
}

function ready(server: TestApiServer, ns: string, name: string): { status: string; message?: string } | undefined {
  const hr = server.store.get('helm.toolkit.fluxcd.io/v2', 'HelmRelease', name, ns) as unknown as { status?: { conditions?: { type: string; status: string; message?: string }[] } } | undefined;
  return hr?.status?.conditions?.find((c) => c.type === 'Ready');
}

describe('flux-ts controller processes', () => {
  let server: TestApiServer;
  const children: ChildProcess[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'flux-ts-e2e-'));
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
    await server?.close();
  });

  function startProcess(label: string, events: string, delayMs: number): { child: ChildProcess; exited: Promise<number | null>; stderr: () => string } {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
      env: { ...process.env, KUBECONFIG: server.kubeconfigPath, LABEL: label, EVENTS_FILE: events, DELAY_MS: String(delayMs) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    children.push(child);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, exited, stderr: () => err };
  }

  it('SIGTERM lets the in-flight reconcile finish and hands the Lease over', async () => {
    server = await startInstalled(['--allow-namespace-cross-references']);
    const events = join(dir, 'sigterm.jsonl');
    const a = startProcess('a', events, 1500);
    await until(() => readEvents(events).some((e) => e.phase === 'start'), 20_000, 'a reconcile to start');
    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    const evs = readEvents(events);
    const started = evs.filter((e) => e.phase === 'start').map((e) => e.key);
    const ended = evs.filter((e) => e.phase === 'end').map((e) => e.key);
    expect(ended.sort()).toEqual(started.sort());
    const lease = server.store.get('coordination.k8s.io/v1', 'Lease', 'flux-ts-controller-leader-election', 'flux-system') as unknown as { spec: { holderIdentity?: string } };
    expect(lease.spec.holderIdentity ?? '').toBe('');
    expect(a.stderr()).toContain('"msg":"all workers finished"');
  }, 60_000);

  it('a controller killed mid-reconcile is replaced and the object still gets reconciled; two never reconcile at once', async () => {
    server = await startInstalled(['--allow-namespace-cross-references']);
    const events = join(dir, 'restart.jsonl');
    const a = startProcess('a', events, 1500);
    const b = startProcess('b', events, 1500);
    await until(() => readEvents(events).some((e) => e.phase === 'start'), 20_000, 'first reconcile to start');
    const leader = readEvents(events)[0]?.label;
    const victim = leader === 'a' ? a : b;
    // The leader is inside a 1.5s reconcile now: kill it there.
    expect(readEvents(events).some((e) => e.phase === 'end')).toBe(false);
    const killedAt = Date.now();
    victim.child.kill('SIGKILL');
    await victim.exited;
    await until(() => ready(server, 'flux-system', 'podinfo')?.status === 'True' && ready(server, 'apps', 'frontend')?.status === 'True', 30_000, 'both HelmReleases Ready');
    const out = await flux(server, ['reconcile', 'hr', 'podinfo', '-n', 'flux-system']);
    expect(out.code).toBe(0);
    // Per process, reconciles happen only while it leads: no interval of one overlaps the other's.
    const evs = readEvents(events);
    const spans = (label: string) => {
      const open = new Map<string, number>();
      const out: [number, number][] = [];
      for (const e of evs.filter((x) => x.label === label)) {
        if (e.phase === 'start') open.set(e.key, e.at);
        else out.push([open.get(e.key) ?? e.at, e.at]);
      }
      // A reconcile still open was cut short by the kill (or is the survivor's, still running).
      for (const at of open.values()) out.push([at, label === leader ? killedAt : Number.POSITIVE_INFINITY]);
      return out;
    };
    const [sa, sb] = [spans('a'), spans('b')];
    for (const [s1, e1] of sa) for (const [s2, e2] of sb) expect(s1 < e2 && s2 < e1, `a [${s1},${e1}] overlaps b [${s2},${e2}]`).toBe(false);
    expect(evs.some((e) => e.label !== leader && e.phase === 'end')).toBe(true);
  }, 90_000);
});
