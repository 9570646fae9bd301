// The tutorial's example chart loads from its directory and its packaged archive, and the
// tutorial's values pass its schema.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadChart } from '../../../src/helm/chart/index.js';
import { mergeUserValues, toRenderValues } from '../../../src/helm/values/index.js';

const release = { name: 'grade-api', namespace: 'grade-api', revision: 1, isInstall: true, isUpgrade: false };

describe('examples/charts/grade-api', () => {
  it('loads with its templates, partials, NOTES and test hook', async () => {
    const c = await loadChart('examples/charts/grade-api');
    expect(c.metadata).toMatchObject({ apiVersion: 'v2', name: 'grade-api', version: '1.0.0', appVersion: '1.0.0' });
    expect(c.templates.map((t) => t.name)).toEqual([
      'templates/NOTES.txt',
      'templates/_helpers.tpl',
      'templates/configmap.yaml',
      'templates/deployment.yaml',
      'templates/ingress.yaml',
      'templates/service.yaml',
      'templates/tests/test-connection.yaml',
    ]);
    expect(c.schema).not.toBeNull();
  });

  it('is the same chart when packaged', async () => {
    const dir = await loadChart('examples/charts/grade-api');
    const tgz = await loadChart('test/fixtures/charts/archives/grade-api-1.0.0.tgz');
    expect(tgz.metadata).toEqual(dir.metadata);
    expect(tgz.values).toEqual(dir.values);
    expect(tgz.templates.map((t) => [t.name, Buffer.from(t.data).toString()])).toEqual(dir.templates.map((t) => [t.name, Buffer.from(t.data).toString()]));
  });

  it("takes the tutorial's values: defaults coalesced underneath, schema satisfied", async () => {
    const c = await loadChart('examples/charts/grade-api');
    const user = await mergeUserValues({ valueFiles: ['test/fixtures/charts/grade-api-seed-values.yaml'] });
    const top = toRenderValues(c, user, release, null);
    expect(top.Values).toMatchObject({
      replicaCount: 3,
      image: { repository: 'ghcr.io/your-org/grade-api', tag: 'latest', pullPolicy: 'IfNotPresent' },
      service: { type: 'ClusterIP', port: 8080 },
      postgresql: { host: 'postgres.grade-api.svc.cluster.local', database: 'grade_api_prod', port: 5432 },
      ingress: { enabled: true, host: 'api.grade.company.com' },
    });
    expect(top.Release).toMatchObject({ Name: 'grade-api', Namespace: 'grade-api', Revision: 1n, Service: 'Helm' });
    expect(readFileSync('test/fixtures/charts/expected/grade-api-seed.template.yaml', 'utf8')).toContain('replicas: 3');
  });

  // Helm prints sibling properties in random (Go map) order; we print them by name.
  it('refuses values the schema forbids', async () => {
    const c = await loadChart('examples/charts/grade-api');
    const user = await mergeUserValues({ values: ['service.port=70000,logLevel=loud'] });
    expect(() => toRenderValues(c, user, release, null)).toThrow(
      "values don't meet the specifications of the schema(s) in the following chart(s):\ngrade-api:\n- at '/logLevel': value must be one of 'debug', 'info', 'warn', 'error'\n- at '/service/port': maximum: got 70,000, want 65,535\n",
    );
  });
});
