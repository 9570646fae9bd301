// Document heads: the fast reader must agree with the exact (Helm) decoding or step aside.
import { describe, expect, it } from 'vitest';
import { fastHead } from '../../../src/helm/manifest/fast-head.js';
import { exactHead, parseHead } from '../../../src/helm/manifest/head.js';

const docs = [
  'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations:\n    helm.sh/hook: pre-install\n    "helm.sh/hook-weight": "5"\ndata:\n  x: "1"\n',
  "apiVersion: 'apps/v1'\nkind: Deployment\nmetadata: {name: web, labels: {a: b}}\nspec: {replicas: 3}\n",
  'kind: List\nitems:\n- a\n- b: [1, 2]\n',
  '# only a comment\n',
  'apiVersion: v1\nkind: 5\n',
  'apiVersion: v1\nkind: Secret\nmetadata:\n  name: yes\n  annotations:\n    n: 1.50\n    b: on\n',
  'apiVersion: v1\nKind: Pod\nmetadata:\n  Name: p\n',
  'a: &x {b: 1}\nc: *x\nmetadata:\n  name: ~\n',
];

describe('document heads', () => {
  for (const d of docs) {
    it(`reads ${JSON.stringify(d.slice(0, 40))} as Helm does`, () => {
      const fast = fastHead(d);
      if (fast !== undefined) expect(fast).toEqual(exactHead(d));
      expect(parseHead(d)).toEqual(exactHead(d));
    });
  }

  it('leaves YAML 1.1 booleans, numbers and nulls to the exact reader', () => {
    expect(fastHead('kind: 5\n')).toBeUndefined();
    expect(fastHead('metadata:\n  name: yes\n')).toBeUndefined();
    expect(exactHead('metadata:\n  name: yes\n').metadata?.name).toBe('true');
    expect(exactHead('metadata:\n  annotations:\n    w: 5\n').metadata?.annotations).toEqual({ w: '5' });
  });

  it('leaves NEL, LS and PS to the exact reader: go-yaml breaks lines there (helm v4.1.4 fails this document)', () => {
    for (const br of ['\u0085', '\u2028', '\u2029']) expect(fastHead(`kind: A\nx: a${br}b\n`)).toBeUndefined();
    expect(() => parseHead('kind: A\nx: a\u0085b\n')).toThrow("yaml: line 4: could not find expected ':'");
  });

  it('reports a broken document with the exact reader\'s Go-worded error', () => {
    expect(fastHead('a: b: c\n')).toBeUndefined();
    expect(() => parseHead('a: b: c\n')).toThrow('error converting YAML to JSON: yaml: mapping values are not allowed in this context');
  });
});
