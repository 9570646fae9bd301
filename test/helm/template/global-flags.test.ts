// helm's global flags on `flux-ts template`: --debug, --qps, --burst-limit, --color/--colour
// (and the path flags, in repo-chart.test.ts): values checked as pflag parses them, HELM_*
// defaults, and what --debug prints, compared with helm v4.1.4 run on the same arguments.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGISTRY_USER, startRegistry } from '../../support/servers/registry.js';
import { helmBin } from '../../support/tools.js';
import { defaultTemplateEnv } from '../../../src/helm/template/env.js';
import { parseTemplateArgs } from '../../../src/helm/template/flags.js';
import { runTemplate } from '../../../src/helm/template/run.js';
import { comparable, fluxCommand, helmEnv, helmTemplate, type Printed } from './helm-live.js';

const charts = join(import.meta.dirname, '../../fixtures/render/charts');
const basic = join(charts, 'basic');

async function same(args: string[], env: NodeJS.ProcessEnv = helmEnv()): Promise<Printed> {
  const [helm, ours] = [await helmTemplate(args, charts, env), await fluxCommand(args, env)];
  expect(comparable(ours)).toEqual(comparable(helm));
  return helm;
}

/** runTemplate printed as the CLI prints it, stdout kept when it fails (--debug prints there). */
async function flux(args: string[], env: NodeJS.ProcessEnv): Promise<Printed> {
  const r = await runTemplate(parseTemplateArgs(args), defaultTemplateEnv(charts, {}, { env }));
  return { stdout: r.stdout, stderr: r.warnings.map((w) => `${w}\n`).join('') + (r.error !== undefined ? `Error: ${r.error}\n` : ''), status: r.error !== undefined ? 1 : 0 };
}

describe('helm global flags on template', () => {
  it('--qps (float32) and --burst-limit (int) take what pflag takes, and fail as it fails', async () => {
    for (const v of ['x', '1e40', '1e3', '0x1p3', '1_0', 'inf', '-1', '']) await same(['rel', basic, `--qps=${v}`]);
    for (const v of ['1.5', '0x10', '1_000', '99999999999999999999', '-5', 'x']) await same(['rel', basic, `--burst-limit=${v}`]);
    await same(['rel', basic, '--qps', '2.5', '--burst-limit', '7']);
  });

  it('boolean flags take pflag\'s `--flag=value` form', async () => {
    for (const v of ['false', 'true', '1', 'F', 'x']) await same(['rel', basic, `--debug=${v}`]);
    await same(['rel', basic, '--include-crds=false', '--skip-tests=1']);
  });

  it('--color / --colour: never, auto or always; anything else fails before the command runs', async () => {
    for (const a of [['--color', 'never'], ['--colour=always'], ['--color=auto']]) await same(['rel', basic, ...a]);
    await same(['rel', basic], helmEnv({ HELM_COLOR: 'bogus' }));
    for (const [args, extra] of [
      [['--color', 'bad'], {}],
      [['--colour=ALWAYS'], {}],
      [['--color', 'bad'], { NO_COLOR: '1' }],
    ] as const) {
      const env = helmEnv(extra);
      const [helm, ours] = [await helmTemplate(['rel', basic, ...args], charts, env), await fluxCommand(['rel', basic, ...args], env)];
      // helm logs the failure (slog WARN "command failed") where other errors print "Error:".
      const text = `invalid color mode ${JSON.stringify(args.join('=').replace(/^--colou?r=/, ''))}: must be one of: never, auto, always`;
      expect(helm).toEqual({ stdout: '', stderr: `level=WARN msg="command failed" error=${JSON.stringify(text)}\n`, status: 1 });
      expect(ours).toEqual({ stdout: '', stderr: `Error: ${text}\n`, status: 1 });
    }
  });

  it('--debug (or HELM_DEBUG) logs the chart version, path and dependencies at debug level', async () => {
    const helm = await same(['rel', basic, '--debug']);
    expect(helm.stderr).toContain('level=DEBUG msg="Chart path"');
    await same(['rel', basic], helmEnv({ HELM_DEBUG: 'true' }));
    await same(['rel', basic, '--debug=false'], helmEnv({ HELM_DEBUG: '1' }));
    await same(['rel', basic, '--debug', '--devel']);
    await same(['rel', basic, '--debug', '--version', '1.0', '--devel']);
    await same(['rel', join(charts, 'missing-dep'), '--debug']);
    // Schema validation logs each schema it reads, unless it is skipped.
    const withSchema = join(import.meta.dirname, '../../fixtures/charts/archives/grade-api-1.0.0.tgz');
    expect((await same(['rel', withSchema, '--debug'])).stderr).toContain('msg="unmarshalled JSON schema"');
    await same(['rel', withSchema, '--debug', '--skip-schema-validation']);
    await same(['rel', join(charts, 'nope'), '--debug']);
  });

  it('--debug prints what the release holds when rendering fails, without the hint', async () => {
    const env = helmEnv();
    for (const args of [
      ['rel', 'err-nil-pointer', '--debug'],
      ['rel', 'err-yaml', '--debug'],
      ['rel', 'err-yaml', '--debug', '-s', 'templates/t.yaml'],
      ['rel', 'err-yaml', '--debug', '-s', 'templates/none.yaml'],
      ['rel', 'err-yaml'],
    ]) {
      const [helm, ours] = [await helmTemplate(args, charts, env), await flux(args, env)];
      expect(ours).toEqual(helm);
    }
  });
});

describe('--registry-config', () => {
  it('names the registry login file the oci:// chart download authenticates with', async () => {
    const registry = await startRegistry({ auth: 'htpasswd' });
    const home = mkdtempSync(join(tmpdir(), 'flux-ts-registry-config-'));
    try {
      const archive = join(import.meta.dirname, '../../fixtures/charts/archives/grade-api-1.0.0.tgz');
      const { username, password } = REGISTRY_USER;
      const login = join(home, 'login.json');
      writeFileSync(login, JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from(`${username}:${password}`).toString('base64') } } }));
      const env = helmEnv();
      const pushed = await runHelm(['push', archive, `oci://${registry.host}/charts`, '--plain-http', '--registry-config', login], env);
      expect(pushed.status).toBe(0);
      const args = ['rel', `oci://${registry.host}/charts/grade-api`, '--version', '1.0.0', '--plain-http'];
      const [helm, ours] = [await helmTemplate([...args, '--registry-config', login], home, env), await fluxCommand([...args, '--registry-config', login], env)];
      expect(helm.status).toBe(0);
      expect(ours).toEqual(helm);
      // Without it, the registry refuses both.
      const [helmAnon, oursAnon] = [await helmTemplate(args, home, env), await fluxCommand(args, env)];
      expect(helmAnon.status).toBe(1);
      expect(oursAnon.status).toBe(1);
    } finally {
      await registry.stop();
      rmSync(home, { recursive: true, force: true });
    }
  });
});

function runHelm(args: string[], env: NodeJS.ProcessEnv): Promise<Printed> {
  return new Promise((resolve, reject) => {
    const child = spawn(helmBin, args, { env });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ stdout, stderr, status: code ?? -1 }));
  });
}
