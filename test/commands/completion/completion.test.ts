// Shell completion: the scripts in completions/ are what `flux-ts completion` prints, and the
// bash script, run by a real bash against the built CLI, completes commands, flags, flag values,
// namespaces and object names from the cluster.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completionScript } from '../../../src/commands/completion-scripts.js';
import { flux, render, startRig, type Rig } from '../reconcile/harness.js';

const FILES = { bash: 'completions/flux-ts.bash', zsh: 'completions/_flux-ts', fish: 'completions/flux-ts.fish', powershell: 'completions/flux-ts.ps1' } as const;
const NS = 'thrfg';
/** zsh and fish are not on every CI image (scripts/ci-deps.sh installs them with apt). */
const has = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;

describe('flux-ts completion', () => {
  let rig: Rig;
  let binDir: string;
  beforeAll(async () => {
    const objects = readFileSync(new URL('../reconcile/fixtures/objects.yaml', import.meta.url), 'utf8');
    rig = await startRig(render(objects, { ns: NS }));
    binDir = mkdtempSync(join(tmpdir(), 'flux-ts-bin-'));
    symlinkSync(resolve('bin/flux-ts'), join(binDir, 'flux-ts'));
  });
  afterAll(async () => {
    await rig.close();
  });

  for (const [shell, path] of Object.entries(FILES)) {
    it(`${path} is up to date (node scripts/gen-completions.mjs)`, async () => {
      const out = await flux(rig.server, ['completion', shell]);
      expect(out.code).toBe(0);
      expect(out.stdout).toBe(completionScript(shell as keyof typeof FILES));
      expect(readFileSync(path, 'utf8')).toBe(out.stdout);
    });
  }

  it('has one sub-command per shell, as flux: an unknown shell is an unknown command, none prints the help', async () => {
    expect(await flux(rig.server, ['completion', 'tcsh'])).toMatchObject({ code: 1, stdout: '', stderr: '✗ unknown command "tcsh" for "flux-ts completion"\n' });
    const help = await flux(rig.server, ['completion']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('\nAvailable Commands:\n  bash        Generates bash completion scripts\n  fish        Generates fish completion scripts\n  powershell  Generates powershell completion scripts\n  zsh         Generates zsh completion scripts\n');
    expect((await flux(rig.server, ['__complete', '--', 'completion', 'p'])).stdout).toBe('powershell\n:4\n');
  });

  it('__complete answers in cobra’s format', async () => {
    expect((await flux(rig.server, ['__complete', '--', 'rec'])).stdout).toBe('reconcile\n:4\n');
    // Sub-commands in name order, as cobra lists them.
    expect((await flux(rig.server, ['__complete', '--', 'reconcile', 'source', ''])).stdout).toBe('bucket\nchart\ngit\nhelm\noci\n:4\n');
    expect((await flux(rig.server, ['__complete', '--', 'get', 'hr', '-o', ''])).stdout).toBe('table\njson\nyaml\n:4\n');
    expect((await flux(rig.server, ['__complete', '--', 'reconcile', 'hr', '--w'])).stdout).toBe('--with-source\n:4\n');
    expect((await flux(rig.server, ['__complete', '--', 'reconcile', 'hr', '--namespace', NS, 'thrfg', ''])).stdout).toBe(':4\n');
    expect((await flux(rig.server, ['__complete', '--', 'suspend', 'hr', '-n', NS, 'thrfg', ''])).stdout).toBe('from-artifact\nfrom-ghcr\nfrom-oci\npaused\nthrfg\n:4\n');
    expect((await flux(rig.server, ['__complete', '--', 'get', 'hr', '--kubeconfig', ''])).stdout).toBe(':0\n');
    expect((await flux(rig.server, ['__complete', '--', 'get', 'hr', '--context', ''])).stdout).toBe('test\n:4\n');
  });

  function bashComplete(line: string[]): Promise<string[]> {
    const words = line.map((w) => `'${w}'`).join(' ');
    const script = `source ${resolve(FILES.bash)}; COMP_WORDS=(${words}); COMP_CWORD=${line.length - 1}; __flux_ts_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
    return new Promise((res, rej) => {
      execFile('bash', ['--norc', '-c', script], { env: { PATH: `${binDir}:${process.env.PATH}`, HOME: '/nonexistent-home', KUBECONFIG: rig.server.kubeconfigPath } }, (err, stdout) => {
        if (err) rej(err);
        else res(stdout.split('\n').filter((l) => l !== ''));
      });
    });
  }

  it('bash completes commands, namespaces and names live from the cluster', async () => {
    expect(await bashComplete(['flux-ts', 'res'])).toEqual(['resume']);
    expect(await bashComplete(['flux-ts', 'reconcile', 'hr', '-n', 'th'])).toEqual([NS]);
    expect(await bashComplete(['flux-ts', 'reconcile', 'hr', '-n', NS, ''])).toEqual(['from-artifact', 'from-ghcr', 'from-oci', 'paused', 'thrfg']);
    expect(await bashComplete(['flux-ts', 'describe', 'hr', '-n', NS, 'pa'])).toEqual(['paused']);
    // bash splits --namespace=value into three words.
    expect(await bashComplete(['flux-ts', 'get', 'hr', '--namespace', '=', 'th'])).toEqual([NS]);
    expect(await bashComplete(['flux-ts', 'get', 'hr', '--namespace', '=', NS, 'th'])).toEqual(['thrfg']);
  });

  function shell(cmd: string, args: string[]): Promise<string[]> {
    return new Promise((res, rej) => {
      execFile(cmd, args, { env: { PATH: `${binDir}:${process.env.PATH}`, HOME: '/nonexistent-home', KUBECONFIG: rig.server.kubeconfigPath } }, (err, stdout) => {
        if (err) rej(err);
        else res(stdout.split('\n').filter((l) => l !== ''));
      });
    });
  }

  it.runIf(has('zsh'))('zsh completes object names live from the cluster', async () => {
    // compadd is zsh's completion builtin; outside a completion widget it is replaced by a printer.
    const script = `source ${resolve(FILES.zsh)} 2>/dev/null; compadd() { shift 2; printf '%s\\n' "$@"; }; words=(flux-ts reconcile hr -n ${NS} th); CURRENT=6; __flux_ts_complete`;
    expect(await shell('zsh', ['-f', '-c', script])).toEqual(['thrfg']);
  });

  it.runIf(has('fish'))('fish completes sub-commands and object names', async () => {
    const source = `source ${resolve(FILES.fish)}`;
    expect(await shell('fish', ['--no-config', '-c', `${source}; complete -C 'flux-ts sus'`])).toEqual(['suspend']);
    expect(await shell('fish', ['--no-config', '-c', `${source}; complete -C 'flux-ts resume hr -n ${NS} '`])).toEqual(['from-artifact', 'from-ghcr', 'from-oci', 'paused', 'thrfg']);
  });
});
