// The js-yaml fast path must read exactly what the careful (libyaml) path reads.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { decodeYamlCarefully, type YamlValue } from '../../../src/helm/yaml/decode.js';
import { decodeYamlFast } from '../../../src/helm/yaml/decode-fast.js';
import { splitYamlDocuments } from '../../../src/helm/yaml/read.js';
import { yamlValueToJson } from '../../../src/helm/yaml/tojson.js';

const dir = 'test/fixtures/yaml';
const corpora = readdirSync(dir).filter((f) => f.endsWith('-values.yaml'));

describe.each(corpora)('%s', (file) => {
  it('decodes identically on both paths', () => {
    // NUL escapes send a document to the careful path on purpose; drop those lines here.
    const text = readFileSync(join(dir, file), 'utf8')
      .split('\n')
      .filter((l) => !/\\u0000|\\0/.test(l))
      .join('\n');
    for (const doc of splitYamlDocuments(text)) {
      const fast = decodeYamlFast(doc);
      // Documents with a key spelled "null", plain scalars holding "?", and NEL/LS/PS line
      // breaks go the careful way.
      if (!/"null":|\?|[\u0085\u2028\u2029]/.test(doc)) expect(fast).not.toBeUndefined();
      if (fast !== undefined) expect(fast).toEqual(decodeYamlCarefully(doc));
    }
  });
});

describe('documents the fast path hands over', () => {
  it.each([
    ['a NUL escape', 'a: "x\\0"\n'],
    // js-yaml reads YAML 1.2's "\/"; helm refuses it: "yaml: found unknown escape character".
    ['an escaped slash', 'a: "x\\/y"\n'],
    ['a merge of a scalar', '<<: 5\n'],
    // Found by the edits below; helm's fromYaml reads each as the libyaml path does.
    ['dashes glued to a key', '---octal: 0755\n'],
    ['a sequence on the document start line', '---   - nested\n'],
    ['a document end marker', '...\n x: 1\n'],
    ['a byte order mark in an anchor', 'a: &\ufeff {k: v}\n'],
    ['a block scalar ending without a line break', 'script: |2\n  four\n  two'],
    ['a control character in a comment', 'url: x #.\u007fcom\n'],
    ['an anchor with a key after it', 'a: &x v, n: \n'],
    ['a collection as a flow mapping key', 'm: {values: ,[a, b]}\n'],
    ['an anchor name ending in a no-break space', '&ak\u00a05: 0o\n'],
    ['a syntax error', 'a: [1\n'],
  ])('%s', (_n, text) => {
    expect(decodeYamlFast(text)).toBeUndefined();
  });

  it('merges like go-yaml v2', () => {
    const text = 'base: &b {a: 1, b: 2}\nm:\n  b: 5\n  <<: *b\nl:\n  <<: [{x: 1, y: 1}, {y: 2, z: 2}]\n';
    expect(decodeYamlFast(text)).toEqual(decodeYamlCarefully(text));
  });
});

describe('the fast path against the libyaml path on mutated values files', () => {
  // Thousands of seeded one- or two-character edits of values files: wherever js-yaml takes a
  // text, it must read what libyaml reads (the libyaml path matches helm on every mutation
  // corpus). Known gap, not in these seeds: a quoted scalar followed directly by more text.
  it('agrees on every text the fast path takes', async () => {
    // The fixture generators are plain JavaScript modules.
    const load = (path: string): Promise<unknown> => import(pathToFileURL(path).href);
    const { seededRandom } = (await load('test/fixtures/seeded-random.mjs')) as { seededRandom: (seed: number) => { rand: () => number } };
    const { mutations, richBases, richInserts } = (await load('test/fixtures/yaml/mutations/mutate.mjs')) as {
      mutations: (rand: () => number, bases: string[], inserts: string[], count: number) => string[];
      richBases: string[];
      richInserts: string[];
    };
    const texts = new Set(mutations(seededRandom(4711).rand, richBases, [...richInserts, '0', '+', '.', 'e', 'x', 'y', 'n', '='], 4000));
    const differing: string[] = [];
    let taken = 0;
    for (const text of texts) {
      const fast = decodeYamlFast(text);
      if (fast === undefined) continue;
      taken++;
      let careful;
      try {
        careful = decodeYamlCarefully(text);
      } catch {
        differing.push(text);
        continue;
      }
      if (!isDeepStrictEqual(fast, careful)) differing.push(text);
    }
    expect(taken).toBeGreaterThan(500);
    expect(differing).toEqual([]);
  });
});

describe('the fast path against the libyaml path on edited lines and windows', () => {
  // Seeded edits that insert, delete or replace YAML's own characters and words in top-level
  // entries and 25-line windows of the corpora: wherever js-yaml takes a text, it must read
  // what libyaml reads (compared as JSON, errors included).
  const PIECES = [':', ' ', '\n', '-', '?', '#', '"', "'", '\\', '{', '}', '[', ']', ',', '&a', '*a', '!', '|', '>', '\t', '<<', '%', '@', '`', '\\/', '\\x41', '\\N', '\\_', '...', '---', ' #', '0x1F', '0o17', '1_000', '.inf', '~', 'null', 'yes', '=', '\r\n', '\u00a0', '\ufeff', '\u007f'];
  const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  const seeds = corpora.map((f) => readFileSync(join(dir, f), 'utf8'));
  const entries = seeds.flatMap((t) => t.split(/\n(?=\S)/).map((x) => `${x}\n`)).filter((x) => x.length < 400);
  const windows = seeds.flatMap((t) => {
    const lines = t.split('\n');
    const out: string[] = [];
    for (let i = 0; i < lines.length; i += 7) out.push(`${lines.slice(i, i + 25).join('\n')}\n`);
    return out;
  });
  const asJson = (f: () => unknown): string => {
    try {
      return JSON.stringify(yamlValueToJson(f() as YamlValue));
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
  };

  it.each([
    ['entries', entries, 1],
    ['windows', windows, 2],
  ] as const)('%s', async (_name, bases, seed) => {
    const load = (path: string): Promise<unknown> => import(pathToFileURL(path).href);
    const { seededRandom } = (await load('test/fixtures/seeded-random.mjs')) as { seededRandom: (seed: number) => { rand: () => number } };
    const { rand } = seededRandom(seed);
    const pick = (n: number): number => Math.floor(rand() * n);
    const differing: string[] = [];
    let taken = 0;
    for (let n = 0; n < 20000; n++) {
      let t = bases[pick(bases.length)]!;
      for (let k = 1 + pick(3); k > 0; k--) {
        const i = pick(t.length + 1);
        const piece = PIECES[pick(PIECES.length)]!;
        const op = pick(3);
        t = op === 0 ? t.slice(0, i) + piece + t.slice(i) : op === 1 ? t.slice(0, i) + t.slice(i + 1 + pick(3)) : t.slice(0, i) + piece + t.slice(i + 1);
      }
      // Text read from UTF-8 never holds half a surrogate pair; an edit can leave one.
      if (LONE_SURROGATE.test(t)) continue;
      const fast = decodeYamlFast(t);
      if (fast === undefined) continue;
      taken++;
      if (asJson(() => fast) !== asJson(() => decodeYamlCarefully(t))) differing.push(t);
    }
    expect(taken).toBeGreaterThan(500);
    expect(differing).toEqual([]);
  });
});
