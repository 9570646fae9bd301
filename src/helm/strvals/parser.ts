// Helm's strvals: the `--set name=value,list[0].x={a,b}` syntax, with its typing rules
// (true/false/null, int64 for digits not starting with 0), backslash escapes in keys and
// values, list indices capped at 65536, names nested at most 30 deep, and its exact errors.
import { basicTypeName, GoNumber, isGoMap, type GoMap, type GoValue } from '../../gotemplate/value.js';
import { decodeFirst } from '../gojson/unmarshal.js';

export const MAX_INDEX = 65536;
export const MAX_NESTED_NAME_LEVEL = 30;

/** Reads a value's runes into a value (typed, string, file contents...). */
export type RunesValueReader = (runes: string) => GoValue;

class EOF extends Error {
  constructor() {
    super('EOF');
  }
}
class NotList extends Error {
  constructor() {
    super('not a list');
  }
}

export class StrvalsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StrvalsError';
  }
}

/** Go's %q for the strings strvals quotes (keys, index text). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x07) out += '\\a';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c === 0x0b) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + '"';
}

/** Go's %q of a []rune: each rune as a quoted character literal, e.g. ['n' 'a']. */
export function goQuoteRunes(s: string): string {
  const lit = (ch: string): string => {
    if (ch === "'") return "'\\''";
    if (ch === '"') return `'"'`;
    const q = goQuote(ch);
    return `'${q.slice(1, -1)}'`;
  };
  return `[${Array.from(s, lit).join(' ')}]`;
}

/** The Go type name a panic message would show for a value. */
function goTypeName(v: GoValue): string {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return '[]interface {}';
  if (v instanceof GoNumber) return v.kind;
  return basicTypeName(v) ?? 'map[string]interface {}';
}

/** A Go type-assertion panic, recovered by key() into "unable to parse key: ...". */
class ConversionPanic extends Error {
  constructor(v: GoValue, want: string) {
    super(`interface conversion: interface {} is ${goTypeName(v)}, not ${want}`);
  }
}

function asList(v: GoValue): GoValue[] {
  if (Array.isArray(v)) return v;
  throw new ConversionPanic(v, '[]interface {}');
}
function asMap(v: GoValue): GoMap {
  if (v !== null && v !== undefined && isGoMap(v)) return v;
  throw new ConversionPanic(v, 'map[string]interface {}');
}

const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;

/** Helm's typedVal: the --set typing of a value. */
export function typedVal(val: string, forceString: boolean): GoValue {
  if (forceString) return val;
  const lower = val.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (val === '0') return new GoNumber('int64', 0n);
  if (val.length !== 0 && val[0] !== '0' && /^[+-]?[0-9]+$/.test(val)) {
    const n = BigInt(val);
    if (n >= -(2n ** 63n) && n <= 2n ** 63n - 1n) return new GoNumber('int64', n);
  }
  return val;
}

function newMap(): GoMap {
  return Object.create(null) as GoMap;
}

function set(data: GoMap, key: string, val: GoValue): void {
  if (key.length === 0) return;
  data[key] = val;
}

function setIndex(list: GoValue[], index: number, val: GoValue): GoValue[] {
  if (index < 0) throw new StrvalsError(`negative ${index} index not allowed`);
  if (index > MAX_INDEX) throw new StrvalsError(`index of ${index} is greater than maximum supported index of ${MAX_INDEX}`);
  const out = list.length <= index ? [...list, ...new Array<GoValue>(index + 1 - list.length).fill(null)] : list;
  out[index] = val;
  return out;
}

/** Go's strconv.Atoi with its errors. */
function atoi(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new StrvalsError(`strconv.Atoi: parsing ${goQuote(s)}: invalid syntax`);
  const n = BigInt(s);
  if (n < -(2n ** 63n) || n > 2n ** 63n - 1n) throw new StrvalsError(`strconv.Atoi: parsing ${goQuote(s)}: value out of range`);
  return Number(n);
}

type Mode = { kind: 'reader'; reader: RunesValueReader } | { kind: 'json' } | { kind: 'literal' };

class Parser {
  private pos = 0;
  private readonly chars: string[];

  constructor(
    text: string,
    private readonly data: GoMap,
    private readonly mode: Mode,
  ) {
    this.chars = Array.from(text);
  }

  parse(): void {
    for (;;) {
      try {
        this.key(this.data, 0);
      } catch (e) {
        if (e instanceof EOF) return;
        throw e;
      }
    }
  }

  private readRune(): string | undefined {
    return this.chars[this.pos++];
  }
  private unreadRune(): void {
    this.pos--;
  }

  /** runesUntil: reads up to a stop rune, handling backslash escapes (not in literal mode). */
  private runesUntil(stop: string): { v: string; last: string | undefined; eof: boolean } {
    let v = '';
    for (;;) {
      const r = this.readRune();
      if (r === undefined) {
        this.pos = this.chars.length;
        return { v, last: undefined, eof: true };
      }
      if (stop.includes(r)) return { v, last: r, eof: false };
      if (r === '\\' && this.mode.kind !== 'literal') {
        const next = this.readRune();
        if (next === undefined) {
          this.pos = this.chars.length;
          return { v, last: undefined, eof: true };
        }
        v += next;
        continue;
      }
      v += r;
    }
  }

