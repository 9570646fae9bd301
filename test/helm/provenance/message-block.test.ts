// The checksums part of a .prov's signed text, read as helm reads it with sigs.k8s.io/yaml.
import { describe, expect, it } from 'vitest';
import { parseMessageBlock } from '../../../src/helm/provenance/message-block.js';

const parse = (text: string) => parseMessageBlock(Buffer.from(text));

describe('parseMessageBlock', () => {
  it('reads files after the first "..." line, ignoring the chart metadata', () => {
    expect(parse('name: x\nbroken: [\n...\nfiles:\n  x-1.0.0.tgz: sha256:ab\n').files).toEqual({ 'x-1.0.0.tgz': 'sha256:ab' });
  });

  it('matches field names case-insensitively and turns scalars into strings', () => {
    expect(parse('a\n...\nFiles:\n  x.tgz: 12\n  y.tgz: true\n  z.tgz: null\n').files).toEqual({ 'x.tgz': '12', 'y.tgz': 'true', 'z.tgz': '' });
  });

  it("fails with helm's messages", () => {
    expect(() => parse('name: x\n...')).toThrow('message block must have at least two parts');
    expect(() => parse('a\n...\nfiles: [x\n')).toThrow("error converting YAML to JSON: yaml: line 1: did not find expected ',' or ']'");
    expect(() => parse('a\n...\n- x\n')).toThrow('json: cannot unmarshal array into Go value of type provenance.SumCollection');
    expect(() => parse('a\n...\nfiles:\n  x.tgz: [1]\n')).toThrow('cannot unmarshal array into Go struct field SumCollection.files.x.tgz of type string');
  });
});
