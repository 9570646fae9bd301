// BurntSushi/toml v1.6.0's parser over our lexer: it builds the same Go values Helm's fromToml
// returns (map[string]interface {}, []interface {}, []map[string]interface {} for arrays of
// tables, int64, float64, string, bool, time.Time) with the same bookkeeping of implicit tables
// and array keys, so that redefinitions are accepted, ignored or refused exactly as in Helm,
// quirks included (`a.b = 1` then `a = 2` keeps a.b and drops the 2).
import { GoNumber, isGoMap, sliceType, typedSlice, type GoMap, type GoValue } from '../../gotemplate/value.js';
import { quote } from '../../gotemplate/quote.js';
import { fixedZone, type Location } from '../funcs/sprig/extra/gotime/location.js';
import { parseInLocation } from '../funcs/sprig/extra/gotime/parse.js';
import type { GoTime } from '../funcs/sprig/extra/gotime/time.js';
import { TomlParseError } from './errors.js';
import { keyString, type Key } from './key.js';
import { isHex, Lexer, type Item, type ItemType } from './lexer.js';

export type LocalKind = 'datetime' | 'date' | 'time';

interface LocalZones {
  datetime: Location;
  date: Location;
  time: Location;
}

// BurntSushi's internal.LocalDatetime, LocalDate and LocalTime: local date-times, dates and
// times are time.Time values in fixed zones named datetime-local, date-local and time-local,
// whose offset is time.Local's when the process started. One set per offset, so that toToml
// can recognise them by identity as BurntSushi's encoder does.
const zonesByOffset = new Map<number, LocalZones>();
const localKinds = new Map<Location, LocalKind>();

export function localZones(offset: number): LocalZones {
  let zones = zonesByOffset.get(offset);
  if (!zones) {
    zones = { datetime: fixedZone('datetime-local', offset), date: fixedZone('date-local', offset), time: fixedZone('time-local', offset) };
    zonesByOffset.set(offset, zones);
    for (const kind of ['datetime', 'date', 'time'] as const) localKinds.set(zones[kind], kind);
  }
  return zones;
}

/** Which of the decoder's local zones `loc` is, if it is one. */
export function localKind(loc: Location): LocalKind | undefined {
  return localKinds.get(loc);
}

const TABLE_ARRAY = '[]map[string]interface {}';

function newTable(): GoMap {
  // No prototype: "__proto__" is an ordinary key in Go.
  return Object.create(null) as GoMap;
}

function isTableArray(v: GoValue): v is GoMap[] {
  return Array.isArray(v) && sliceType(v) === TABLE_ARRAY;
}

/** A NaN with its sign bit set, as math.Copysign(NaN, -1) makes it (toToml writes "-nan"). */
function negativeNaN(): number {
  const f = new Float64Array([NaN]);
  new Uint8Array(f.buffer)[7]! |= 0x80;
  return f[0]!;
}

/** numHasLeadingZero: a leading zero other than in "0", a base prefix or after a lone sign. */
function hasLeadingZero(s: string): boolean {
  if (s.length > 1 && s[0] === '0' && !(s[1] === 'b' || s[1] === 'o' || s[1] === 'x')) return true;
  return s.length > 2 && (s[0] === '-' || s[0] === '+') && s[1] === '0';
}

/** numUnderscoresOK: every underscore between two (hex) digits. */
function underscoresOK(s: string): boolean {
  if (['nan', '+nan', '-nan', 'inf', '-inf', '+inf'].includes(s)) return true;
  let accept = false;
  for (const c of s) {
    if (c === '_' && !accept) return false;
    accept = isHex(c.codePointAt(0)!);
  }
  return accept;
}

