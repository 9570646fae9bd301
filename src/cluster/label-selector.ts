// Kubernetes label selectors (`-l`), parsed on our side with the grammar and the error texts of
// k8s.io/apimachinery/pkg/labels.Parse, so a malformed selector is reported before any request
// (as flux and kubectl do) with the words users know. Fixture: kubectl's own parser.

export type SelectorOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'gt' | 'lt' | 'exists' | '!';

export interface LabelRequirement {
  key: string;
  operator: SelectorOperator;
  /** Sorted, without duplicates (a Go sets.String). Empty for exists / does-not-exist. */
  values: string[];
}

/** A parsed selector; no requirements selects everything. */
export interface LabelSelector {
  requirements: LabelRequirement[];
  matches(labels: Readonly<Record<string, string>>): boolean;
}

/** A selector that does not follow the grammar; `message` is apimachinery's text. */
export class LabelSelectorError extends Error {
  override readonly name = 'LabelSelectorError';
}

const enum Tok {
  EndOfString,
  ClosedPar,
  Comma,
  DoesNotExist,
  DoubleEquals,
  Equals,
  GreaterThan,
  Identifier,
  In,
  LessThan,
  NotEquals,
  NotIn,
  OpenPar,
}

const LITERALS: ReadonlyMap<string, Tok> = new Map([
  [')', Tok.ClosedPar],
  [',', Tok.Comma],
  ['!', Tok.DoesNotExist],
  ['==', Tok.DoubleEquals],
  ['=', Tok.Equals],
  ['>', Tok.GreaterThan],
  ['in', Tok.In],
  ['<', Tok.LessThan],
  ['!=', Tok.NotEquals],
  ['notin', Tok.NotIn],
  ['(', Tok.OpenPar],
]);

const BINARY_OPERATORS = 'in, notin, =, ==, !=, gt, lt';

interface Item {
  tok: Tok;
  lit: string;
}

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string) => '=!(),><'.includes(ch);

/** Splits the selector into tokens; Go's lexer stops at the end or at a NUL byte. */
function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  const read = () => (pos < s.length ? s[pos++]! : '\0');
  for (;;) {
    let ch = read();
    while (isWhitespace(ch)) ch = read();
    if (ch === '\0') {
      items.push({ tok: Tok.EndOfString, lit: '' });
      return items;
    }
    pos--;
    if (isSpecial(ch)) {
      // Longest run of symbols that is still an operator: `!=`, `==`, else one symbol.
      let buffer = '';
      let last: Item | undefined;
      for (;;) {
        const c = read();
        if (c === '\0') break;
        if (!isSpecial(c)) {
          pos--;
          break;
        }
        buffer += c;
        const tok = LITERALS.get(buffer);
        if (tok !== undefined) last = { tok, lit: buffer };
        else if (last) {
          pos--;
          break;
        }
      }
      // Every single symbol is an operator, so `last` is always set here.
      items.push(last!);
    } else {
      let buffer = '';
      for (;;) {
        const c = read();
        if (c === '\0') break;
        if (isSpecial(c) || isWhitespace(c)) {
          pos--;
          break;
        }
        buffer += c;
      }
      const tok = LITERALS.get(buffer);
      items.push({ tok: tok ?? Tok.Identifier, lit: buffer });
    }
  }
}

// ---- validation texts (k8s.io/apimachinery/pkg/util/validation) -------------------------------

const QUALIFIED_NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const QUALIFIED_NAME_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** Go measures lengths in bytes. */
const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');
const maxLen = (n: number) => `must be no more than ${n} bytes`;

function dns1123SubdomainErrors(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 253) errs.push(maxLen(253));
  if (!DNS1123_SUBDOMAIN_RE.test(value)) errs.push(DNS1123_SUBDOMAIN_MSG);
  return errs;
}

