import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/cluster/types.js';
import { computeStatus, hookStatus, jobComplete } from '../../../src/helm/kstatus/status.js';

const objects = parseAllDocuments(readFileSync(new URL('./fixtures/objects.yaml', import.meta.url), 'utf8')).map((d) => d.toJS() as KubeObject);

describe('computeStatus', () => {
  it.each(objects.map((o) => [`${o.kind} ${o.metadata.name}`, o] as const))('%s', (_label, obj) => {
    const { expect: want, ...annotations } = obj.metadata.annotations ?? {};
    const s = computeStatus({ ...obj, metadata: { ...obj.metadata, annotations } });
    expect(`${s.status}: ${s.message}`).toBe(want);
  });

  it('reports a missing object as NotFound', () => {
    expect(computeStatus(undefined).status).toBe('NotFound');
  });
});

describe('Job and hook readiness', () => {
  const job = (status: Record<string, unknown>): KubeObject => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, status });

  it('a started Job is Current for kstatus but not complete for release waits', () => {
    expect(computeStatus(job({ startTime: 'x' })).status).toBe('Current');
    expect(jobComplete(job({ startTime: 'x' })).status).toBe('InProgress');
    expect(jobComplete(job({ succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] })).status).toBe('Current');
  });

  it('hooks wait on Jobs and Pods only', () => {
    expect(hookStatus(job({ startTime: 'x' }))).toEqual({ status: 'InProgress', message: 'Job in progress' });
    expect(hookStatus(job({ conditions: [{ type: 'Failed', status: 'True' }], failed: 1 })).status).toBe('Failed');
    const pod = (phase: string): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, status: { phase } });
    expect(hookStatus(pod('Running')).status).toBe('InProgress');
    expect(hookStatus(pod('Succeeded')).status).toBe('Current');
    expect(hookStatus(pod('Failed')).status).toBe('Failed');
    expect(hookStatus({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, status: {} }).status).toBe('Current');
  });
});
