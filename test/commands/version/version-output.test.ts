// The printed forms against fixtures/version-output.json, which fixtures/gen/main.go made with
// go-yaml v2 and encoding/json (flux's own marshallers), including tags YAML would mis-read.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { distributionOf, splitImage, versionJson, versionYaml } from '../../../src/commands/version-report.js';

interface Case {
  cli: string;
  distribution: string;
  controllers: Record<string, string>;
  yaml: string;
  json: string;
}
const CASES = JSON.parse(readFileSync(new URL('./fixtures/version-output.json', import.meta.url), 'utf8')) as Case[];

describe('version report output', () => {
  it.each(CASES.map((c, i) => [i, c] as const))('case %i prints as go-yaml v2 and encoding/json do', (_i, c) => {
    const info = { cli: c.cli, distribution: c.distribution, controllers: new Map(Object.entries(c.controllers)) };
    expect(versionYaml(info)).toBe(c.yaml);
    expect(versionJson(info)).toBe(c.json);
  });
});

describe('splitImage (flux splitImageStr)', () => {
  it.each([
    ['ghcr.io/fluxcd/source-controller:v1.7.0', 'source-controller', 'v1.7.0'],
    ['localhost:5000/flux-ts:v0.1.0', 'flux-ts', 'v0.1.0'],
    ['registry.example.com:443/a/b/helm-controller:v1.4.0', 'helm-controller', 'v1.4.0'],
    ['nginx:1.27', 'nginx', '1.27'],
    ['docker.io/library/nginx:1.27', 'nginx', '1.27'],
    // a digest stays on the tag; without a tag the digest's colon splits
    ['ghcr.io/fluxcd/source-controller:v1.7.0@sha256:0123456789abcdef0123456789abcdef', 'source-controller', 'v1.7.0@sha256:0123456789abcdef0123456789abcdef'],
    ['ghcr.io/fluxcd/source-controller@sha256:0123456789abcdef0123456789abcdef', 'source-controller@sha256', '0123456789abcdef0123456789abcdef'],
  ])('%s → %s %s', (image, name, tag) => {
    expect(splitImage(image)).toEqual({ name, tag });
  });

  it('names an image without a tag, and one that is no reference', () => {
    expect(() => splitImage('localhost:5000/flux-ts')).toThrow('missing image tag in image localhost:5000/flux-ts');
    expect(() => splitImage('Not An Image')).toThrow("parsing image 'Not An Image' failed: could not parse reference: Not An Image");
    expect(() => splitImage('')).toThrow("parsing image '' failed: could not parse reference: ");
  });
});

describe('distributionOf (flux fluxClusterInfo.distribution)', () => {
  it('prefixes the version with part-of when there is one', () => {
    expect(distributionOf({ 'app.kubernetes.io/part-of': 'flux', 'app.kubernetes.io/version': 'v2.7.0' })).toBe('flux-v2.7.0');
    expect(distributionOf({ 'app.kubernetes.io/version': 'v2.7.0' })).toBe('v2.7.0');
    expect(distributionOf({ 'app.kubernetes.io/part-of': 'flux' })).toBe('flux-');
    expect(distributionOf(undefined)).toBe('');
  });
});
