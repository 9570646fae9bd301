// go-yaml's error texts for the syntax errors users actually make. The `yaml` package finds the
// error; we translate its code and position into what libyaml (go-yaml's parser) reports, with
// go-yaml's line rule: scanner errors print the 1-based line, parser errors the 0-based one, and
// line 0 prints no "line N: " at all.
import type { YAMLError } from 'yaml';

export class YamlSyntaxError extends Error {
  constructor(detail: string, line = 0) {
    super(line > 0 ? `yaml: line ${line}: ${detail}` : `yaml: ${detail}`);
    this.name = 'YamlSyntaxError';
  }
}

function newlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export function toGoYamlError(e: YAMLError, text: string): YamlSyntaxError {
  const lineAt = (offset: number): number => newlines(text.slice(0, offset)) + 1;
  const line1 = lineAt(e.pos[0]); // 1-based line where the `yaml` package saw it
  const lines = text.split('\n');
  const msg = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  switch (e.code) {
    case 'MISSING_CHAR':
      if (/quote/.test(msg)) return new YamlSyntaxError('found unexpected end of stream', newlines(text) + 1);
      break;
    case 'BAD_INDENT':
      if (msg.startsWith('Flow sequence')) return new YamlSyntaxError("did not find expected ',' or ']'", newlines(text));
      if (msg.startsWith('Flow map')) return new YamlSyntaxError("did not find expected ',' or '}'", newlines(text));
      if (msg.startsWith('All mapping items') || msg.startsWith('All collection items')) {
        const prev = lines.slice(0, line1 - 1).reverse().find((l) => l.trim() !== '' && !l.trim().startsWith('#')) ?? '';
        const detail = prev.trim().startsWith('- ') || prev.trim() === '-' ? "did not find expected '-' indicator" : 'did not find expected key';
        return new YamlSyntaxError(detail, line1 - 1);
      }
      break;
    case 'TAB_AS_INDENT':
    case 'BAD_SCALAR_START':
      return new YamlSyntaxError('found character that cannot start any token', line1 > 1 ? line1 : 0);
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY': {
      const at = lineAt(e.pos[1]);
      const l = e.code === 'MULTILINE_IMPLICIT_KEY' ? at : line1;
      return new YamlSyntaxError('mapping values are not allowed in this context', l > 1 ? l : 0);
    }
    case 'DUPLICATE_KEY':
      return new YamlSyntaxError(msg, line1);
  }
  return new YamlSyntaxError(lowerFirst(msg), line1);
}

function lowerFirst(s: string): string {
  return s.length > 0 ? s[0]!.toLowerCase() + s.slice(1) : s;
}
