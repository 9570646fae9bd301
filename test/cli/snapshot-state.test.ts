// What a process started from a start-up snapshot reads from its own world, not from the one
// that built the snapshot: the clock (now's monotonic reading counts from this process's
// start), TZ (now's zone, fromToml's local date-times), zone files and random sources.
// Two snapshots: the CLI's own (bin/flux-ts, built by `npm run build`, whose warm-up renders
// are deterministic) and a small one of the template engine whose warm-up calls every one of
// those functions (fixtures/snapshot-state/engine), so anything they cache is in the blob.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helmBin } from '../support/tools.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = realpathSync(`${ROOT}dist`);
const FIXTURES = `${ROOT}test/cli/fixtures/snapshot-state`;
const LAUNCHER = `${ROOT}bin/flux-ts`;
const exec = promisify(execFile);

interface TimedRun {
  stdout: string;
  /** Date.now() just before the process was started and just after it ended. */
  startedMs: number;
  endedMs: number;
  /** How long the process was alive, as far as this test can tell (an upper bound). */
  aliveNs: bigint;
}

async function timedRun(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<TimedRun> {
  const startedMs = Date.now();
  const t0 = process.hrtime.bigint();
  const { stdout, stderr } = await exec(file, args, { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', ...env } });
  const aliveNs = process.hrtime.bigint() - t0;
  const endedMs = Date.now();
  expect(stderr).toBe('');
  return { stdout, startedMs, endedMs, aliveNs };
}

/** The value of `key: value` in rendered YAML (a quoted value unquoted). */
function field(rendered: string, key: string): string {
  const m = new RegExp(`^${key}: (.*)$`, 'm').exec(rendered);
  if (!m) throw new Error(`no ${key}: in\n${rendered}`);
  const v = m[1]!;
  return v.startsWith('"') ? (JSON.parse(v) as string) : v;
}

/** now's monotonic reading (Go prints it as m=+SECONDS), in nanoseconds. */
function monotonicNs(now: string): bigint {
  const m = /m=\+(\d+)\.(\d{9})$/.exec(now);
  if (!m) throw new Error(`no monotonic reading in ${now}`);
  return BigInt(m[1]!) * 1_000_000_000n + BigInt(m[2]!);
}

/** now read inside a process: counted from that process's start, at the wall clock of its run. */
function expectClockOf(run: TimedRun): void {
  expect(monotonicNs(field(run.stdout, 'now'))).toBeLessThanOrEqual(run.aliveNs);
  const epoch = Number(field(run.stdout, 'epoch'));
  expect(epoch).toBeGreaterThanOrEqual(Math.floor(run.startedMs / 1000));
  expect(epoch).toBeLessThanOrEqual(Math.ceil(run.endedMs / 1000));
}

async function helmTemplate(chart: string, env: NodeJS.ProcessEnv): Promise<string> {
  return (await timedRun(helmBin, ['template', chart], env)).stdout;
}

const ZONES = ['Asia/Tokyo', 'America/New_York'];

describe('bin/flux-ts template from the start-up snapshot', () => {
  it('starts from the template snapshot (or this file tests the ESM bundle only)', () => {
    expect(existsSync(`${DIST}/snapshot/template.blob`)).toBe(true);
  });

  it("now: the monotonic reading counts from this process's start, the wall clock is now", async () => {
    expectClockOf(await timedRun(LAUNCHER, ['template', `${FIXTURES}/clock`], {}));
  });

  it.each(ZONES)("TZ=%s at run time: now's zone and fromToml's local date-times, as helm's", async (TZ) => {
    const clock = await timedRun(LAUNCHER, ['template', `${FIXTURES}/clock`], { TZ });
    expect(field(clock.stdout, 'zone')).toBe(field(await helmTemplate(`${FIXTURES}/clock`, { TZ }), 'zone'));
    const toml = await timedRun(LAUNCHER, ['template', `${FIXTURES}/toml`], { TZ });
    expect(toml.stdout).toBe(await helmTemplate(`${FIXTURES}/toml`, { TZ }));
  });
});

describe('template engine state cached while a snapshot is built', () => {
  const CHART = `${FIXTURES}/engine`;
  const TEMPLATE = `${CHART}/templates/warm.yaml`;
  let dir: string;
  let blob: string;
  let zoneinfo: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flux-ts-snapshot-state-'));
    const bundle = join(dir, 'entry.cjs');
    const entry = `${CHART}/entry.ts`;
    // One CommonJS file, as node --build-snapshot needs; modules that createRequire() from
    // their own URL resolve from the sources' place (node_modules of this project).
    await build({
      entryPoints: [entry],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'error',
      define: { 'import.meta.url': JSON.stringify(pathToFileURL(entry).href) },
    });
    blob = join(dir, 'engine.blob');
    zoneinfo = join(dir, 'zoneinfo');
    mkdirSync(zoneinfo);
    // Built in UTC, with no Snapshot/Test zone: the warm-up render caches what it found.
    const env = { ...process.env, NODE_OPTIONS: '', TZ: 'UTC', ZONEINFO: zoneinfo };
    await exec(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', bundle, TEMPLATE], { cwd: dir, env });
    // The zone appears after the build (as after `apt upgrade tzdata`).
    mkdirSync(join(zoneinfo, 'Snapshot'));
    copyFileSync('/usr/share/zoneinfo/Asia/Kolkata', join(zoneinfo, 'Snapshot', 'Test'));
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const fromBlob = (env: NodeJS.ProcessEnv): Promise<TimedRun> => timedRun(process.execPath, ['--snapshot-blob', blob, '--', TEMPLATE], { ZONEINFO: zoneinfo, ...env });

  it("now anchors its clock in the process that reads it, not in the snapshot's builder", async () => {
    expectClockOf(await fromBlob({ TZ: 'UTC' }));
  });

  it.each(ZONES)("TZ=%s at run time decides now's zone and fromToml's local zone, as helm's", async (TZ) => {
    const rendered = (await fromBlob({ TZ })).stdout;
    const helm = await helmTemplate(CHART, { TZ, ZONEINFO: zoneinfo });
    for (const key of ['zone', 'ldt']) expect(`${key}: ${field(rendered, key)}`).toBe(`${key}: ${field(helm, key)}`);
  });

  it('a zone file missing when the snapshot was built is read when it exists, as helm reads it', async () => {
    const rendered = (await fromBlob({ TZ: 'UTC' })).stdout;
    expect(field(rendered, 'inZone')).toBe(field(await helmTemplate(CHART, { TZ: 'UTC', ZONEINFO: zoneinfo }), 'inZone'));
    expect(field(rendered, 'inZone')).toBe('+05:30 IST');
  });

  it('uuidv4 draws new random bytes in every process', async () => {
    const [a, b] = await Promise.all([fromBlob({}), fromBlob({})]);
    expect(field(a.stdout, 'uuid')).not.toBe(field(b.stdout, 'uuid'));
  });
});
