// .Capabilities as `helm template` v4.1.4 reports it (expected/capabilities*.out|err).
import { describe, expect, it } from 'vitest';
import { hasApiVersion, makeCapabilities, parseKubeVersion } from '../../../src/helm/engine/capabilities.js';

describe('Capabilities', () => {
  it('defaults to Kubernetes v1.35.0 and Helm v4.1.4', () => {
    const c = makeCapabilities();
    expect([c.KubeVersion.Version, c.KubeVersion.Major, c.KubeVersion.Minor, c.KubeVersion.String()]).toEqual(['v1.35.0', '1', '35', 'v1.35.0']);
    expect(c.HelmVersion.Version).toBe('v4.1.4');
    expect(hasApiVersion(c.APIVersions, 'apps/v1')).toBe(true);
    expect(hasApiVersion(c.APIVersions, 'apps/v1/Deployment')).toBe(false);
  });

  it('keeps the full --kube-version in Version and strips suffixes in String()', () => {
    const kv = parseKubeVersion('v1.33.4-gke.12');
    expect([kv.Version, kv.GitVersion(), kv.String(), kv.Major, kv.Minor]).toEqual(['v1.33.4-gke.12', 'v1.33.4-gke.12', 'v1.33.4', '1', '33']);
    expect(parseKubeVersion('1.20').Version).toBe('v1.20');
    expect(parseKubeVersion('1.2.3.4').String()).toBe('v1.2.3.4');
  });

  it('appends --api-versions to the defaults', () => {
    const c = makeCapabilities({ apiVersions: ['foo/v1', 'bar/v2/Baz'] });
    expect(hasApiVersion(c.APIVersions, 'bar/v2/Baz')).toBe(true);
    expect(c.APIVersions.at(-1)).toBe('bar/v2/Baz');
  });

  it('rejects versions as k8s.io/apimachinery does', () => {
    expect(() => parseKubeVersion('abc')).toThrow('could not parse "abc" as version');
    expect(() => parseKubeVersion('1')).toThrow('illegal version string "1"');
  });
});
