import { describe, expect, it } from 'vitest';
import { composeReleaseName, releaseName, shortenReleaseName, validateReleaseName } from '../../src/reconcile/release-name.js';

const hr = (name: string, spec: { releaseName?: string; targetNamespace?: string } = {}) => ({
  metadata: { name, namespace: 'flux-system' },
  spec,
});

describe('release names', () => {
  it('prefers spec.releaseName, then <targetNamespace>-<name>, then the object name', () => {
    expect(composeReleaseName(hr('grade-api', { releaseName: 'api', targetNamespace: 'grade-api' }))).toBe('api');
    expect(composeReleaseName(hr('grade-api', { targetNamespace: 'grade-api' }))).toBe('grade-api-grade-api');
    expect(composeReleaseName(hr('grade-api'))).toBe('grade-api');
  });

  it('shortens names over 53 characters as helm-controller does (its test vectors)', () => {
    expect(shortenReleaseName('release-name-with-very-long-name-which-is-longer-than-53-characters')).toBe(
      'release-name-with-very-long-name-which-i-788ca0d0d7b0',
    );
    expect(shortenReleaseName('another-release-name-with-very-long-name-which-is-longer-than-53-characters')).toBe(
      'another-release-name-with-very-long-name-7e72150d5a36',
    );
    // Flux's docs print this example with 42 leading characters; the controller's code keeps 40.
    expect(releaseName(hr('a-nice-object-name', { targetNamespace: 'a-very-lengthy-target-namespace-with' }))).toBe(
      'a-very-lengthy-target-namespace-with-a-n-97af5d7f41f3',
    );
  });

  it('keeps names of 53 characters or fewer', () => {
    const name = 'x'.repeat(53);
    expect(shortenReleaseName(name)).toBe(name);
  });

  it('validates names the way Helm does', () => {
    expect(validateReleaseName('grade-api')).toBeUndefined();
    expect(validateReleaseName('Grade_API')).toMatch(/^invalid release name "Grade_API"/);
    expect(validateReleaseName('x'.repeat(54))).toMatch(/invalid release name/);
  });
});