  private key(data: GoMap, nestedNameLevel: number): void {
    try {
      this.keyInner(data, nestedNameLevel);
    } catch (e) {
      if (e instanceof ConversionPanic) throw new StrvalsError(`unable to parse key: ${e.message}`);
      throw e;
    }
  }

  private keyInner(data: GoMap, nestedNameLevel: number): void {
    const stop = this.mode.kind === 'literal' ? '=[.' : '=[,.';
    const { v: k, last, eof } = this.runesUntil(stop);
    if (eof) {
      if (k.length === 0) throw new EOF();
      throw new StrvalsError(`key ${goQuote(k)} has no value`);
    }
    switch (last) {
      case '[': {
        let i: number;
        try {
          i = this.keyIndex();
        } catch (e) {
          // Helm wraps io.EOF here with %w, so its parse loop still sees EOF and stops quietly.
          if (e instanceof EOF) throw e;
          throw new StrvalsError(`error parsing index: ${(e as Error).message}`);
        }
        let list: GoValue[] = [];
        if (k in data) list = asList(data[k]!);
        let err: unknown;
        try {
          list = this.listItem(list, i, nestedNameLevel);
        } catch (e) {
          err = e;
          if (e instanceof ListError) list = e.list;
          else throw e;
        }
        set(data, k, list);
        if (err) throw (err as ListError).cause;
        return;
      }
      case '=': {
        if (this.mode.kind === 'json') {
          this.jsonValue((v) => set(data, k, v));
          return;
        }
        if (this.mode.kind === 'literal') {
          set(data, k, this.rest());
          return;
        }
        let vl: GoValue[];
        try {
          vl = this.valList();
        } catch (e) {
          if (e instanceof EOF) {
            set(data, k, '');
            throw e;
          }
          if (e instanceof NotList) {
            const rs = this.val();
            const v = this.read(rs, (val) => set(data, k, val));
            set(data, k, v);
            return;
          }
          throw e;
        }
        set(data, k, vl);
        return;
      }
      case ',':
        set(data, k, '');
        throw new StrvalsError(`key ${goQuote(k)} has no value (cannot end with ,)`);
      case '.': {
        nestedNameLevel++;
        if (nestedNameLevel > MAX_NESTED_NAME_LEVEL) {
          throw new StrvalsError(`value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`);
        }
        let inner = newMap();
        if (k in data) inner = asMap(data[k]!);
        let err: unknown;
        try {
          this.key(inner, nestedNameLevel);
        } catch (e) {
          err = e;
        }
        if (err === undefined && Object.keys(inner).length === 0) throw new StrvalsError(`key map ${goQuote(k)} has no value`);
        if (Object.keys(inner).length !== 0) set(data, k, inner);
        if (err !== undefined) throw err;
        return;
      }
    }
  }

  /** The file reader may fail after the key is set (Helm sets nil then reports). */
  private read(rs: string, onError: (v: GoValue) => void): GoValue {
    const m = this.mode as { kind: 'reader'; reader: RunesValueReader };
    try {
      return m.reader(rs);
    } catch (e) {
      onError(null);
      throw e;
    }
  }

  private rest(): string {
    const v = this.chars.slice(this.pos).join('');
    this.pos = this.chars.length;
    return v;
  }

  /** Consumes spaces up to a comma or the end (an empty value) or stops before anything else. */
  private emptyVal(): boolean {
    for (;;) {
      const r = this.readRune();
      if (r === undefined) {
        this.pos = this.chars.length;
        return true;
      }
      if (r === ',') return true;
      if (!GO_SPACE.test(r)) {
        this.unreadRune();
        return false;
      }
    }
  }

  private jsonValue(assign: (v: GoValue) => void): void {
    if (this.emptyVal()) {
      assign(null);
      return;
    }
    const restText = this.chars.slice(this.pos).join('');
    const { value, end } = decodeFirst(restText, 0);
    assign(value);
    this.pos += Array.from(restText.slice(0, end)).length;
    this.emptyVal();
  }

  private val(): string {
    return this.runesUntil(',').v;
  }

  private valList(): GoValue[] {
    const r = this.readRune();
    if (r === undefined) {
      this.pos = this.chars.length;
      throw new EOF();
    }
    if (r !== '{') {
      this.unreadRune();
      throw new NotList();
    }
    const list: GoValue[] = [];
    const m = this.mode as { kind: 'reader'; reader: RunesValueReader };
    for (;;) {
      const { v: rs, last, eof } = this.runesUntil(',}');
      if (eof) throw new StrvalsError("list must terminate with '}'");
      if (last === '}') {
        const next = this.readRune();
        if (next !== undefined && next !== ',') this.unreadRune();
        if (next === undefined) this.pos = this.chars.length;
        list.push(m.reader(rs));
        return list;
      }
      list.push(m.reader(rs));
    }
  }

