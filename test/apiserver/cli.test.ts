// `npm run test-apiserver -- ...`: the server started by hand, as users and other tests do.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { kubectlBin } from '../support/tools.js';

const root = resolve(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const main = join(root, 'test', 'support', 'apiserver', 'main.ts');
const dir = mkdtempSync(join(tmpdir(), 'apiserver-cli-'));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) c.kill();
  rmSync(dir, { recursive: true, force: true });
});

function start(args: string[]): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(tsx, [main, ...args], { cwd: root });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((res, rej) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (m) res({ child, url: m[1]!, stderr: () => err });
    });
    child.on('exit', (code) => rej(new Error(`exited ${code}: ${err}`)));
  });
}

function kubectl(kubeconfig: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res) => {
    execFile(kubectlBin, ['--kubeconfig', kubeconfig, ...args], { env: { ...process.env, KUBECACHEDIR: join(dir, 'cache'), HOME: dir } }, (e, stdout, stderr) =>
      res({ code: e ? 1 : 0, stdout, stderr }),
    );
  });
}

describe('test-apiserver CLI', () => {
  it('loads CRDs then objects (status included), prints its URL and writes a kubeconfig', async () => {
    const kubeconfig = join(dir, 'kubeconfig');
    const { url } = await start(['--port', '0', '--load', 'test/fixtures/crds/flux-crds.yaml', '--load', 'test/fixtures/apiserver/podinfo-release.yaml', '--kubeconfig', kubeconfig]);
    const kc = parse(readFileSync(kubeconfig, 'utf8')) as { clusters: Array<{ cluster: Record<string, unknown> }>; 'current-context': string };
    expect(kc.clusters[0]!.cluster).toEqual({ server: url, 'insecure-skip-tls-verify': true });
    expect(kc['current-context']).toBe('test');
    const r = await kubectl(kubeconfig, 'get', 'hr', '-n', 'flux-system');
    expect(r.stdout).toMatch(/^NAME\s+AGE\s+READY\s+STATUS\npodinfo\s+\S+\s+True\s+Helm install succeeded for release flux-system\/podinfo\.v1 with chart podinfo@6\.7\.1\n$/);
    const repo = await kubectl(kubeconfig, 'get', 'helmrepo', 'podinfo', '-n', 'flux-system', '-o', 'jsonpath={.status.conditions[0].reason}');
    expect(repo.stdout).toBe('Succeeded');
  });

  it('fails with a one-line error naming the object it cannot load', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: example.com/v1\nkind: Gizmo\nmetadata:\n  name: g\n  namespace: default\n');
    const err = await start(['--load', bad]).catch((e: Error) => e.message);
    expect(err).toContain('✗ object 1 (Gizmo default/g): no resource for Gizmo in example.com/v1 (is its CustomResourceDefinition loaded first?)');
  });

  it('simulates workloads with --simulate-workloads and --unpullable-image', async () => {
    const kubeconfig = join(dir, 'kubeconfig-sim');
    await start(['--kubeconfig', kubeconfig, '--simulate-workloads', '--unpullable-image', ':broken$']);
    const deploy = (name: string, image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: default}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: app, image: "${image}"}]}
`;
    const f = join(dir, 'deploys.yaml');
    writeFileSync(f, `${deploy('good', 'nginx:1')}---\n${deploy('bad', 'nginx:broken')}`);
    expect((await kubectl(kubeconfig, 'apply', '-f', f)).code).toBe(0);
    const ok = await kubectl(kubeconfig, 'rollout', 'status', 'deployment/good', '--timeout=20s');
    expect(ok.stdout).toContain('deployment "good" successfully rolled out');
    const stuck = await kubectl(kubeconfig, 'rollout', 'status', 'deployment/bad', '--timeout=3s');
    expect(stuck.code).toBe(1);
    expect(stuck.stdout).toContain('Waiting for deployment "bad" rollout to finish: 0 of 1 updated replicas are available...');
  });
});
