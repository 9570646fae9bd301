// Manifest streams read as kubectl, Helm's kube client and Flux's ssa.ReadObjects read them
// (apimachinery's YAMLOrJSONDecoder): expected objects and errors come from the real kubectl
// (streams/gen.mjs).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from '../../../src/helm/yaml/index.js';

const dir = 'test/helm/yaml/streams';
const cases = JSON.parse(readFileSync(`${dir}/cases.json`, 'utf8')) as Record<string, string>;
const expected = JSON.parse(readFileSync(`${dir}/expected.json`, 'utf8')) as Record<string, { objects?: unknown[]; error?: string }>;

describe('manifest streams, as kubectl reads them', () => {
  it('has an expectation for every case', () => {
    expect(Object.keys(expected).sort()).toEqual(Object.keys(cases).sort());
  });

  it.each(Object.keys(cases))('%s', (name) => {
    const want = expected[name]!;
    if (want.error !== undefined) {
      expect(() => parseAllDocuments(cases[name]!)).toThrow(want.error);
      try {
        parseAllDocuments(cases[name]!);
      } catch (e) {
        expect((e as Error).message).toBe(want.error);
      }
      return;
    }
    // kubectl skips empty documents; numbers compare by value (it keeps integers as int64).
    const docs = parseAllDocuments(cases[name]!).filter((d) => d !== null);
    expect(JSON.parse(JSON.stringify(docs))).toEqual(want.objects);
  });
});

describe('the JSON sniff', () => {
  // "\/" is a JSON escape and not a YAML one: the reading tells which decoder took the stream.
  const object = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a\\/b"}}\n';

  it('decodes JSON when the first brace is within 4096 bytes, as kubectl does', () => {
    expect(parseAllDocuments(`${' '.repeat(4095)}${object}`)).toMatchObject([{ metadata: { name: 'a/b' } }]);
  });

  it('reads YAML when the brace is further in', () => {
    expect(() => parseAllDocuments(`${' '.repeat(4096)}${object}`)).toThrow('error converting YAML to JSON: yaml: found unknown escape character');
  });

  it('takes a smaller window for Flux (ssa.ReadObjects looks 2048 bytes ahead)', () => {
    expect(() => parseAllDocuments(`${' '.repeat(2048)}${object}`, 2048)).toThrow('found unknown escape character');
  });
});