  private keyIndex(): number {
    const { v, eof } = this.runesUntil(']');
    if (eof) throw new EOF();
    return atoi(v);
  }

  private listItem(list: GoValue[], i: number, nestedNameLevel: number): GoValue[] {
    try {
      return this.listItemInner(list, i, nestedNameLevel);
    } catch (e) {
      if (e instanceof ListError || e instanceof ConversionPanic) throw e;
      throw new ListError(list, e);
    }
  }

  private listItemInner(list: GoValue[], i: number, nestedNameLevel: number): GoValue[] {
    if (i < 0) throw new StrvalsError(`negative ${i} index not allowed`);
    const { v: k, last, eof } = this.runesUntil('[.=');
    if (k.length > 0) throw new StrvalsError(`unexpected data at end of array index: ${goQuoteRunes(k)}`);
    if (eof) throw new EOF();
    switch (last) {
      case '=': {
        if (this.mode.kind === 'json') {
          let out = list;
          this.jsonValue((v) => {
            out = setIndex(list, i, v);
          });
          return out;
        }
        if (this.mode.kind === 'literal') return setIndex(list, i, this.rest());
        let vl: GoValue[];
        try {
          vl = this.valList();
        } catch (e) {
          if (e instanceof EOF) return setIndex(list, i, '');
          if (e instanceof NotList) {
            const rs = this.val();
            const m = this.mode as { kind: 'reader'; reader: RunesValueReader };
            return setIndex(list, i, m.reader(rs));
          }
          throw e;
        }
        return setIndex(list, i, vl);
      }
      case '[': {
        let nextI: number;
        try {
          nextI = this.keyIndex();
        } catch (e) {
          if (e instanceof EOF) throw e;
          throw new StrvalsError(`error parsing index: ${(e as Error).message}`);
        }
        let crt: GoValue[] = [];
        if (list.length > i && list[i] !== null && list[i] !== undefined) crt = asList(list[i]!);
        let list2: GoValue[];
        try {
          list2 = this.listItem(crt, nextI, nestedNameLevel);
        } catch (e) {
          if (e instanceof ListError) throw e.cause;
          throw e;
        }
        return setIndex(list, i, list2);
      }
      case '.': {
        let inner = newMap();
        if (list.length > i) {
          const existing = list[i];
          if (existing !== null && existing !== undefined && isGoMap(existing)) inner = existing;
          else list[i] = inner; // indices out of order: start an empty map
        }
        this.key(inner, nestedNameLevel);
        return setIndex(list, i, inner);
      }
    }
    throw new StrvalsError(`parse error: unexpected token ${last === undefined ? 0 : last.codePointAt(0)}`);
  }
}

/** An error from listItem together with the list as it stood (Helm still stores it). */
class ListError extends Error {
  constructor(
    readonly list: GoValue[],
    override readonly cause: unknown,
  ) {
    super((cause as Error).message);
  }
}

const typedReader = (forceString: boolean): RunesValueReader => (rs) => typedVal(rs, forceString);

function run(text: string, dest: GoMap, mode: Mode): void {
  new Parser(text, dest, mode).parse();
}

/** strvals.Parse: a --set line into a new map. */
export function parse(s: string): GoMap {
  const m = newMap();
  run(s, m, { kind: 'reader', reader: typedReader(false) });
  return m;
}

/** strvals.ParseString: values stay strings (--set-string). */
export function parseString(s: string): GoMap {
  const m = newMap();
  run(s, m, { kind: 'reader', reader: typedReader(true) });
  return m;
}

/** strvals.ParseInto: merges a --set line into dest. */
export function parseInto(s: string, dest: GoMap): void {
  run(s, dest, { kind: 'reader', reader: typedReader(false) });
}

export function parseIntoString(s: string, dest: GoMap): void {
  run(s, dest, { kind: 'reader', reader: typedReader(true) });
}

/** strvals.ParseFile / ParseIntoFile: each value is a path the reader turns into a value. */
export function parseFile(s: string, reader: RunesValueReader): GoMap {
  const m = newMap();
  run(s, m, { kind: 'reader', reader });
  return m;
}

export function parseIntoFile(s: string, dest: GoMap, reader: RunesValueReader): void {
  run(s, dest, { kind: 'reader', reader });
}

/** strvals.ParseJSON: values are JSON (an empty value is null). */
export function parseJson(s: string, dest: GoMap): void {
  run(s, dest, { kind: 'json' });
}

/** strvals.ParseLiteral / ParseLiteralInto: the whole rest of the line is one string value. */
export function parseLiteral(s: string): GoMap {
  const m = newMap();
  run(s, m, { kind: 'literal' });
  return m;
}

export function parseLiteralInto(s: string, dest: GoMap): void {
  run(s, dest, { kind: 'literal' });
}
