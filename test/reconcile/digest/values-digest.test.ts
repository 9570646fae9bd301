// Vectors from fluxcd/pkg chartutil digest_test.go (TestDigestValues, TestVerifyValues), plus
// fixtures generated with go-yaml v2 by fixtures/gen-values-digest.go.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GoNumber, type GoMap } from '../../../src/gotemplate/value.js';
import { digestValues, encodeValuesForDigest, verifyValues } from '../../../src/reconcile/digest/index.js';

const EMPTY = 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const VALUE_MAP = 'sha256:fcdc2b0de1581a3633ada4afee3f918f6eaa5b5ab38c3fef03d5b48d3f85d9f6';
const NUMERIC_KEYS = 'sha256:8a980fcbeadd6f05818f07e8aec14070c22250ca3d96af1fcd5f93b3e85b4d70';

const valueMap = (): GoMap => ({
  replicas: 3,
  image: { tag: 'latest', repository: 'nginx' },
  ports: [
    { protocol: 'TCP', port: 8080 },
    { port: 9090, protocol: 'UDP' },
  ],
});
const numericKeys = (): GoMap => ({
  replicas: 3,
  test: { '632bd82398e71231a98004b6': 'value4', '632bd817c559818a52307da2': 'value3', '632bd80ddf416cf32fd50679': 'value2', '632bd80235a05f4192aefade': 'value1' },
});

describe('digestValues', () => {
  it('digests empty and nil values as empty input', () => {
    expect(digestValues({})).toBe(EMPTY);
    expect(digestValues(null)).toBe(EMPTY);
  });

  it('is independent of key order, also inside lists', () => {
    expect(digestValues(valueMap())).toBe(VALUE_MAP);
    expect(digestValues({ ports: valueMap()['ports']!, replicas: 3, image: { repository: 'nginx', tag: 'latest' } })).toBe(VALUE_MAP);
  });

  it('sorts keys by bytes, not as go-yaml would (numeric-looking keys)', () => {
    expect(digestValues(numericKeys())).toBe(NUMERIC_KEYS);
  });

  it('supports another algorithm', () => {
    expect(digestValues({ foo: 'bar', baz: { cool: 'stuff' } }, 'sha512')).toBe(
      'sha512:b5f9cd4855ca3b08afd602557f373069b1732ce2e6d52341481b0d38f1938452e9d7759ab177c66699962b592f20ceded03eea3cd405d8670578c47842e2c550',
    );
  });

  it('writes integers from --set (int64) and integral floats alike', () => {
    expect(encodeValuesForDigest({ a: new GoNumber('int64', 3n), b: 3, c: 1.5 })).toBe('a: 3\nb: 3\nc: 1.5\n');
  });
});

describe('verifyValues', () => {
  it.each([
    ['empty values', EMPTY, {}, true],
    ['nil values', EMPTY, null, true],
    ['empty digest', '', null, false],
    ['invalid digest', 'sha512:invalid', null, false],
    ['matching values', VALUE_MAP, valueMap(), true],
    ['matching values with numeric keys', NUMERIC_KEYS, numericKeys(), true],
    ['mismatching values', 'sha256:3f3641788a2d4abda3534eaa90c90b54916e4c6e3a5b2e1b24758b7bfa701ecd', { foo: 'bar' }, false],
  ] as const)('%s', (_name, digest, values, want) => {
    expect(verifyValues(digest, values as GoMap | null)).toBe(want);
  });
});

interface DigestFixture {
  name: string;
  values: GoMap;
  yaml: string;
  digest: string;
}
const fixtures = JSON.parse(readFileSync(new URL('./fixtures/values-digest.json', import.meta.url), 'utf8')) as DigestFixture[];

describe('digestValues against go-yaml v2 (fixtures/gen-values-digest.go)', () => {
  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, f) => {
    expect(encodeValuesForDigest(f.values)).toBe(f.yaml);
    expect(digestValues(f.values)).toBe(f.digest);
  });
});
