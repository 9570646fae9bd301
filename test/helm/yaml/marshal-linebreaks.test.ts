// Line breaks libyaml knows and JSON does not (NEL): sigs.k8s.io/yaml.Marshal writes JSON, then
// go-yaml reads it back, so a NEL in a map key breaks that key over two lines and Marshal fails
// with go-yaml's parser error (helm's mustToYaml text in test/fixtures/yaml/must-to-yaml).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { marshalYaml, toYaml } from '../../../src/helm/yaml/marshal.js';
import { loadValues } from '../../../src/helm/yaml/read.js';

const dir = 'test/fixtures/yaml/must-to-yaml';

describe('a NEL in a map key', () => {
  const values = loadValues(readFileSync(`${dir}/chart/values.yaml`, 'utf8'));
  const helmError = readFileSync(`${dir}/expected.txt`, 'utf8').trim().replace(/^.*error calling mustToYaml: /, '');

  it('fails Marshal with the error go-yaml gives reading the JSON back', () => {
    expect(() => marshalYaml(values)).toThrow(helmError);
  });

  it('makes toYaml empty', () => {
    expect(toYaml(values)).toBe('');
  });
});