/** numPeriodsOK: every '.' followed by a digit. */
function periodsOK(s: string): boolean {
  let period = false;
  for (const c of s) {
    if (period && !(c >= '0' && c <= '9')) return false;
    period = c === '.';
  }
  return !period;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** strconv.ParseInt(s, 0, 64) for what the lexer lets through: undefined when out of range. */
function parseInt64(s: string): bigint | undefined {
  let body = s.replaceAll('_', '');
  let neg = false;
  if (body[0] === '+' || body[0] === '-') {
    neg = body[0] === '-';
    body = body.slice(1);
  }
  const n = /^0[box]/.test(body) ? BigInt(body) : BigInt(body);
  const v = neg ? -n : n;
  return v < INT64_MIN || v > INT64_MAX ? undefined : v;
}

// strconv.ParseFloat's decimal syntax (hex floats cannot come out of the lexer).
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL_FLOATS: Record<string, number> = { inf: Infinity, '+inf': Infinity, '-inf': -Infinity, nan: NaN };

interface DatetimeLayout {
  layout: string;
  /** Go's time.Local, or one of the local zones. */
  zone: 'local' | LocalKind;
}

// The layouts tried in order; the last three are TOML 1.1's times without seconds.
const DATETIME_LAYOUTS: DatetimeLayout[] = [
  { layout: '2006-01-02T15:04:05.999999999Z07:00', zone: 'local' },
  { layout: '2006-01-02T15:04:05.999999999', zone: 'datetime' },
  { layout: '2006-01-02', zone: 'date' },
  { layout: '15:04:05.999999999', zone: 'time' },
  { layout: '2006-01-02T15:04Z07:00', zone: 'local' },
  { layout: '2006-01-02T15:04', zone: 'datetime' },
  { layout: '15:04', zone: 'time' },
];

/**
 * Go's time.Parse accepts numbers without their leading zero; BurntSushi refuses those by
 * comparing the separators with the layout's, up to the fraction or zone.
 */
function missingLeadingZero(d: string, layout: string): boolean {
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i]!;
    if (c === '.' || c === 'Z') return false;
    if ((c < '0' || c > '9') && d[i] !== c) return true;
  }
  return false;
}

export interface ParseOptions {
  /** Go's time.Local: offset date-times whose offset it has at that instant land in it. */
  local: Location;
  /** time.Local's offset when the process started (seconds east of UTC): the local zones' offset. */
  localOffset: number;
}

export class Parser {
  private readonly lx: Lexer;
  private context: Key = [];
  private currentKey = '';
  /** Line of the key or table name being defined (p.pos in BurntSushi). */
  private posLine = 0;
  readonly mapping: GoMap = newTable();
  private readonly implicits = new Set<string>();
  /** Keys whose last recorded TOML type is an array (BurntSushi's keyInfo). */
  private readonly arrays = new Set<string>();

  constructor(
    input: string,
    private readonly opts: ParseOptions,
  ) {
    this.lx = new Lexer(input);
  }

  parse(): GoMap {
    for (;;) {
      const item = this.next();
      if (item.type === 'EOF') return this.mapping;
      this.topLevel(item);
    }
  }

  private fail(line: number, message: string): never {
    throw new TomlParseError(line, this.current(), message);
  }

  private bug(message: string): never {
    throw new Error(`BUG: ${message}\n\n`);
  }

  private next(): Item {
    const it = this.lx.nextItem();
    if (it.type === 'Error') this.fail(it.line, it.err ?? it.val);
    return it;
  }

  private nextPos(): Item {
    const it = this.next();
    this.posLine = it.line;
    return it;
  }

  private expect(type: ItemType): Item {
    const it = this.next();
    if (it.type !== type) this.bug(`Expected '${type}' but got '${it.type}'.`);
    return it;
  }

  /** The key names up to (not including) an end item. */
  private keyParts(first: Item, end: ItemType): string[] {
    const key: string[] = [];
    let it = first;
    for (; it.type !== end && it.type !== 'EOF'; it = this.next()) key.push(this.keyString(it));
    if (it.type !== end) this.bug(`Expected '${end}' but got '${it.type}'.`);
    return key;
  }

