import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type TestApiServer } from '../support/apiserver/index.js';
import { call, eventually } from './http.js';

type Obj = Record<string, any>;

let server: TestApiServer;
beforeAll(async () => {
  server = await startApiServer({ simulateWorkloads: true, unpullableImage: /:broken$/, readyAfterMs: 200 });
});
afterAll(() => server.close());

const APPLY = { contentType: 'application/apply-patch+yaml' };

function deployment(name: string, image: string, replicas = 2): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } } },
  };
}

async function applyDeploy(name: string, image: string, replicas = 2): Promise<Obj> {
  const r = await call<Obj>(server.url, 'PATCH', `/apis/apps/v1/namespaces/default/deployments/${name}?fieldManager=helm`, deployment(name, image, replicas), APPLY);
  expect([200, 201]).toContain(r.status);
  return r.body;
}

const get = async (path: string): Promise<Obj> => (await call<Obj>(server.url, 'GET', path)).body;
const conds = (o: Obj): Record<string, string> => Object.fromEntries((o.status.conditions ?? []).map((c: Obj) => [c.type, `${c.status}/${c.reason}`]));

describe('--simulate-workloads', () => {
  it('a Deployment becomes available for its generation, and again after a template change', async () => {
    const created = await applyDeploy('web', 'nginx:1');
    expect(created.status).toEqual({});
    await eventually(async () => {
      const d = await get('/apis/apps/v1/namespaces/default/deployments/web');
      expect(d.status).toMatchObject({ observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 });
      expect(conds(d)).toEqual({ Available: 'True/MinimumReplicasAvailable', Progressing: 'True/NewReplicaSetAvailable' });
    });
    await applyDeploy('web', 'nginx:2');
    await eventually(async () => {
      const d = await get('/apis/apps/v1/namespaces/default/deployments/web');
      expect(d.metadata.generation).toBe(2);
      expect(d.status.observedGeneration).toBe(2);
      expect(d.status.updatedReplicas).toBe(2);
      expect(d.status.conditions.find((c: Obj) => c.type === 'Progressing').message).toMatch(/^ReplicaSet "web-[a-z0-9]{10}" has successfully progressed\.$/);
    });
    const managers = (await get('/apis/apps/v1/namespaces/default/deployments/web')).metadata.managedFields.map((e: Obj) => `${e.manager}/${e.subresource ?? ''}`);
    expect(managers).toContain('kube-controller-manager/status');
  });

  it('a Deployment with an unpullable image stays unavailable and progressing', async () => {
    await applyDeploy('stuck', 'app:broken', 1);
    await eventually(async () => {
      const d = await get('/apis/apps/v1/namespaces/default/deployments/stuck');
      expect(d.status.observedGeneration).toBe(1);
      expect(conds(d)).toEqual({ Available: 'False/MinimumReplicasUnavailable', Progressing: 'True/ReplicaSetUpdated' });
    });
    await new Promise((r) => setTimeout(r, 400));
    const d = await get('/apis/apps/v1/namespaces/default/deployments/stuck');
    expect(d.status.availableReplicas).toBeUndefined();
    expect(d.status.unavailableReplicas).toBe(1);
  });

  it('a rollout to an unpullable image keeps the old pods available but never completes', async () => {
    await applyDeploy('roll', 'nginx:1', 2);
    await eventually(async () => expect((await get('/apis/apps/v1/namespaces/default/deployments/roll')).status.availableReplicas).toBe(2));
    await applyDeploy('roll', 'nginx:broken', 2);
    await eventually(async () => expect((await get('/apis/apps/v1/namespaces/default/deployments/roll')).status.observedGeneration).toBe(2));
    await new Promise((r) => setTimeout(r, 400));
    const d = await get('/apis/apps/v1/namespaces/default/deployments/roll');
    expect(d.status).toMatchObject({ replicas: 3, updatedReplicas: 1, readyReplicas: 2, availableReplicas: 2, unavailableReplicas: 1 });
    expect(conds(d).Progressing).toBe('True/ReplicaSetUpdated');
  });

  it('a Job completes, unless its image cannot be pulled', async () => {
    const job = (name: string, image: string): Obj => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name, namespace: 'default' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'hook', image }] } } },
    });
    await call(server.url, 'POST', '/apis/batch/v1/namespaces/default/jobs', job('ok', 'busybox:1'));
    await call(server.url, 'POST', '/apis/batch/v1/namespaces/default/jobs', job('never', 'busybox:broken'));
    await eventually(async () => {
      const j = await get('/apis/batch/v1/namespaces/default/jobs/ok');
      expect(j.status.succeeded).toBe(1);
      expect(conds(j)).toEqual({ SuccessCriteriaMet: 'True/CompletionsReached', Complete: 'True/CompletionsReached' });
    });
    const n = await get('/apis/batch/v1/namespaces/default/jobs/never');
    expect(n.status.active).toBe(1);
    expect(n.status.conditions).toBeUndefined();
  });

  it('StatefulSets and DaemonSets become ready', async () => {
    const sts = deployment('db', 'postgres:16', 1);
    sts['kind'] = 'StatefulSet';
    sts['spec'].serviceName = 'db';
    await call(server.url, 'POST', '/apis/apps/v1/namespaces/default/statefulsets', sts);
    const ds = deployment('agent', 'agent:1');
    ds['kind'] = 'DaemonSet';
    delete ds['spec'].replicas;
    await call(server.url, 'POST', '/apis/apps/v1/namespaces/default/daemonsets', ds);
    await eventually(async () => {
      expect((await get('/apis/apps/v1/namespaces/default/statefulsets/db')).status).toMatchObject({ observedGeneration: 1, replicas: 1, readyReplicas: 1, updatedReplicas: 1 });
      expect((await get('/apis/apps/v1/namespaces/default/daemonsets/agent')).status).toMatchObject({ observedGeneration: 1, desiredNumberScheduled: 1, numberReady: 1, numberAvailable: 1 });
    });
  });

  it('Pods run (or complete, for restartPolicy Never), unless their image cannot be pulled', async () => {
    const pod = (name: string, image: string, restartPolicy = 'Always'): Obj => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { restartPolicy, containers: [{ name: 'main', image }] } });
    await call(server.url, 'POST', '/api/v1/namespaces/default/pods', pod('server', 'nginx:1'));
    await call(server.url, 'POST', '/api/v1/namespaces/default/pods', pod('test-hook', 'busybox:1', 'Never'));
    await call(server.url, 'POST', '/api/v1/namespaces/default/pods', pod('pulling', 'nginx:broken'));
    await eventually(async () => {
      const running = await get('/api/v1/namespaces/default/pods/server');
      expect(running.status.phase).toBe('Running');
      expect(running.status.conditions.find((c: Obj) => c.type === 'Ready').status).toBe('True');
      expect(running.status.containerStatuses[0]).toMatchObject({ name: 'main', ready: true, state: { running: {} } });
      const done = await get('/api/v1/namespaces/default/pods/test-hook');
      expect(done.status.phase).toBe('Succeeded');
      expect(done.status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    });
    const stuck = await get('/api/v1/namespaces/default/pods/pulling');
    expect(stuck.status.phase).toBe('Pending');
    expect(stuck.status.containerStatuses[0].state.waiting).toEqual({ reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:broken"' });
  });

  it('PersistentVolumeClaims get Bound and LoadBalancer Services an ingress point', async () => {
    await call(server.url, 'POST', '/api/v1/namespaces/default/persistentvolumeclaims', {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '2Gi' } } },
    });
    await call(server.url, 'POST', '/api/v1/namespaces/default/services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'lb' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } });
    await call(server.url, 'POST', '/api/v1/namespaces/default/services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'plain' }, spec: { ports: [{ port: 80 }] } });
    await eventually(async () => {
      expect((await get('/api/v1/namespaces/default/persistentvolumeclaims/data')).status).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '2Gi' } });
      expect((await get('/api/v1/namespaces/default/services/lb')).status.loadBalancer.ingress[0].ip).toBeTruthy();
    });
    expect((await get('/api/v1/namespaces/default/services/plain')).status).toEqual({});
  });
});
