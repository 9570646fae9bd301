// BurntSushi/toml v1.6.0's parser over our lexer: it builds the same Go values Helm's fromToml
// returns (map[string]interface {}, []interface {}, []map[string]interface {} for arrays of
// tables, int64, float64, string, bool, time.Time) with the same bookkeeping of implicit tables
// and array keys, so that redefinitions are accepted, ignored or refused exactly as in Helm,
// quirks included (`a.b = 1` then `a = 2` keeps a.b and drops the 2).
import { isGoMap, sliceType, typedSlice, type GoMap, type GoValue } from '../../gotemplate/value.js';
import { quote } from '../../gotemplate/quote.js';
import type { Location } from '../funcs/sprig/extra/gotime/location.js';
import { TomlParseError } from './errors.js';
import { keyString, type Key } from './key.js';
import { Lexer, type Item, type ItemType } from './lexer.js';
import { readDatetime, readFloat, readInteger, replaceEscapes, ScalarError, stripEscapedNewlines, stripFirstNewline } from './scalars.js';

const TABLE_ARRAY = '[]map[string]interface {}';

function newTable(): GoMap {
  // No prototype: "__proto__" is an ordinary key in Go.
  return Object.create(null) as GoMap;
}

function isTableArray(v: GoValue): v is GoMap[] {
  return Array.isArray(v) && sliceType(v) === TABLE_ARRAY;
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
        return [this.scalar(it, replaceEscapes), false];
      case 'MultilineString':
        return [this.scalar(it, (v) => replaceEscapes(stripEscapedNewlines(stripFirstNewline(v)))), false];
      case 'RawMultilineString':
        return [stripFirstNewline(it.val), false];
      case 'Integer':
        return [this.scalar(it, readInteger), false];
      case 'Float':
        return [this.scalar(it, readFloat), false];
      case 'Bool':
        if (it.val === 'true') return [true, false];
        if (it.val === 'false') return [false, false];
        return this.bug(`Expected boolean value, but got '${it.val}'.`);
      case 'Datetime':
        return [this.scalar(it, (v) => readDatetime(v, this.opts.local, this.opts.localOffset)), false];
      case 'Array':
        return [this.valueArray(), true];
      case 'InlineTableStart':
        return [this.valueInlineTable(parentIsArray), false];
      default:
        return this.bug(`Unexpected value type: ${it.type}`);
    }
  }

  /** A scalar read from the item's text; its errors are reported on the item's line. */
  private scalar<T extends GoValue>(it: Item, read: (val: string) => T): T {
    try {
      return read(it.val);
    } catch (e) {
      if (e instanceof ScalarError) this.fail(it.line, e.message);
      throw e;
    }
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

}