  private topLevel(item: Item): void {
    switch (item.type) {
      case 'CommentStart':
        this.expect('Text');
        return;
      case 'TableStart':
      case 'ArrayTableStart': {
        const array = item.type === 'ArrayTableStart';
        const key = this.keyParts(this.nextPos(), array ? 'ArrayTableEnd' : 'TableEnd');
        this.addContext(key, array);
        this.setType('', false);
        return;
      }
      case 'KeyStart': {
        const outer = this.context;
        this.defineDottedKey(this.keyParts(this.nextPos(), 'KeyEnd'));
        const [val, isArray] = this.value(this.next(), false);
        this.setValue(this.currentKey, val);
        this.setType(this.currentKey, isArray);
        this.context = outer;
        this.currentKey = '';
        return;
      }
      default:
        this.bug(`Unexpected type at top level: ${item.type}`);
    }
  }

  /** `a.b.c = ...`: a and a.b become implicit tables, c the current key. */
  private defineDottedKey(key: string[]): string[] {
    this.currentKey = key[key.length - 1]!;
    const parents = key.slice(0, -1);
    for (const part of parents) this.addImplicitContext([...this.context, part]);
    return parents;
  }

  private keyString(it: Item): string {
    switch (it.type) {
      case 'Text':
        return it.val;
      case 'String':
      case 'StringEsc':
      case 'MultilineString':
      case 'RawString':
      case 'RawMultilineString':
        return this.value(it, false)[0] as string;
      default:
        this.bug(`Unexpected key type: ${it.type}`);
    }
  }

  /** The Go value of an item, and whether its TOML type is an array. */
  private value(it: Item, parentIsArray: boolean): [GoValue, boolean] {
    switch (it.type) {
      case 'String':
      case 'RawString':
        return [it.val, false];
      case 'StringEsc':
        return [this.replaceEscapes(it, it.val), false];
      case 'MultilineString':
        return [this.replaceEscapes(it, stripEscapedNewlines(stripFirstNewline(it.val))), false];
      case 'RawMultilineString':
        return [stripFirstNewline(it.val), false];
      case 'Integer':
        return [this.valueInteger(it), false];
      case 'Float':
        return [this.valueFloat(it), false];
      case 'Bool':
        if (it.val === 'true') return [true, false];
        if (it.val === 'false') return [false, false];
        return this.bug(`Expected boolean value, but got '${it.val}'.`);
      case 'Datetime':
        return [this.valueDatetime(it), false];
      case 'Array':
        return [this.valueArray(), true];
      case 'InlineTableStart':
        return [this.valueInlineTable(parentIsArray), false];
      default:
        this.bug(`Unexpected value type: ${it.type}`);
    }
  }

  private valueInteger(it: Item): GoNumber {
    if (!underscoresOK(it.val)) this.fail(it.line, `Invalid integer ${quote(it.val)}: underscores must be surrounded by digits`);
    if (hasLeadingZero(it.val)) this.fail(it.line, `Invalid integer ${quote(it.val)}: cannot have leading zeroes`);
    const n = parseInt64(it.val);
    if (n === undefined) this.fail(it.line, `${it.val} is out of range for int64`);
    return new GoNumber('int64', n);
  }

  private valueFloat(it: Item): number {
    const parts = it.val.split(/[.eE]/).filter((p) => p !== '');
    for (const part of parts) {
      if (!underscoresOK(part)) this.fail(it.line, `Invalid float ${quote(it.val)}: underscores must be surrounded by digits`);
    }
    if (parts.length > 0 && hasLeadingZero(parts[0]!)) this.fail(it.line, `Invalid float ${quote(it.val)}: cannot have leading zeroes`);
    if (!periodsOK(it.val)) this.fail(it.line, `Invalid float ${quote(it.val)}: '.' must be followed by one or more digits`);
    const val = it.val.replaceAll('_', '');
    if (val === '-nan') return negativeNaN();
    if (val === '+nan') return NaN;
    const special = SPECIAL_FLOATS[val];
    if (special !== undefined) return special;
    if (!FLOAT.test(val)) this.fail(it.line, `Invalid float value: ${quote(it.val)}`);
    const num = Number(val);
    if (!Number.isFinite(num)) this.fail(it.line, `${it.val} is out of range for float64`);
    return num;
  }

