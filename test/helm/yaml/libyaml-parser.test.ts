// The libyaml-faithful checker on its own: over every values file helm has judged (edge cases,
// mutation corpora, the nasty/fuzz corpora), it refuses exactly the documents go-yaml's parser
// refuses, with helm's words, and accepts the rest (including those helm refuses later, when
// building values or converting to JSON).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFirstDocument } from '../../../src/helm/yaml/libyaml-parser.js';
import { splitYamlDocuments, yamlDocuments } from '../../../src/helm/yaml/read.js';

const dir = 'test/fixtures/yaml';
const verdictFiles = ['errors/expected.json', ...readdirSync(join(dir, 'mutations')).filter((f) => /^expected\d*\.json$/.test(f)).map((f) => `mutations/${f}`)];
const verdicts = verdictFiles.flatMap((f) => Object.entries(JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, { error?: string }>));

/** Helm's text for errors raised while go-yaml parses (as opposed to building values). */
const PARSE_ERROR = /error converting YAML to JSON: (yaml: (?:line \d+: )?(?!cannot decode|!!binary|map merge|anchor '|invalid map key).*)$/;

function firstParseError(input: string): string | undefined {
  try {
    for (const doc of yamlDocuments(input)) {
      const check = checkFirstDocument(doc);
      if ('error' in check) return check.error.goMessage();
    }
  } catch {
    // A bad "---" separator: Helm fails reading the stream, before parsing that document.
  }
  return undefined;
}

describe('checkFirstDocument against helm verdicts', () => {
  it.each(verdicts)('%j', (input, want) => {
    const parseError = want.error === undefined ? undefined : PARSE_ERROR.exec(want.error)?.[1];
    expect(firstParseError(input)).toBe(parseError);
  });
});

describe('checkFirstDocument on valid corpora', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('-values.yaml'));
  it.each(files)('%s is accepted', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const doc of splitYamlDocuments(text)) expect(checkFirstDocument(doc)).toMatchObject({ end: doc.length });
  });
});

describe('where the first document ends', () => {
  it('a root scalar ends at the next line that starts a mapping (go-yaml reads no further)', () => {
    const text = 'key value # trailing\nurl: x\n';
    expect(checkFirstDocument(text)).toMatchObject({ end: text.indexOf('url'), root: { kind: 'scalar', value: 'key value' } });
  });
});
