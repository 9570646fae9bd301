// The machine's kubectl (v1.35) driven against the test server: what works against a real
// cluster must work here, with the same output.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadFluxCrds } from '../support/apiserver/flux-crds.js';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';
import { kubectlBin } from '../support/tools.js';
import { eventually } from './http.js';

type Obj = Record<string, any>;

let server: TestApiServer;
let dir: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function kubectl(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      kubectlBin,
      ['--kubeconfig', server.kubeconfigPath, ...args],
      { env: { ...process.env, KUBECACHEDIR: join(dir, 'cache'), HOME: dir }, timeout: 20_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const RELEASE = `apiVersion: v1
kind: Namespace
metadata:
  name: apps
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: podinfo
  namespace: apps
  labels:
    team: web
spec:
  interval: 5m
  chart:
    spec:
      chart: podinfo
      sourceRef:
        kind: HelmRepository
        name: podinfo
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: apps
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.25
        ports:
        - containerPort: 80
`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kubectl-test-'));
  server = await startApiServer({ objects: loadFluxCrds() });
  server.store.put({
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: 'seeded', namespace: 'flux-system', labels: { team: 'ops' } },
    spec: { interval: '1m', chart: { spec: { chart: 'x', sourceRef: { kind: 'HelmRepository', name: 'x' } } } },
    status: { observedGeneration: 1, conditions: [{ type: 'Ready', status: 'True', reason: 'InstallSucceeded', message: 'Helm install succeeded for release flux-system/seeded.v1 with chart x@1.0.0', lastTransitionTime: '2025-01-01T00:00:00Z' }] },
  });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('kubectl against the test server', () => {
  it('get by short name shows the CRD printer columns', async () => {
    const r = await kubectl('get', 'hr', '-n', 'flux-system');
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+AGE\s+READY\s+STATUS$/);
    expect(lines[1]).toMatch(/^seeded\s+\S+\s+True\s+Helm install succeeded for release flux-system\/seeded\.v1 with chart x@1\.0\.0$/);
  });

  it('get -A adds the NAMESPACE column; -l filters', async () => {
    const r = await kubectl('get', 'helmreleases.helm.toolkit.fluxcd.io', '-A', '-l', 'team=ops');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\s+NAME\s+AGE\s+READY\s+STATUS$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/).slice(0, 2).join('/'))).toEqual(['flux-system/seeded']);
    const none = await kubectl('get', 'hr', '-A', '-l', 'team=nobody');
    expect(none.stderr.trim()).toBe('No resources found');
  });

  it('apply (client-side) creates, then configures changed objects', async () => {
    const p = file('release.yaml', RELEASE);
    const first = await kubectl('apply', '-f', p);
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe('namespace/apps created\nhelmrelease.helm.toolkit.fluxcd.io/podinfo created\ndeployment.apps/web created\n');
    const same = await kubectl('apply', '-f', p);
    expect(same.stdout).toBe('namespace/apps unchanged\nhelmrelease.helm.toolkit.fluxcd.io/podinfo unchanged\ndeployment.apps/web unchanged\n');
    const changed = file('release2.yaml', RELEASE.replace('interval: 5m', 'interval: 10m').replace('replicas: 2', 'replicas: 3'));
    const second = await kubectl('apply', '-f', changed);
    expect(second.stdout).toBe('namespace/apps unchanged\nhelmrelease.helm.toolkit.fluxcd.io/podinfo configured\ndeployment.apps/web configured\n');
    const hr = server.store.get('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'podinfo', 'apps')!;
    expect((hr['spec'] as Obj).interval).toBe('10m');
    expect(hr.metadata.generation).toBe(2);
    expect(hr.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toContain('"interval":"10m"');
    expect((server.store.get('apps/v1', 'Deployment', 'web', 'apps')!['spec'] as Obj).replicas).toBe(3);
    // kubectl validated on the server side (fieldValidation=Strict), so it found the OpenAPI.
    expect(server.requests.some((q) => q.method === 'PATCH' && q.query['fieldValidation'] === 'Strict')).toBe(true);
  });

  it('apply --server-side records kubectl as an Apply manager', async () => {
    const p = file('ssa.yaml', RELEASE.replace('interval: 5m', 'interval: 10m').replace('replicas: 2', 'replicas: 3').replace('nginx:1.25', 'nginx:1.26'));
    const r = await kubectl('apply', '--server-side', '-f', p);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('namespace/apps serverside-applied\nhelmrelease.helm.toolkit.fluxcd.io/podinfo serverside-applied\ndeployment.apps/web serverside-applied\n');
    const d = server.store.get('apps/v1', 'Deployment', 'web', 'apps')!;
    expect((d['spec'] as Obj).template.spec.containers[0].image).toBe('nginx:1.26');
    const managers = (d.metadata.managedFields as Obj[]).map((e) => `${e.manager}/${e.operation}`);
    expect(managers).toContain('kubectl/Apply');
  });

  it('apply --server-side reports conflicts like a real server', async () => {
    const p = file('conflict.yaml', RELEASE.replace('replicas: 2', 'replicas: 5'));
    await kubectl('patch', 'deployment', 'web', '-n', 'apps', '--type', 'merge', '-p', '{"spec":{"replicas":4}}', '--field-manager', 'hpa');
    const r = await kubectl('apply', '--server-side', '-f', p);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Apply failed with 1 conflict: conflict with "hpa" using apps/v1: .spec.replicas');
    const forced = await kubectl('apply', '--server-side', '--force-conflicts', '-f', p);
    expect(forced.code).toBe(0);
  });

  it('patch --type merge, annotate --overwrite and label', async () => {
    const p = await kubectl('patch', 'hr', 'podinfo', '-n', 'apps', '--type', 'merge', '-p', '{"spec":{"suspend":true}}');
    expect(p.stdout).toBe('helmrelease.helm.toolkit.fluxcd.io/podinfo patched\n');
    const a = await kubectl('annotate', '--overwrite', 'hr', 'podinfo', '-n', 'apps', 'reconcile.fluxcd.io/requestedAt=2025-01-01T00:00:00Z');
    expect(a.stdout).toBe('helmrelease.helm.toolkit.fluxcd.io/podinfo annotated\n');
    const l = await kubectl('label', 'hr', 'podinfo', '-n', 'apps', 'tier=front');
    expect(l.stdout).toBe('helmrelease.helm.toolkit.fluxcd.io/podinfo labeled\n');
    const y = await kubectl('get', 'hr', 'podinfo', '-n', 'apps', '-o', 'yaml');
    const obj = parse(y.stdout) as Obj;
    expect(obj.spec.suspend).toBe(true);
    expect(obj.metadata.annotations['reconcile.fluxcd.io/requestedAt']).toBe('2025-01-01T00:00:00Z');
    expect(obj.metadata.labels).toEqual({ team: 'web', tier: 'front' });
    expect(obj.spec.chart.spec.reconcileStrategy).toBe('ChartVersion');
    expect(obj.status).toEqual({ observedGeneration: -1 });
  });

  it('describe shows the object and its events; get events uses the event columns', async () => {
    const hr = server.store.get('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'seeded', 'flux-system')!;
    server.store.put({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'seeded.1', namespace: 'flux-system' },
      involvedObject: { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: 'seeded', namespace: 'flux-system', uid: hr.metadata.uid },
      reason: 'InstallSucceeded',
      message: 'Helm install succeeded for release flux-system/seeded.v1 with chart x@1.0.0',
      type: 'Normal',
      source: { component: 'helm-controller' },
      firstTimestamp: '2025-01-01T00:00:00Z',
      lastTimestamp: '2025-01-01T00:00:00Z',
      count: 1,
    });
    const d = await kubectl('describe', 'hr', 'seeded', '-n', 'flux-system');
    expect(d.stdout).toMatch(/^Name:\s+seeded\nNamespace:\s+flux-system\n/);
    expect(d.stdout).toMatch(/Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message\n.*\n\s+Normal\s+InstallSucceeded\s+\S+\s+helm-controller\s+Helm install succeeded for release/);
    const ev = await kubectl('get', 'events', '-n', 'flux-system');
    expect(ev.stdout.split('\n')[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(ev.stdout.split('\n')[1]).toMatch(/^\S+\s+Normal\s+InstallSucceeded\s+helmrelease\/seeded\s+Helm install succeeded/);
  });

  it('wait --for=condition=Ready succeeds on a ready object', async () => {
    const r = await kubectl('wait', '--for=condition=Ready', 'hr/seeded', '-n', 'flux-system', '--timeout=10s');
    expect(r.stdout).toBe('helmrelease.helm.toolkit.fluxcd.io/seeded condition met\n');
  });

  it('scale goes through the /scale subresource', async () => {
    const r = await kubectl('scale', 'deployment', 'web', '-n', 'apps', '--replicas=4');
    expect(r.stdout).toBe('deployment.apps/web scaled\n');
    expect(((server.store.get('apps/v1', 'Deployment', 'web', 'apps')!['spec']) as Obj).replicas).toBe(4);
    expect(server.requests.some((q) => q.path === '/apis/apps/v1/namespaces/apps/deployments/web/scale')).toBe(true);
  });

  it('get -o yaml of a missing object prints the server error', async () => {
    const r = await kubectl('get', 'hr', 'nope', '-n', 'apps', '-o', 'yaml');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Error from server (NotFound): helmreleases.helm.toolkit.fluxcd.io "nope" not found\n');
  });

  it('create namespace / secret / configmap / deployment and run (protobuf bodies) work', async () => {
    expect((await kubectl('create', 'namespace', 'made')).stdout).toBe('namespace/made created\n');
    expect((await kubectl('create', 'secret', 'generic', 'creds', '-n', 'made', '--from-literal=password=hunter2')).stdout).toBe('secret/creds created\n');
    expect((await kubectl('create', 'configmap', 'values', '-n', 'made', '--from-literal=values.yaml=replicaCount: 2')).stdout).toBe('configmap/values created\n');
    const s = server.store.get('v1', 'Secret', 'creds', 'made')!;
    expect(s['data']).toEqual({ password: Buffer.from('hunter2').toString('base64') });
    expect(s['type']).toBe('Opaque');
    expect(server.store.get('v1', 'ConfigMap', 'values', 'made')!['data']).toEqual({ 'values.yaml': 'replicaCount: 2' });
    expect((await kubectl('create', 'deployment', 'web', '-n', 'made', '--image=nginx:1.25', '--replicas=2', '--port=80')).stdout).toBe('deployment.apps/web created\n');
    const d = server.store.get('apps/v1', 'Deployment', 'web', 'made')!;
    expect(d['spec']).toMatchObject({ replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } } } });
    expect((d['spec'] as Obj).template.spec.containers).toEqual([
      { name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent' },
    ]);
    expect((await kubectl('run', 'once', '-n', 'made', '--image=busybox:1.36', '--restart=Never', '--', 'echo', 'hi')).stdout).toBe('pod/once created\n');
    expect((server.store.get('v1', 'Pod', 'once', 'made')!['spec'] as Obj).containers[0]).toMatchObject({ name: 'once', image: 'busybox:1.36', args: ['echo', 'hi'] });
  });

  it('get --watch prints the list, then a line per change', async () => {
    const child = spawn(kubectlBin, ['--kubeconfig', server.kubeconfigPath, 'get', 'hr', '-n', 'apps', '--watch'], { env: { ...process.env, KUBECACHEDIR: join(dir, 'cache'), HOME: dir } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await eventually(() => expect(out).toMatch(/^NAME\s+AGE\s+READY\s+STATUS\npodinfo\s/), 10_000);
      await kubectl('annotate', '--overwrite', 'hr', 'podinfo', '-n', 'apps', 'watch=1');
      await eventually(() => expect(out.trimEnd().split('\n')).toHaveLength(3), 10_000);
      expect(out.trimEnd().split('\n')[2]).toMatch(/^podinfo\s/);
    } finally {
      child.kill();
    }
  });

  it('delete -f removes what apply created', async () => {
    const p = file('release.yaml', RELEASE);
    const r = await kubectl('delete', '-f', p);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('namespace "apps" deleted\nhelmrelease.helm.toolkit.fluxcd.io "podinfo" deleted from apps namespace\ndeployment.apps "web" deleted from apps namespace\n');
    expect(server.store.get('helm.toolkit.fluxcd.io/v2', 'HelmRelease', 'podinfo', 'apps')).toBeUndefined();
    await eventually(() => expect(server.store.get('v1', 'Namespace', 'apps')).toBeUndefined());
  });
});

describe('kubectl installing the Flux CRDs on an empty server', () => {
  it('apply, wait for Established, then serve the new kinds', async () => {
    const empty = await startApiServer();
    const run = (...args: string[]): Promise<Run> =>
      new Promise((res) =>
        execFile(kubectlBin, ['--kubeconfig', empty.kubeconfigPath, ...args], { env: { ...process.env, KUBECACHEDIR: join(dir, 'cache-empty'), HOME: dir } }, (err, stdout, stderr) =>
          res({ code: err ? 1 : 0, stdout, stderr }),
        ),
      );
    try {
      const crds = join(import.meta.dirname, '..', 'fixtures', 'crds', 'flux-crds.yaml');
      const r = await run('apply', '-f', crds);
      expect(r.stderr).toBe('');
      expect(r.stdout.trimEnd().split('\n')).toEqual([
        'customresourcedefinition.apiextensions.k8s.io/helmreleases.helm.toolkit.fluxcd.io created',
        'customresourcedefinition.apiextensions.k8s.io/helmrepositories.source.toolkit.fluxcd.io created',
        'customresourcedefinition.apiextensions.k8s.io/gitrepositories.source.toolkit.fluxcd.io created',
        'customresourcedefinition.apiextensions.k8s.io/helmcharts.source.toolkit.fluxcd.io created',
        'customresourcedefinition.apiextensions.k8s.io/ocirepositories.source.toolkit.fluxcd.io created',
      ]);
      expect((await run('wait', '--for=condition=established', '--timeout=10s', 'crd/helmreleases.helm.toolkit.fluxcd.io')).stdout).toContain('condition met');
      expect((await run('get', 'hr', '-A')).stderr.trim()).toBe('No resources found');
      expect((await run('apply', '--server-side', '-f', crds)).code).toBe(0);
    } finally {
      await empty.close();
    }
  });
});
