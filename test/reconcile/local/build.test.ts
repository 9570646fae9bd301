// `build hr` renders what helm-controller would apply: Helm's render followed by the HelmRelease's
// post-renderers. Expected outputs: helm v4.1.4 `template` with a post-renderer plugin running
// helm-controller's chain through kubectl's kustomize (../postrender-fixtures/gen.mjs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuild } from '../../../src/commands/build-run.js';

const ROOT = join(import.meta.dirname, '../../..');
const FIXTURES = join(import.meta.dirname, 'build-fixtures');

describe('build hr with post-renderers', () => {
  it('labels every object of the example with its HelmRelease (origin labels), as helm-controller does', async () => {
    const out = await runBuild({ name: 'grade-api', namespace: 'flux-system', path: join(ROOT, 'examples/clusters/my-cluster') });
    expect(out.error).toBeUndefined();
    expect(out.stdout).toBe(readFileSync(join(FIXTURES, 'grade-api.golden'), 'utf8'));
  });

  it('applies commonMetadata and the kustomize patches and images of spec.postRenderers', async () => {
    const out = await runBuild({ name: 'demo', namespace: 'apps', path: join(FIXTURES, 'demo'), sourceDir: join(ROOT, 'test/reconcile/postrender-fixtures/chart') });
    expect(out.error).toBeUndefined();
    expect(out.stdout).toBe(readFileSync(join(ROOT, 'test/reconcile/postrender-fixtures/cases/patches-images/expected.yaml'), 'utf8'));
  });

  it('fails in one line naming the HelmRelease when a patch does not apply', async () => {
    const out = await runBuild({ name: 'demo', namespace: 'apps', path: join(FIXTURES, 'bad-patch'), sourceDir: join(ROOT, 'test/reconcile/postrender-fixtures/chart') });
    expect(out.stdout).toBe('');
    expect(out.error).toBe(
      'HelmRelease apps/demo: error while running post render on files: postRenderers[0]: no resource matches strategic merge patch "Deployment.v1.apps/nope.[noNs]": no matches for Id Deployment.v1.apps/nope.[noNs]; failed to find unique target for patch Deployment.v1.apps/nope.[noNs]',
    );
  });
});
