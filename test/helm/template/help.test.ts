// `flux-ts template --help` names each flag as `helm template --help` (helm v4.1.4, run here)
// does: the short form, the pflag type word (string, strings, stringArray, stringToString,
// helm's own postRendererString / WaitStrategy ...), the bare-flag value of optional-value flags
// (`string[="unset"]`, `WaitStrategy[=watcher]`) and `(default [])` for the list types that
// print one, with helm's descriptions (help-layout.test.ts compares whole sections).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { helmBin } from '../../support/tools.js';
import { runCli } from '../../cli/io.js';
import { helmEnv } from './helm-live.js';

interface FlagLine {
  /** `-a, --api-versions strings`: everything before the description. */
  head: string;
  emptyListDefault: boolean;
}

/** The Flags section of a cobra help text, by long flag name. */
function flagLines(help: string): Map<string, FlagLine> {
  const section = help.slice(help.indexOf('\nFlags:\n') + '\nFlags:\n'.length, help.indexOf('\n\nGlobal Flags:'));
  const out = new Map<string, FlagLine>();
  for (const line of section.split('\n')) {
    const m = /^ {2}((?:-\w, | {4})--([\w-]+)(?: \S+)?) {3,}/.exec(line);
    if (m) out.set(m[2]!, { head: m[1]!.trim(), emptyListDefault: line.endsWith(' (default [])') });
  }
  return out;
}

describe('flux-ts template --help flag names and types', () => {
  const helm = flagLines(execFileSync(helmBin, ['template', '--help'], { env: helmEnv(), encoding: 'utf8' }));

  it('match helm’s for every flag both have', async () => {
    const ours = flagLines((await runCli(['template', '--help'])).stdout);
    const shared = [...ours.keys()].filter((name) => helm.has(name));
    // Nearly all of helm template's own flags are there (--timeout is flux-ts's global flag).
    expect(shared.length).toBeGreaterThan(45);
    for (const name of shared) expect(ours.get(name), name).toEqual(helm.get(name));
  });

  it('include the forms pflag prints for optional values and empty lists', () => {
    expect(helm.get('dry-run')?.head).toBe('--dry-run string[="unset"]');
    expect(helm.get('wait')?.head).toBe('--wait WaitStrategy[=watcher]');
    expect(helm.get('labels')).toEqual({ head: '-l, --labels stringToString', emptyListDefault: true });
  });
});

describe('flux-ts template --help defaults', () => {
  it('come from the environment the CLI runs with, as helm’s come from its own', async () => {
    const env = { HOME: '/home/ana', HELM_NAMESPACE: 'team-a', HELM_REPOSITORY_CONFIG: '/etc/helm/repositories.yaml' };
    const helm = execFileSync(helmBin, ['template', '--help'], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
    const ours = (await runCli(['template', '--help'], env)).stdout;
    const globalFlag = (help: string, name: string) => help.split('\n').find((l) => l.trimStart().startsWith(name));
    for (const name of ['--repository-config', '--repository-cache', '--registry-config']) {
      expect(globalFlag(ours, name), name).toBe(globalFlag(helm, name));
    }
    expect(globalFlag(ours, '--repository-config')).toContain('(default "/etc/helm/repositories.yaml")');
    expect(globalFlag(ours, '--repository-cache')).toContain('/home/ana/');
  });
});
