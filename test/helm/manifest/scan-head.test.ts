// The line scanner must read plain block documents exactly as Helm's full decoding does, and
// step aside (undefined) for everything outside its subset, where a full parser decides.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exactHead, parseHead } from '../../../src/helm/manifest/head.js';
import { scanHead } from '../../../src/helm/manifest/scan-head.js';
import { splitManifests } from '../../../src/helm/manifest/split.js';

/** exactHead's answer, or its error text. */
function exact(doc: string): unknown {
  try {
    return exactHead(doc);
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const read = [
  // helm create's test pod: quoted keys and names, flow sequences of quoted strings
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: "t-test-connection"\n  labels:\n    app.kubernetes.io/version: "1.0.0"\n  annotations:\n    "helm.sh/hook": test\nspec:\n  restartPolicy: Never\n  containers:\n    - name: wget\n      image: busybox:1.36\n      command: ['wget']\n      args: ['-qO-', 'svc:8080/healthz']\n`,
  // compact sequences, nested entries, empty flow collections, comments
  `# a comment\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web # trailing\n  namespace: ns\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        args:\n        - --flag=x\n        - -v\n        resources: {}\n        volumeMounts: []\n      - - nested\n        - seq\n`,
  // block scalars with chomping, blank lines and deeper lines inside
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: |\n    line one\n\n      indented: not a key\n    # not a comment\n  b: >-\n    folded\n  c: |+\n\n    kept\nbinaryData: {}\n`,
  // null head fields, single-quoted escapes, escaped double quotes outside the head
  `apiVersion:\nkind: 'It''s'\nmetadata:\n  name:\n  annotations:\n    a: ''\n    b:\n    helm.sh/hook: pre-install,post-install\ndata:\n  json: "{\\"a\\":\\"\\u00e9\\x41\\"}"\n`,
  'apiVersion: v1\nkind: Secret\nmetadata: {}\n',
  'apiVersion: v1\nkind: Secret\nmetadata:\n  annotations: {}\n',
  'apiVersion: v1\nkind: Secret\nmetadata:\n',
  'apiVersion: v1\nkind: X\nmetadata:\n  labels:\n    a: b\n  annotations:\n    x: "5"\n    url: http://a/b#c\n  name: last\n',
  'kind: List\nitems:\n-\n  a: 1\n- b\n-\n- c: >\n    text\n',
];

const unusual: Record<string, string> = {
  'a flow mapping with content': 'kind: A\nspec: {a: 1}\n',
  'a nested flow sequence': 'kind: A\nspec: [[a]]\n',
  'a plain flow entry with a colon': 'kind: A\nspec: [a:b]\n',
  'an anchor': 'kind: A\nspec: &x\n  a: 1\n',
  'an alias': 'kind: A\nspec: *x\n',
  'a tag': 'kind: !!str A\n',
  'a multi-line plain scalar': 'kind: A\nspec: a\n  b\n',
  'a multi-line quoted scalar': 'kind: "A\n  B"\n',
  'an escaped line break': 'kind: A\nx: "a\\\n  b"\n',
  'an unknown escape': 'kind: A\nx: "\\q"\n',
  'an escaped surrogate': 'kind: A\nx: "\\ud800"\n',
  'an escape in a head field': 'kind: "A\\tB"\n',
  'a tab': 'kind: A\nspec:\n\ta: 1\n',
  'a carriage return': 'kind: A\r\nspec: 1\r\n',
  'a control character': 'kind: A\nx: a\u0001b\n',
  'a YAML 1.1 line break': 'kind: A\nx: a\u0085b\n',
  'a byte order mark': '\ufeffkind: A\n',
  'a key YAML 1.1 reads as a boolean': 'kind: A\nspec:\n  on: 1\n',
  'a key YAML 1.1 reads as a number': 'kind: A\ndata:\n  8080: x\n',
  'a null key': 'kind: A\n~: x\n',
  'a merge key': 'kind: A\nspec:\n  <<: {a: 1}\n',
  'an infinite number': 'kind: A\nspec:\n  x: .inf\n',
  'a NaN in a flow sequence': 'kind: A\nspec: [1, .NaN]\n',
  'a duplicate head key': 'kind: A\nkind: B\n',
  'a duplicate annotation': 'kind: A\nmetadata:\n  annotations:\n    a: x\n    "a": y\n',
  'a head key in another case': 'Kind: A\n',
  'a metadata key in another case': 'kind: A\nmetadata:\n  NAME: x\n',
  'a boolean head field': 'kind: A\nmetadata:\n  name: yes\n',
  'a number annotation': 'kind: A\nmetadata:\n  annotations:\n    w: 5\n',
  'a block scalar head field': 'kind: |\n  A\n',
  'a mapping as a head field': 'kind:\n  a: 1\n',
  'a sequence as metadata': 'kind: A\nmetadata:\n- a\n',
  'a list as annotations': 'kind: A\nmetadata:\n  annotations: []\n',
  'an explicit indentation indicator': 'kind: A\nx: |2\n   a\n',
  'more-indented leading blank lines': 'kind: A\nb: |\n\n      \n    x\n',
  'a line between block and parent indentation': 'kind: A\nb: |\n    x\n  y\n',
  'a bad dedent': 'kind: A\nspec:\n    a: 1\n  b: 2\n',
  'a mapping value on a scalar line': 'kind: A\nx: a: b\n',
  'a key without a space after the colon': 'kind: A\nx:y\n',
  'a sequence entry inside a mapping': 'kind: A\nspec:\n  - 1\n  x: 2\n',
  'a top-level sequence': '- kind: A\n',
  'a comment-only document': '# nothing\n',
  'an indented first line': '  kind: A\n',
  'a document marker': 'kind: A\n---\nx: 1\n',
  'an explicit key': 'kind: A\n? x\n: y\n',
  'a directive': '%YAML 1.1\nkind: A\n',
  'a reserved indicator': 'kind: A\nx: @a\n',
  'a quoted scalar followed by text': 'kind: A\nx: "a" b\n',
};

/** Rendered manifests committed as helm fixtures. */
function fixtureDocs(): string[] {
  const dir = join(import.meta.dirname, '../../fixtures');
  const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
  return walk(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .flatMap((f) => splitManifests(readFileSync(f, 'utf8')));
}

describe('scanHead', () => {
  for (const doc of read) {
    it(`reads ${JSON.stringify(doc.slice(0, 50))} as Helm does`, () => {
      const head = scanHead(doc);
      expect(head).toBeDefined();
      expect(head).toEqual(exact(doc));
    });
  }

  for (const [what, doc] of Object.entries(unusual)) {
    it(`leaves ${what} to a full parser`, () => {
      expect(scanHead(doc)).toBeUndefined();
      let viaParse: unknown;
      try {
        viaParse = parseHead(doc);
      } catch (e) {
        viaParse = { error: (e as Error).message };
      }
      expect(viaParse).toEqual(exact(doc));
    });
  }

  it('agrees with the exact decoding on every committed YAML fixture document it reads', () => {
    let readCount = 0;
    for (const doc of fixtureDocs()) {
      const head = scanHead(doc);
      if (head === undefined) continue;
      readCount++;
      expect(head, doc.slice(0, 200)).toEqual(exact(doc));
    }
    expect(readCount).toBeGreaterThan(100);
  });

  it('never reads a mutated document differently from the exact decoding', () => {
    // Seeded random edits of block documents: whatever the scanner accepts must decode the same.
    const bases = [read[0]!, read[1]!, read[2]!, read[3]!];
    const pieces = [':', '-', ' ', '  ', '#', '"', "'", '[', ']', '{', '}', '|', '>', '\n', '\t', 'x', ',', '&', '*', '!', '\\', '.inf', 'name', 'kind', '\n  ', '\n- ', ': ', '\\x4', 'yes'];
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let accepted = 0;
    for (let t = 0; t < 4000; t++) {
      let d = bases[rnd(bases.length)]!;
      for (let k = 1 + rnd(3); k > 0; k--) {
        const pos = rnd(d.length + 1);
        const op = rnd(3);
        if (op === 1) d = d.slice(0, pos) + d.slice(pos + 1 + rnd(3));
        else d = d.slice(0, pos) + pieces[rnd(pieces.length)]! + d.slice(pos + (op === 0 ? 0 : 1));
      }
      const head = scanHead(d);
      if (head === undefined) continue;
      accepted++;
      expect(head, JSON.stringify(d)).toEqual(exact(d));
    }
    expect(accepted).toBeGreaterThan(200);
  });
});

describe('the word keys the line scanner checks by pattern', () => {
  it('are exactly the short letter-led plain scalars YAML 1.1 does not read as strings', async () => {
    const { isYaml11String } = await import('../../../src/helm/manifest/yaml11.js');
    const words = ['y', 'Y', 'yes', 'Yes', 'YES', 'yEs', 'n', 'no', 'NO', 'nO', 'true', 'tRUE', 'false', 'on', 'On', 'oN', 'off', 'OfF', 'null', 'Null', 'nUll', 'name', 'e1', 'E', 'x', 'inf', 'nan', 'Nan'];
    for (const w of words) {
      const doc = `kind: A\nspec:\n  ${w}: 1\n`;
      expect(scanHead(doc) === undefined, w).toBe(!isYaml11String(w));
    }
  });
});
