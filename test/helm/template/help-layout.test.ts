// `flux-ts template --help` prints the usage line, the Flags and the Global Flags of
// `helm template --help` (helm v4.1.4, run here with the same environment) byte for byte, the
// program name aside: helm's global flags in their own section, the defaults helm derives from
// HOME, GNUPGHOME, XDG_* and HELM_* (`--keyring`, the cache and config paths, ...). flux-ts's
// own description and Examples stay.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { helmBin } from '../../support/tools.js';

const bin = resolve(import.meta.dirname, '../../../bin/flux-ts');
const home = mkdtempSync(join(tmpdir(), 'flux-ts-help-home-'));

/** A clean environment: only PATH, HOME and what the case adds. */
function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: home, ...extra };
}

function helmHelp(e: NodeJS.ProcessEnv): string {
  return execFileSync(helmBin, ['template', '--help'], { env: e, encoding: 'utf8' });
}

function fluxTsHelp(e: NodeJS.ProcessEnv): string {
  return execFileSync(bin, ['template', '--help'], { env: e, encoding: 'utf8' });
}

/** The named cobra sections (`Usage:`, `Flags:`, ...) of a help text, without the others. */
function sections(help: string, names: readonly string[]): string {
  return help
    .split('\n\n')
    .filter((block) => names.some((name) => block.startsWith(`${name}:\n`)))
    .join('\n\n');
}

const COMPARED = ['Usage', 'Flags', 'Global Flags'];

describe('flux-ts template --help', () => {
  it('has helm’s usage line, Flags and Global Flags, with HOME-based defaults', () => {
    const want = sections(helmHelp(env()), COMPARED).replace('\n  helm template ', '\n  flux-ts template ');
    const got = fluxTsHelp(env());
    expect(sections(got, COMPARED)).toBe(want);
    expect(got).toContain(`--keyring string                             location of public keys used for verification (default "${home}/.gnupg/pubring.gpg")`);
    // flux-ts's own introduction and examples are still there.
    expect(got.startsWith('Locally render chart templates')).toBe(true);
    expect(got).toContain('\nExamples:\n');
  });

  it('takes the defaults from the environment as helm does', () => {
    const e = env({
      GNUPGHOME: join(home, 'gnupg'),
      XDG_CACHE_HOME: join(home, 'xdg-cache'),
      HELM_CONFIG_HOME: join(home, 'helm-config'),
      HELM_REPOSITORY_CACHE: join(home, 'repo-cache'),
      HELM_NAMESPACE: 'apps',
      HELM_DEBUG: 'true',
      HELM_QPS: '2.5',
      HELM_BURST_LIMIT: '7',
      HELM_KUBECONTEXT: 'kind-dev',
      HELM_KUBEASGROUPS: 'ops,dev',
      HELM_KUBEINSECURE_SKIP_TLS_VERIFY: 'true',
      NO_COLOR: '1',
    });
    const want = sections(helmHelp(e), COMPARED).replace('\n  helm template ', '\n  flux-ts template ');
    expect(want).toContain('(default "apps")');
    expect(sections(fluxTsHelp(e), COMPARED)).toBe(want);
  });

  it('never prints the HELM_KUBETOKEN bearer token, which helm shows as a default', () => {
    const e = env({ HELM_KUBETOKEN: 'token-s3cr3t' });
    expect(helmHelp(e)).toContain('token-s3cr3t');
    const got = fluxTsHelp(e);
    expect(got).not.toContain('token-s3cr3t');
    expect(got).toMatch(/\n {6}--kube-token string +bearer token used for authentication\n/);
  });
});