function labelKeyErrors(key: string): string[] {
  const parts = key.split('/');
  if (parts.length > 2) return [`a valid label key ${QUALIFIED_NAME_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  const errs: string[] = [];
  const name = parts.length === 2 ? parts[1]! : parts[0]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix === '') errs.push('prefix part must be non-empty');
    else for (const e of dns1123SubdomainErrors(prefix)) errs.push(`prefix part ${e}`);
  }
  if (name === '') errs.push('name part must be non-empty');
  else if (byteLength(name) > 63) errs.push(`name part ${maxLen(63)}`);
  if (!QUALIFIED_NAME_RE.test(name)) errs.push(`name part ${QUALIFIED_NAME_MSG}`);
  return errs;
}

function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > 63) errs.push(maxLen(63));
  if (!LABEL_VALUE_RE.test(value)) errs.push(LABEL_VALUE_MSG);
  return errs;
}

const GO_ESCAPES: Readonly<Record<string, string>> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };

/** Go's %q (strconv.Quote): what unicode.IsPrint rejects is escaped, ASCII as \xNN. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    const escape = GO_ESCAPES[ch];
    if (escape) out += escape;
    else if (ch !== ' ' && /[\p{C}\p{Z}]/u.test(ch)) {
      if (code < 0x80) out += `\\x${code.toString(16).padStart(2, '0')}`;
      else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
      else out += `\\U${code.toString(16).padStart(8, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

/** field.Invalid(...).Error(): `<path>: Invalid value: "<value>": <detail>`. */
function invalid(path: string, value: string, detail: string): string {
  return `${path}: Invalid value: ${goQuote(value)}: ${detail}`;
}

/** utilerrors.Aggregate: one message as is, several in brackets (duplicates dropped). */
function aggregate(messages: string[]): string | undefined {
  const unique = [...new Set(messages)];
  if (unique.length === 0) return undefined;
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.ParseInt(v, 10, 64) succeeds. */
function isInt64(v: string): boolean {
  if (!/^[+-]?[0-9]+$/.test(v)) return false;
  const n = BigInt(v);
  return n >= INT64_MIN && n <= INT64_MAX;
}

/** NewRequirement's checks on the values (the key was checked while parsing). */
function requirementErrors(key: string, operator: SelectorOperator, values: string[]): string | undefined {
  const errs: string[] = [];
  if (operator === 'gt' || operator === 'lt') {
    // The grammar gives gt/lt exactly one value, so only the integer check can fail.
    values.forEach((v, i) => {
      if (!isInt64(v)) errs.push(invalid(`values[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
    });
  }
  values.forEach((v, i) => {
    const e = labelValueErrors(v);
    if (e.length) errs.push(invalid(`values[${i}][${key}]`, v, e.join('; ')));
  });
  return aggregate(errs);
}

/** sets.String.List(): sorted by bytes, no duplicates. */
function sortedSet(values: Set<string>): string[] {
  return [...values].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

// ---- parser (labels.Parser) -------------------------------------------------------------------

class Parser {
  private position = 0;
  constructor(private readonly items: Item[]) {}

  /** In a values context `in` and `notin` are plain identifiers (`in in (in)` is valid). */
  private lookahead(values: boolean): Item {
    const item = this.items[this.position]!;
    return values && (item.tok === Tok.In || item.tok === Tok.NotIn) ? { tok: Tok.Identifier, lit: item.lit } : item;
  }

  private consume(values: boolean): Item {
    const item = this.lookahead(values);
    this.position++;
    return item;
  }

  parse(): LabelRequirement[] {
    const requirements: LabelRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead(true);
      if (tok === Tok.EndOfString) return requirements;
      if (tok !== Tok.Identifier && tok !== Tok.DoesNotExist) throw new LabelSelectorError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      try {
        requirements.push(this.requirement());
      } catch (err) {
        if (err instanceof LabelSelectorError) throw new LabelSelectorError(`unable to parse requirement: ${err.message}`);
        throw err;
      }
      const next = this.consume(true);
      if (next.tok === Tok.EndOfString) return requirements;
      if (next.tok !== Tok.Comma) throw new LabelSelectorError(`found '${next.lit}', expected: ',' or 'end of string'`);
      const after = this.lookahead(true);
      if (after.tok !== Tok.Identifier && after.tok !== Tok.DoesNotExist) throw new LabelSelectorError(`found '${after.lit}', expected: identifier after ','`);
    }
  }

  private requirement(): LabelRequirement {
    let { tok, lit } = this.consume(true);
    let negated = false;
    if (tok === Tok.DoesNotExist) {
      negated = true;
      ({ tok, lit } = this.consume(true));
    }
    if (tok !== Tok.Identifier) throw new LabelSelectorError(`found '${lit}', expected: identifier`);
    const key = lit;
    const keyErrors = labelKeyErrors(key);
    if (keyErrors.length) throw new LabelSelectorError(invalid('<nil>', key, keyErrors.join('; ')));
    const ahead = this.lookahead(true).tok;
    if (negated || ahead === Tok.EndOfString || ahead === Tok.Comma) return { key, operator: negated ? '!' : 'exists', values: [] };

    const op = this.consume(false);
    const operator = OPERATORS.get(op.tok);
    if (!operator) throw new LabelSelectorError(`found '${op.lit}', expected: ${BINARY_OPERATORS}`);
    const values = sortedSet(operator === 'in' || operator === 'notin' ? this.setValues() : this.exactValue());
    const error = requirementErrors(key, operator, values);
    if (error) throw new LabelSelectorError(error);
    return { key, operator, values };
  }

  /** `(a,b,...)`; `()` and empty members stand for the empty value. */
  private setValues(): Set<string> {
    const open = this.consume(true);
    if (open.tok !== Tok.OpenPar) throw new LabelSelectorError(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead(true);
    if (tok === Tok.ClosedPar) {
      this.consume(true);
      return new Set(['']);
    }
    if (tok !== Tok.Identifier && tok !== Tok.Comma) throw new LabelSelectorError(`found '${lit}', expected: ',', ')' or identifier`);
    const values = this.identifierList();
    if (this.consume(true).tok !== Tok.ClosedPar) throw new LabelSelectorError(`found '${lit}', expected: ')'`);
    return values;
  }

  private identifierList(): Set<string> {
    const values = new Set<string>();
    for (;;) {
      const { tok, lit } = this.consume(true);
      if (tok === Tok.Identifier) {
        values.add(lit);
        const next = this.lookahead(true);
        if (next.tok === Tok.Comma) continue;
        if (next.tok === Tok.ClosedPar) return values;
        throw new LabelSelectorError(`found '${next.lit}', expected: ',' or ')'`);
      }
      if (tok !== Tok.Comma) throw new LabelSelectorError(`found '${lit}', expected: ',', or identifier`);
      if (values.size === 0) values.add('');
      const next = this.lookahead(true).tok;
      if (next === Tok.ClosedPar) {
        values.add('');
        return values;
      }
      if (next === Tok.Comma) {
        this.consume(true);
        values.add('');
      }
    }
  }

  private exactValue(): Set<string> {
    const ahead = this.lookahead(true).tok;
    if (ahead === Tok.EndOfString || ahead === Tok.Comma) return new Set(['']);
    const { tok, lit } = this.consume(true);
    if (tok === Tok.Identifier) return new Set([lit]);
    throw new LabelSelectorError(`found '${lit}', expected: identifier`);
  }
}

const OPERATORS: ReadonlyMap<Tok, SelectorOperator> = new Map([
  [Tok.In, 'in'],
  [Tok.Equals, '='],
  [Tok.DoubleEquals, '=='],
  [Tok.GreaterThan, 'gt'],
  [Tok.LessThan, 'lt'],
  [Tok.NotIn, 'notin'],
  [Tok.NotEquals, '!='],
]);

function requirementMatches(r: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key]! : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return value !== undefined && r.values.includes(value);
    case 'notin':
    case '!=':
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (value === undefined || !isInt64(value) || r.values.length !== 1) return false;
      const [have, want] = [BigInt(value), BigInt(r.values[0]!)];
      return r.operator === 'gt' ? have > want : have < want;
    }
  }
}

/**
 * Parses a selector as labels.Parse does; throws LabelSelectorError with apimachinery's message.
 * Requirements come back sorted by key, as Go sorts them.
 */
export function parseLabelSelector(text: string): LabelSelector {
  const requirements = new Parser(lex(text)).parse();
  requirements.sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
  return { requirements, matches: (labels) => requirements.every((r) => requirementMatches(r, labels)) };
}

/** flux's wording for a malformed `-l` (cmd/flux/get.go): `unable to parse label selector: <detail>`. */
export function labelSelectorMessage(err: LabelSelectorError): string {
  return `unable to parse label selector: ${err.message}`;
}
