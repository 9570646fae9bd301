// Reading manifests as kyaml (go-yaml v3) does: the fast js-yaml path and the careful `yaml`
// path resolve plain scalars the same way (a `!` anywhere sends a text down the careful path).
import { describe, expect, it } from 'vitest';
import { parseResources } from '../../src/kustomize/index.js';

const DOC = `apiVersion: v1
kind: ConfigMap
metadata:
  name: scalars
data:
  plain: [yes, no, on, off, Y, n, true, False, TRUE, ~, null, Null, '', 012, 0x1F, 0o17, 0b101, 1_000, 1.50, 0.5e3, .5, -7, +3, .inf, -.Inf, .nan, 2024-01-01, 1:20, 08, 1e3, "quoted 1", '012']
  anchors:
    base: &b {a: 1}
    copy: *b
`;

describe('reading YAML as kyaml does', () => {
  it('resolves plain scalars with go-yaml v3 rules on both paths', () => {
    const fast = parseResources(DOC);
    const careful = parseResources(`${DOC}# ! forces the careful path\n`);
    expect(careful).toEqual(fast);
    const data = fast[0]!.data as { plain: unknown[]; anchors: unknown };
    expect(data.plain).toEqual([
      'yes', 'no', 'on', 'off', 'Y', 'n', true, false, true, null, null, null, '', 10, 31, 15, 5, 1000, 1.5, 500, 0.5, -7, 3,
      'Infinity', '-Infinity', 'NaN', '2024-01-01', '1:20', 8, 1000, 'quoted 1', '012',
    ]);
    expect(data.anchors).toEqual({ base: { a: 1 }, copy: { a: 1 } });
  });
});
