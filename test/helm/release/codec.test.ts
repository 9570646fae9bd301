import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeRelease, encodeRelease, releaseToJSON, ReleaseDecodeError } from '../../../src/helm/release/codec.js';
import type { Release } from '../../../src/helm/release/types.js';

const release: Release = {
  name: 'grade-api',
  info: { first_deployed: '2026-01-02T03:04:05Z', last_deployed: '2026-01-02T03:04:05Z', description: 'Install complete', status: 'deployed' },
  chart: {
    metadata: { name: 'grade-api', version: '1.0.0', apiVersion: 'v2', appVersion: '1.0.0' },
    lock: null,
    templates: [{ name: 'templates/cm.yaml', data: Buffer.from('kind: ConfigMap\n').toString('base64') }],
    values: { replicaCount: 1 },
    schema: null,
    files: [],
  },
  config: { replicaCount: 2 },
  manifest: '---\n# Source: grade-api/templates/cm.yaml\nkind: ConfigMap\n',
  hooks: [{ name: 'test', kind: 'Pod', path: 'grade-api/templates/test.yaml', events: ['test'], last_run: { phase: '' } }],
  version: 1,
  namespace: 'grade-api',
  apply_method: 'ssa',
  labels: { team: 'a' },
};

describe('release codec', () => {
  it('writes base64 of gzip of JSON, as Helm stores it', () => {
    const encoded = encodeRelease(release);
    const bytes = Buffer.from(encoded, 'base64');
    expect([...bytes.subarray(0, 3)]).toEqual([0x1f, 0x8b, 0x08]);
    const json = JSON.parse(gunzipSync(bytes).toString('utf8'));
    expect(json.name).toBe('grade-api');
    expect(json.labels).toBeUndefined();
  });

  it('orders fields as Go does and omits empty ones', () => {
    const json = releaseToJSON({ ...release, config: {}, hooks: [] });
    expect(Object.keys(JSON.parse(json))).toEqual(['name', 'info', 'chart', 'manifest', 'version', 'namespace', 'apply_method']);
    expect(json).toContain('"info":{"first_deployed":"2026-01-02T03:04:05Z","last_deployed":"2026-01-02T03:04:05Z","description":"Install complete","status":"deployed"}');
  });

  it('sorts map keys and escapes <, > and & as Go does', () => {
    const json = releaseToJSON({ ...release, config: { b: { z: 1, a: '<x & y>' }, a: 1 } });
    expect(json).toContain('"config":{"a":1,"b":{"a":"\\u003cx \\u0026 y\\u003e","z":1}}');
    expect(decodeRelease(encodeRelease({ ...release, config: { a: '<&>' } })).config).toEqual({ a: '<&>' });
  });

  it('orders map keys by their UTF-8 bytes, integer-like keys and astral characters included', () => {
    // Go sorts "10" before "9" (JSON.stringify would write "9" first) and U+FFFF before U+1F600
    // (UTF-16 code units would put the surrogate pair first).
    const json = releaseToJSON({ ...release, config: { '9': { '2': 'b', '10': 'a' }, b: 1, '\u{1F600}': 2, '\uffff': 3, '10': 4 } });
    expect(json).toContain('"config":{"10":4,"9":{"10":"a","2":"b"},"b":1,"\uffff":3,"\u{1F600}":2}');
    expect(decodeRelease(encodeRelease({ ...release, config: { '10': 1, '9': 2 } })).config).toEqual({ '10': 1, '9': 2 });
  });

  it('always writes a hook phase, even an empty one', () => {
    expect(releaseToJSON(release)).toContain('"last_run":{"phase":""}');
  });

  it('round-trips', () => {
    const { labels: _labels, ...rest } = release;
    expect(decodeRelease(encodeRelease(release))).toEqual(rest);
  });

  it('reads records stored without gzip, as older Helm wrote them', () => {
    const plain = Buffer.from(releaseToJSON(release)).toString('base64');
    expect(decodeRelease(plain).name).toBe('grade-api');
  });

  it('treats the empty time strings of Helm 3 records as absent', () => {
    const plain = Buffer.from(JSON.stringify({ name: 'x', info: { deleted: '', status: 'deployed' }, version: 1 })).toString('base64');
    expect(decodeRelease(plain).info).toEqual({ status: 'deployed' });
  });

  it('rejects data that is not a release', () => {
    expect(() => decodeRelease(Buffer.from('not json').toString('base64'))).toThrow(ReleaseDecodeError);
    expect(() => decodeRelease(Buffer.from('[1]').toString('base64'))).toThrow('not a JSON object');
  });
});
