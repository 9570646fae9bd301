// Helm's fromYaml / fromYamlArray against helm v4.1.4 (test/fixtures/yaml/fromyaml), and
// manifest streams read document by document.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { marshal } from '../../../src/helm/gojson/marshal.js';
import { fromYaml, fromYamlArray, parseAllDocuments, splitYamlDocuments } from '../../../src/helm/yaml/index.js';

const cases = JSON.parse(readFileSync('test/fixtures/yaml/fromyaml/expected.json', 'utf8')) as Array<{ input: string; fromYaml: string; fromYamlArray: string }>;

describe.each(cases.map((c) => [JSON.stringify(c.input), c] as const))('input %s', (_n, c) => {
  it('fromYaml gives a map, with "Error" on failure', () => {
    expect(marshal(fromYaml(c.input))).toBe(c.fromYaml);
  });
  it('fromYamlArray gives a list, with the message on failure', () => {
    expect(marshal(fromYamlArray(c.input))).toBe(c.fromYamlArray);
  });
});

describe('manifest streams', () => {
  it('reads every document, empty ones as null', () => {
    const docs = parseAllDocuments('a: 1\n---\n# only a comment\n---\n- x\n- on\n');
    expect(docs).toEqual([{ a: 1 }, null, ['x', true]]);
  });

  it('splits values streams on --- lines as Kubernetes YAMLReader does', () => {
    expect(splitYamlDocuments('a: 1\n---\nb: 2\n--- \n\n---\nc: |\n  ---x\n')).toEqual(['a: 1\n', 'b: 2\n', '\n', 'c: |\n  ---x\n']);
  });
});
