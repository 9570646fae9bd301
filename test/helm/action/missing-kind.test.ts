import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { install } from '../../../src/helm/action/index.js';
import { startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('a chart object of a kind the server does not serve', () => {
  it('fails the install with helm 4.1.4 wording before anything is written', async () => {
    await expect(install(h.cfg(), h.source('nocrd', 'default'), { name: 'nocrd', namespace: 'default', crds: 'Skip', disableHooks: true })).rejects.toThrow(
      'unable to build kubernetes objects from release manifest: resource mapping not found for name: "nocrd" namespace: "" from "": no matches for kind "Widget" in version "example.com/v1"\nensure CRDs are installed first',
    );
    expect(await h.cfg().storage.history('nocrd')).toEqual([]);
    expect(h.get('v1', 'ConfigMap', 'nocrd-config', 'default')).toBeUndefined();
  });
});
