// Parse trees and parse errors compared with the ones Go's text/template/parse builds for the same
// templates (parse-trees/expected.json, written by parse-trees/dump.go from parse-trees/cases.json).
// Positions matter beyond the tree's shape: execution errors name them as line:column.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/gotemplate/parser.js';
import type { Node } from '../../src/gotemplate/nodes.js';

interface Case {
  name: string;
  template: string;
  delims: [string, string];
  comments: boolean;
}

type Expected = { trees: { name: string; root: unknown }[] } | { error: string };

const dir = new URL('./parse-trees/', import.meta.url);
const cases = JSON.parse(readFileSync(new URL('cases.json', dir), 'utf8')) as Case[];
const expected = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8')) as Record<string, Expected>;

const FUNCS = new Set(['include', 'printf', 'print', 'quote', 'upper', 'nindent', 'dict', 'list', 'default', 'toYaml', 'and', 'or', 'not', 'eq', 'ne', 'len', 'index', 'slice', 'lt']);

/** A node in dump.go's shape: the fields Go's nodes have (complex parts left out). */
function goShape(n: Node | null): unknown {
  if (n === null) return null;
  switch (n.type) {
    case 'list':
      return { type: n.type, pos: n.pos, nodes: n.nodes.map(goShape) };
    case 'action':
      return { type: n.type, pos: n.pos, pipe: goShape(n.pipe) };
    case 'pipe':
      return { type: n.type, pos: n.pos, isAssign: n.isAssign, decl: n.decl.map(goShape), cmds: n.cmds.map(goShape) };
    case 'command':
      return { type: n.type, pos: n.pos, args: n.args.map(goShape) };
    case 'chain':
      return { type: n.type, pos: n.pos, node: goShape(n.node), field: n.field };
    case 'number': {
      const { complex128: _complex, ...rest } = n;
      // Go's fields hold zero when a flag is false; ours may hold what was parsed.
      return { ...rest, int64: String(n.isInt ? n.int64 : 0n), uint64: String(n.isUint ? n.uint64 : 0n), float64: n.isFloat ? n.float64 : 0 };
    }
    case 'if':
    case 'range':
    case 'with':
      return { type: n.type, pos: n.pos, pipe: goShape(n.pipe), list: goShape(n.list), elseList: goShape(n.elseList) };
    case 'template':
      return { type: n.type, pos: n.pos, name: n.name, pipe: goShape(n.pipe) };
    default:
      return { ...n };
  }
}

function ours(c: Case): Expected {
  try {
    const trees = parse(c.name, c.template, {
      leftDelim: c.delims[0],
      rightDelim: c.delims[1],
      parseComments: c.comments,
      hasFunction: (name) => FUNCS.has(name),
    });
    return {
      trees: [...trees.keys()].sort().map((name) => ({ name, root: goShape(trees.get(name)!.root) })),
    };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe('parse trees match Go text/template/parse', () => {
  it('covers every case', () => {
    expect(Object.keys(expected).sort()).toEqual(cases.map((c) => c.name).sort());
  });
  for (const c of cases) {
    it(c.name, () => {
      expect(ours(c)).toEqual(expected[c.name]);
    });
  }
});

describe('token buffers', () => {
  const hasFunction = (name: string): boolean => FUNCS.has(name);
  const byName = new Map(cases.map((c) => [c.name, c]));

  it('grow for long templates, and the parses after them are unaffected', () => {
    // 20,000 actions: 100,000 items, past the first buffer and past what is kept for reuse.
    const text = '{{ .a | quote }}x'.repeat(20000);
    const root = parse('long', text, { hasFunction }).get('long')!.root!;
    expect(root.nodes).toHaveLength(40000);
    expect(root.nodes[39998]).toMatchObject({ type: 'action', pos: 17 * 19999 + 3 });
    expect(root.nodes[39999]).toEqual({ type: 'text', pos: 17 * 19999 + 16, text: 'x' });
    for (const name of ['assign', 'if-else', 'numbers', 'assign']) {
      expect(ours(byName.get(name)!)).toEqual(expected[name]);
    }
  });

  it('reports a lexing error at the end of a long template on its line', () => {
    const text = '{{ .a }}\n'.repeat(5000) + '{{ "unterminated }}';
    expect(() => parse('long', text, { hasFunction })).toThrow('template: long:5001: unterminated quoted string');
  });
});
