// Loads a case file (test/fixtures/gotemplate/cases/NAME.yaml) with the expectations Go
// produced for it (test/fixtures/gotemplate/expected/NAME.json).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'gotemplate');

export interface Expected {
  output?: string;
  error?: string;
}

export interface Case {
  name: string;
  expected: Expected;
  [field: string]: unknown;
}

export function loadCases(file: string): Case[] {
  return loadCasesWith(file, 'generate');
}

/** Cases with their expectations; `script` names the generator to rerun when one is missing. */
export function loadCasesWith(file: string, script: 'generate' | 'helm'): Case[] {
  const doc = parse(readFileSync(join(fixtures, 'cases', `${file}.yaml`), 'utf8')) as { cases: Case[]; defaults?: Record<string, unknown> };
  const expected = JSON.parse(readFileSync(join(fixtures, 'expected', `${file}.json`), 'utf8')) as Record<string, Expected>;
  const generator = script === 'helm' ? 'helm-check.mjs' : 'generate.mjs';
  return doc.cases.map((c) => {
    const e = expected[c.name];
    if (!e) throw new Error(`${file}: no expectation for case ${c.name}; run scripts/gotemplate-fixtures/${generator}`);
    // `defaults` holds fields shared by every case of the file, such as `data`.
    return { ...(doc.defaults ?? {}), ...c, expected: e };
  });
}
