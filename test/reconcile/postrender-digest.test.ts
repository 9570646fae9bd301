// status.observedPostRenderersDigest / observedCommonMetadataDigest as helm-controller computes
// them: expected values from Go's encoding/json over the API structs (postrender-fixtures/digest/gen.go).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HelmRelease, HelmReleaseSpec } from '../../src/kinds/api-types.js';
import { observedDigests } from '../../src/reconcile/postrender/index.js';

const DIR = join(import.meta.dirname, 'postrender-fixtures/digest');
const cases = JSON.parse(readFileSync(join(DIR, 'cases.json'), 'utf8')) as Array<{ name: string } & Pick<HelmReleaseSpec, 'postRenderers' | 'commonMetadata'>>;
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, { postRenderers: string; commonMetadata: string }>;

function hrWith(spec: Pick<HelmReleaseSpec, 'postRenderers' | 'commonMetadata'>): HelmRelease {
  return { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'web', namespace: 'apps' }, spec: { interval: '5m', ...spec } };
}

describe('observedDigests', () => {
  for (const c of cases) {
    it(c.name, () => {
      const { name, ...spec } = c;
      expect(observedDigests(hrWith(spec))).toEqual({ postRenderersDigest: expected[name]!.postRenderers, commonMetadataDigest: expected[name]!.commonMetadata });
    });
  }

  it('is empty for both when neither field is set', () => {
    expect(observedDigests(hrWith({}))).toEqual({ postRenderersDigest: '', commonMetadataDigest: '' });
  });
});
