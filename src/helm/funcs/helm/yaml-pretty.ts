// Helm's toYamlPretty encodes with go-yaml v3 at indent 2, whose visible difference from
// toYaml (go-yaml v2 through sigs.k8s.io/yaml) is that block sequences under a mapping key
// are indented. We derive it from toYaml's text: shift every such sequence block by two spaces.
import type { GoValue } from '../../../gotemplate/value.js';
import { toYaml } from '../../yaml/index.js';

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

const BLOCK_SCALAR = /(?:^|[:-] )[|>][0-9+-]*$/;

export function indentSequences(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  // Each open shift: lines indented at least `from` (relative to the input) move right by `by`.
  const shifts: { from: number; by: number }[] = [];
  let scalarIndent = -1;
  let prevKeyIndent = -1;
  for (const line of lines) {
    const ind = indentOf(line);
    const body = line.slice(ind);
    if (scalarIndent >= 0 && (body === '' || ind > scalarIndent)) {
      const by = shifts.reduce((n, s) => (ind >= s.from ? n + s.by : n), 0);
      out.push(body === '' ? line : ' '.repeat(by) + line);
      continue;
    }
    scalarIndent = -1;
    while (shifts.length > 0) {
      const top = shifts[shifts.length - 1]!;
      if (ind > top.from || (ind === top.from && body.startsWith('- '))) break;
      if (ind === top.from && body === '-') break;
      shifts.pop();
    }
    if ((body.startsWith('- ') || body === '-') && prevKeyIndent === ind) shifts.push({ from: ind, by: 2 });
    const by = shifts.reduce((n, s) => (ind >= s.from ? n + s.by : n), 0);
    out.push(' '.repeat(by) + line);
    // A "key:" with nothing after it opens a nested block at the same or deeper indentation.
    const keyOnly = /^(?:- )*[^\s#].*:$/.test(body) && !body.startsWith('- ');
    const seqKey = /^(- )+[^\s#].*:$/.test(body);
    prevKeyIndent = keyOnly ? ind : seqKey ? ind + (body.match(/^(- )+/)![0].length) : -1;
    if (BLOCK_SCALAR.test(body)) scalarIndent = ind;
  }
  return out.join('\n');
}

export function toYamlPretty(v: GoValue): string {
  const y = toYaml(v);
  return y === '' ? '' : indentSequences(y);
}
