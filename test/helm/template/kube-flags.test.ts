// Helm's connection settings for `template`: its --kube-* flags over HELM_KUBE* variables over
// flux-ts's global flags, and the release namespace Helm derives (-n, HELM_NAMESPACE, the
// kubeconfig context's, "default").
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { helmKubeFlags, helmNamespace, type HelmKubeFlags } from '../../../src/helm/template/kube-flags.js';
import { goExpand } from '../../../src/helm/template/postrender-plugin.js';

const none: HelmKubeFlags = { kubeAsGroups: [], kubeInsecureSkipTlsVerify: false };
const dir = mkdtempSync(join(tmpdir(), 'flux-ts-kube-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('helmKubeFlags', () => {
  it('maps HELM_KUBE* variables, and flags win over them and over flux-ts\'s globals', () => {
    const env = { HELM_KUBECONTEXT: 'from-env', HELM_KUBEAPISERVER: 'https://env:6443', HELM_KUBEASGROUPS: 'a,b', HELM_KUBEINSECURE_SKIP_TLS_VERIFY: 'true', HELM_KUBETOKEN: 't-env' };
    expect(helmKubeFlags(none, env, { context: 'global', kubeconfig: '/k' })).toEqual({
      context: 'from-env',
      kubeconfig: '/k',
      server: 'https://env:6443',
      token: 't-env',
      asGroups: ['a', 'b'],
      insecureSkipTlsVerify: true,
    });
    expect(helmKubeFlags({ ...none, kubeContext: 'flag', kubeAsGroups: ['c'], kubeCaFile: '/ca', kubeTlsServerName: 'n', kubeAsUser: 'u' }, env)).toMatchObject({
      context: 'flag',
      asGroups: ['c'],
      certificateAuthority: '/ca',
      tlsServerName: 'n',
      as: 'u',
    });
  });
});

describe('helmNamespace', () => {
  const kubeconfig = join(dir, 'config');
  writeFileSync(
    kubeconfig,
    'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://x"}}]\nusers: [{name: u, user: {}}]\ncontexts:\n- {name: a, context: {cluster: c, user: u, namespace: team-a}}\n- {name: b, context: {cluster: c, user: u}}\ncurrent-context: a\n',
  );
  it('-n first, then HELM_NAMESPACE, then the context\'s namespace, then "default"', () => {
    expect(helmNamespace('given', { kubeconfig }, { HELM_NAMESPACE: 'env' })).toBe('given');
    expect(helmNamespace(undefined, { kubeconfig }, { HELM_NAMESPACE: 'env' })).toBe('env');
    expect(helmNamespace(undefined, { kubeconfig }, {})).toBe('team-a');
    expect(helmNamespace(undefined, { kubeconfig, context: 'b' }, {})).toBe('default');
    expect(helmNamespace(undefined, { kubeconfig: join(dir, 'missing') }, {})).toBe('default');
  });
});

describe('goExpand (os.Expand for plugin commands)', () => {
  const vars: Record<string, string> = { HOME: '/h', A_B: 'x', '1': 'one' };
  const expand = (s: string): string => goExpand(s, (k) => vars[k] ?? '');
  it('expands $NAME, ${NAME} and one-character shell names; unknown names are empty', () => {
    expect(expand('${HOME}/bin/$A_B-$1 $NOPE.')).toBe('/h/bin/x-one .');
    expect(expand('cost: $')).toBe('cost: $');
    expect(expand('a${}b')).toBe('ab');
  });
});
