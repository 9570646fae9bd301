// `flux-ts build hr` with no cluster: the bundled example renders byte for byte as the real
// helm renders the chart with the values helm-controller would compose; failures are one line
// and never show Secret data.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/io.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const LEAKY = fileURLToPath(new URL('./fixtures/leaky/deploy', import.meta.url));

// No kubeconfig anywhere: build must not need a cluster.
const fluxTs = (args: string[]) => runCli(args, { KUBECONFIG: '/nonexistent/kubeconfig' });

describe('flux-ts build hr', () => {
  it('renders the bundled example as helm-controller does: helm v4.1.4 with the composed values, then its post-renderers (golden from test/reconcile/postrender-fixtures/gen.mjs)', async () => {
    const out = await fluxTs(['build', 'hr', 'grade-api', '--path', `${ROOT}examples/clusters/my-cluster`]);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(readFileSync(new URL('../../reconcile/local/build-fixtures/grade-api.golden', import.meta.url), 'utf8'));
  });

  it('takes values from the example ConfigMap (document and targetPath) and Secret, inline last', async () => {
    const out = await fluxTs(['build', 'helmrelease', 'grade-api', '--path', `${ROOT}examples/clusters/my-cluster`]);
    expect(out.stdout).toContain('  replicas: 2\n');
    expect(out.stdout).toContain('DB_NAME: grade_api_prod');
    expect(out.stdout).toContain('- host: api.grade.company.com');
  });

  it('maps the GitRepository to --source-dir when given', async () => {
    const out = await fluxTs(['build', 'hr', 'grade-api', '--path', `${ROOT}examples/clusters/my-cluster`, '--source-dir', `${ROOT}examples`]);
    expect(out.code).toBe(0);
    const wrong = await fluxTs(['build', 'hr', 'grade-api', '--path', `${ROOT}examples/clusters/my-cluster`, '--source-dir', `${ROOT}test`]);
    expect(wrong).toMatchObject({ code: 1, stdout: '', stderr: `✗ HelmRelease flux-system/grade-api: GitRepository flux-system/grade-api: chart path './charts/grade-api' not found in ${ROOT}test\n` });
  });

  it('never prints Secret values in a failure, even when the chart quotes them', async () => {
    const out = await fluxTs(['build', 'hr', 'leaky', '-n', 'default', '--path', LEAKY]);
    expect(out.code).toBe(1);
    expect(out.stderr).toBe('✗ HelmRelease default/leaky: execution error at (leaky/templates/secret.yaml:2:4): password *** is not the expected one\n');
    expect(out.stderr).not.toContain('hunter2');
  });

  it('prints Helm\'s values warnings on stderr as helm template does, a Secret-sourced value masked', async () => {
    const dir = `${ROOT}test/reconcile/local/build-warnings`;
    const out = await fluxTs(['build', 'hr', 'warned', '-n', 'apps', '--path', `${dir}/manifests`, '--source-dir', dir]);
    expect(out.code).toBe(0);
    expect(out.stderr.split('\n').filter((l) => l !== '').sort()).toEqual([
      'level=INFO msg="warning: cannot overwrite table with non table for warned.db.auth (***)"',
      'level=INFO msg="warning: skipped value for warned.annotations: Not a table."',
    ]);
    expect(out.stderr + out.stdout).not.toContain('s3cr3t-pa55word');
  });

  it('names a missing values reference', async () => {
    const out = await fluxTs(['build', 'hr', 'needs-config', '-n', 'default', '--path', LEAKY]);
    expect(out).toMatchObject({
      code: 1,
      stdout: '',
      stderr: "✗ HelmRelease default/needs-config: could not resolve ConfigMap chart values reference 'default/missing-values' with key 'values.yaml': configmaps \"missing-values\" not found\n",
    });
  });

  it('reports a HelmRelease absent from the manifests, and a missing --path', async () => {
    expect(await fluxTs(['build', 'hr', 'nope', '-n', 'default', '--path', LEAKY])).toMatchObject({
      code: 1,
      stderr: `✗ HelmRelease default/nope not found in the manifests under ${LEAKY}\n`,
    });
    expect(await fluxTs(['build', 'hr', 'leaky'])).toMatchObject({ code: 1, stderr: '✗ invalid resource path "", the --path flag is required for "flux-ts build hr"\n' });
    expect((await fluxTs(['build', 'hr', 'x', '--path', '/nonexistent-dir'])).stderr).toBe('✗ cannot read manifests from /nonexistent-dir: no such directory\n');
  });
});