  private valueDatetime(it: Item): GoTime {
    const val = it.val.replaceAll('z', 'Z').replaceAll('t', 'T').replaceAll(' ', 'T');
    const zones = localZones(this.opts.localOffset);
    for (const { layout, zone } of DATETIME_LAYOUTS) {
      let t: GoTime;
      try {
        t = parseInLocation(layout, val, zone === 'local' ? this.opts.local : zones[zone], this.opts.local);
      } catch {
        continue;
      }
      if (missingLeadingZero(val, layout)) break;
      return t;
    }
    this.fail(it.line, `invalid datetime: ${quote(val)}`);
  }

  private valueArray(): GoValue[] {
    this.setType(this.currentKey, true);
    const array: GoValue[] = [];
    for (let x = this.next(); x.type !== 'ArrayEnd'; x = this.next()) {
      if (x.type === 'CommentStart') {
        this.expect('Text');
        continue;
      }
      array.push(this.value(x, true)[0]);
    }
    return array;
  }

  private valueInlineTable(parentIsArray: boolean): GoMap {
    const top = newTable();
    const outerContext = this.context;
    const outerKey = this.currentKey;
    this.context = [...this.context, this.currentKey];
    const prevContext = this.context;
    this.currentKey = '';
    this.addImplicit(this.context);
    this.addContext(this.context, parentIsArray);

    for (let it = this.next(); it.type !== 'InlineTableEnd'; it = this.next()) {
      if (it.type === 'CommentStart') {
        this.expect('Text');
        continue;
      }
      const parents = this.defineDottedKey(this.keyParts(this.nextPos(), 'KeyEnd'));
      const [val, isArray] = this.value(this.next(), false);
      this.setValue(this.currentKey, val);
      this.setType(this.currentKey, isArray);

      // The inline table's own copy of the value, under its dotted parents.
      let hash = top;
      for (const c of parents) {
        let h = hash[c];
        if (h === undefined) {
          h = newTable();
          hash[c] = h;
        }
        if (!isGoMap(h)) this.fail(this.posLine, `${quote(keyString(this.context))} is not a table`);
        hash = h;
      }
      hash[this.currentKey] = val;
      this.context = prevContext;
    }
    this.context = outerContext;
    this.currentKey = outerKey;
    return top;
  }

  /**
   * Makes `key` the current table (or a new element of the array of tables `key`), creating
   * implicit parent tables on the way.
   */
  private addContext(key: Key, array: boolean): void {
    let hash = this.mapping;
    const keyContext: string[] = [];
    for (const k of key.slice(0, -1)) {
      keyContext.push(k);
      if (!(k in hash)) {
        this.addImplicit(keyContext);
        hash[k] = newTable();
      }
      const t = hash[k]!;
      if (isTableArray(t)) hash = t[t.length - 1]!;
      else if (isGoMap(t)) hash = t;
      else this.fail(this.posLine, `Key '${keyString(keyContext)}' was already created as a hash.`);
    }
    this.context = keyContext;
    const last = key[key.length - 1]!;
    if (array) {
      if (!(last in hash)) hash[last] = typedSlice([], TABLE_ARRAY);
      const t = hash[last]!;
      if (!isTableArray(t)) this.fail(this.posLine, `Key '${keyString(key)}' was already created and cannot be used as an array.`);
      t.push(newTable());
    } else {
      this.setValue(last, newTable());
    }
    this.context = [...keyContext, last];
  }

  private setValue(key: string, value: GoValue): void {
    let hash = this.mapping;
    const keyContext: string[] = [];
    for (const k of this.context) {
      keyContext.push(k);
      if (!(k in hash)) this.bug(`Context for key '${keyString(keyContext)}' has not been established.`);
      const t = hash[k]!;
      if (isTableArray(t)) hash = t[t.length - 1]!;
      else if (isGoMap(t)) hash = t;
      else this.fail(this.posLine, `Key '${keyString(keyContext)}' has already been defined.`);
    }
    keyContext.push(key);
    if (key in hash) {
      // An implicit table may be defined once for real: the existing table stays. An array
      // being replaced (its inline tables were built in place) takes the new value.
      if (this.isImplicit(keyContext)) {
        this.removeImplicit(keyContext);
        if (this.isArray(keyContext)) hash[key] = value;
        return;
      }
      this.fail(this.posLine, `Key '${keyString(keyContext)}' has already been defined.`);
    }
    hash[key] = value;
  }

  private setType(key: string, isArray: boolean): void {
    const k = key === '' ? [...this.context] : [...this.context, key];
    const name = keyString(k.length === 0 ? [''] : k);
    if (isArray) this.arrays.add(name);
    else this.arrays.delete(name);
  }

  private addImplicit(key: Key): void {
    this.implicits.add(keyString(key));
  }

  private removeImplicit(key: Key): void {
    this.implicits.delete(keyString(key));
  }

  private isImplicit(key: Key): boolean {
    return this.implicits.has(keyString(key));
  }

  private isArray(key: Key): boolean {
    return this.arrays.has(keyString(key));
  }

  private addImplicitContext(key: Key): void {
    this.addImplicit(key);
    this.addContext(key, false);
  }

  /** The last key parsed, for error messages. */
  private current(): string {
    if (this.currentKey === '') return keyString(this.context);
    if (this.context.length === 0) return this.currentKey;
    return `${keyString(this.context)}.${this.currentKey}`;
  }

  private replaceEscapes(it: Item, s: string): string {
    let out = '';
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = s[i + 1];
      switch (e) {
        case ' ':
        case '\t':
          return this.fail(it.line, `invalid escape: '\\${e}'`);
        case 'b':
          out += '\b';
          break;
        case 't':
          out += '\t';
          break;
        case 'n':
          out += '\n';
          break;
        case 'f':
          out += '\f';
          break;
        case 'r':
          out += '\r';
          break;
        case 'e':
          out += '\x1b';
          break;
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case 'x':
          out += this.escapedRune(it, s.slice(i + 2, i + 4));
          i += 2;
          break;
        case 'u':
          out += this.escapedRune(it, s.slice(i + 2, i + 6));
          i += 4;
          break;
        case 'U':
          out += this.escapedRune(it, s.slice(i + 2, i + 10));
          i += 8;
          break;
        default:
          this.bug(`Expected valid escape code after \\, but got ${quote(e ?? '')}.`);
      }
      i++;
    }
    return out;
  }

  private escapedRune(it: Item, hex: string): string {
    const r = parseInt(hex, 16);
    if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) this.fail(it.line, `Escaped character '\\u${hex}' is not valid UTF-8.`);
    return String.fromCodePoint(r);
  }
}

function stripFirstNewline(s: string): string {
  if (s.startsWith('\n')) return s.slice(1);
  if (s.startsWith('\r\n')) return s.slice(2);
  return s;
}

/**
 * Removes line-ending backslashes in """ strings with the whitespace after them: a backslash
 * followed by whitespace that reaches a newline.
 */
function stripEscapedNewlines(input: string): string {
  let s = input;
  let out = '';
  let i = 0;
  for (;;) {
    const ix = s.indexOf('\\', i);
    if (ix < 0) return out + s;
    i = ix;
    if (s[i + 1] === '\\') {
      i += 2;
      continue;
    }
    let j = i + 1;
    while (j < s.length && ' \t\r\n'.includes(s[j]!)) j++;
    if (j === i + 1 || !s.slice(i, j).includes('\n')) {
      // Not a whitespace escape, or whitespace not ending the line (replaceEscapes rejects it).
      i++;
      continue;
    }
    out += s.slice(0, i);
    s = s.slice(j);
    i = 0;
  }
}
