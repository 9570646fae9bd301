// Go's fmt package (Sprintf, Sprint, Sprintln) over the JS representation of Go values
// (see value.ts). Output matches Go's byte for byte, including its in-band error forms:
// %!d(string=x), %!s(MISSING), %!(EXTRA int=1), %!(BADWIDTH), %!(BADPREC), %!(NOVERB),
// %!v(BADINDEX).
//
// Known difference: Go prints a pointer nested inside a composite value as a memory address
// (0xc000123450); we print it as &{...} like a top-level pointer, since addresses are not
// reproducible anyway.

import { formatFloat, formatFloat64 } from './floatfmt.js';
import { compareGoStrings } from './go-strings.js';
import { canBackquote, isPrint, quote, quoteRune, quoteRuneToASCII, quoteToASCII, runeCount, utf8Bytes } from './quote.js';
import { fieldType, GoNamedMap, GoNumber, GoStruct, isGoMap, isNilCollection, ownKeys, pointerMethods, sliceType, typeOf } from './value.js';
import type { GoIntKind, GoMap, GoValue } from './value.js';

// Re-exported for this module's callers; the comparison lives in go-strings.ts.
export { compareGoStrings };

const LDIGITS = '0123456789abcdefx';
const UDIGITS = '0123456789ABCDEFX';
const MAX_RUNE = 0x10ffff;

/** Map keys in Go's print order (fmtsort: strings ascending). */
export function sortedKeys(m: GoMap): string[] {
  const keys = Object.keys(m);
  // Below U+D800, UTF-16 order is UTF-8 byte order: the native sort. (One pattern test per
  // key rather than a loop over its characters: this runs cold, once per ranged map.)
  for (let i = 0; i < keys.length; i++) {
    if (FROM_SURROGATES.test(keys[i]!)) return keys.sort(compareGoStrings);
  }
  return keys.sort();
}

const FROM_SURROGATES = /[\ud800-\uffff]/;

const UNSIGNED = new Set<GoIntKind>(['uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr']);

type Stringer = GoStruct & { String(): unknown };

/**
 * The String method of a struct, if it has one here. A method with a pointer receiver (listed
 * in a struct type's static `goPointerMethods`) belongs to a struct value only when the value
 * is addressable: fmt's arguments never are; text/template prints a field reached through a
 * pointer (`{{ .Capabilities.KubeVersion }}`) through it.
 */
export function stringerOf(v: GoValue, addressable = false): Stringer | undefined {
  if (!(v instanceof GoStruct) || typeof (v as Partial<Stringer>).String !== 'function') return undefined;
  if (!addressable && !v.goType.startsWith('*') && pointerMethods(v).includes('String')) return undefined;
  return v as Stringer;
}

/**
 * Struct fields in declaration order, as fmt prints them: a struct type's static `goFields`
 * (which may name unexported fields, kept as non-enumerable properties), else its own
 * enumerable properties except `goType`.
 */
export function structFields(v: GoStruct): readonly string[] {
  return (v.constructor as { goFields?: readonly string[] }).goFields ?? ownKeys(v);
}

class Printer {
  buf = '';
  wid = 0;
  prec = 0;
  widPresent = false;
  precPresent = false;
  minus = false;
  plus = false;
  sharp = false;
  space = false;
  zero = false;
  plusV = false;
  sharpV = false;
  erroring = false;
  /** Print a top-level pointer to a struct as the struct (the template executor does). */
  derefTop = false;

  clearFlags(): void {
    this.wid = 0;
    this.prec = 0;
    this.widPresent = false;
    this.precPresent = false;
    this.minus = false;
    this.plus = false;
    this.sharp = false;
    this.space = false;
    this.zero = false;
    this.plusV = false;
    this.sharpV = false;
  }

  // ---- padding -------------------------------------------------------------------------

  writePadding(n: number): void {
    if (n <= 0) return;
    this.buf += (this.zero ? '0' : ' ').repeat(n);
  }

  pad(s: string): void {
    if (!this.widPresent || this.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.wid - runeCount(s);
    if (!this.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.writePadding(width);
    }
  }

  // ---- primitives ----------------------------------------------------------------------

  fmtBoolean(v: boolean, verb: string, arg: GoValue, isArg: boolean): void {
    if (verb === 't' || verb === 'v') this.pad(v ? 'true' : 'false');
    else this.badVerb(verb, arg, isArg);
  }

  /** fmt.fmtInteger: u is the value (negative only when signed). */
  fmtIntegerBase(v: bigint, base: number, signed: boolean, verb: string, digits: string): void {
    const negative = signed && v < 0n;
    const u = negative ? -v : v;
    let prec = 0;
    if (this.precPresent) {
      prec = this.prec;
      if (prec === 0 && u === 0n) {
        const oldZero = this.zero;
        this.zero = false;
        this.writePadding(this.wid);
        this.zero = oldZero;
        return;
      }
    } else if (this.zero && this.widPresent) {
      prec = this.wid;
      if (negative || this.plus || this.space) prec--;
    }
    let s: string;
    if (u < 0x20000000000000n) s = Number(u).toString(base);
    else s = u.toString(base);
    if (digits === UDIGITS) s = s.toUpperCase();
    if (prec > s.length) s = '0'.repeat(prec - s.length) + s;
    if (this.sharp) {
      if (base === 2) s = '0b' + s;
      else if (base === 8) {
        if (s[0] !== '0') s = '0' + s;
      } else if (base === 16) s = '0' + digits[16] + s;
    }
    if (verb === 'O') s = '0o' + s;
    if (negative) s = '-' + s;
    else if (this.plus) s = '+' + s;
    else if (this.space) s = ' ' + s;
    const oldZero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = oldZero;
  }

  fmtUnicode(v: bigint): void {
    const u = BigInt.asUintN(64, v);
    let prec = 4;
    if (this.precPresent && this.prec > 4) prec = this.prec;
    let s = u.toString(16).toUpperCase();
    if (s.length < prec) s = '0'.repeat(prec - s.length) + s;
    s = 'U+' + s;
    if (this.sharp && u <= BigInt(MAX_RUNE) && isPrint(Number(u))) s += " '" + String.fromCodePoint(Number(u)) + "'";
    const oldZero = this.zero;
    this.zero = false;
    this.pad(s);
    this.zero = oldZero;
  }

  runeOf(v: bigint): number {
    const u = BigInt.asUintN(64, v);
    if (u > BigInt(MAX_RUNE)) return 0xfffd;
    const r = Number(u);
    return r >= 0xd800 && r <= 0xdfff ? 0xfffd : r;
  }

  fmtInteger(v: bigint, signed: boolean, verb: string, arg: GoValue, isArg: boolean): void {
    switch (verb) {
      case 'v':
        if (this.sharpV && !signed) {
          const sharp = this.sharp;
          this.sharp = true;
          this.fmtIntegerBase(v, 16, false, 'v', LDIGITS);
          this.sharp = sharp;
        } else this.fmtIntegerBase(v, 10, signed, verb, LDIGITS);
        return;
      case 'd':
        this.fmtIntegerBase(v, 10, signed, verb, LDIGITS);
        return;
      case 'b':
        this.fmtIntegerBase(v, 2, signed, verb, LDIGITS);
        return;
      case 'o':
      case 'O':
        this.fmtIntegerBase(v, 8, signed, verb, LDIGITS);
        return;
      case 'x':
        this.fmtIntegerBase(v, 16, signed, verb, LDIGITS);
        return;
      case 'X':
        this.fmtIntegerBase(v, 16, signed, verb, UDIGITS);
        return;
      case 'c':
        this.pad(String.fromCodePoint(this.runeOf(v)));
        return;
      case 'q': {
        const r = this.runeOf(v);
        this.pad(this.plus ? quoteRuneToASCII(r) : quoteRune(r));
        return;
      }
      case 'U':
        this.fmtUnicode(v);
        return;
      default:
        this.badVerb(verb, arg, isArg);
    }
  }

  /** fmt.fmtFloat after the verb is mapped to a strconv format. */
  fmtFloatWith(v: number, size: 32 | 64, verb: 'e' | 'E' | 'f' | 'g' | 'G' | 'b' | 'x' | 'X', defaultPrec: number): void {
    const prec = this.precPresent ? this.prec : defaultPrec;
    let num = formatFloat(v, verb, prec, size);
    if (num[0] === '-' || num[0] === '+') {
      // keep the sign
    } else num = '+' + num;
    if (this.space && num[0] === '+' && !this.plus) num = ' ' + num.slice(1);
    if (num[1] === 'I' || num[1] === 'N') {
      const oldZero = this.zero;
      this.zero = false;
      if (num[1] === 'N' && !this.space && !this.plus) num = num.slice(1);
      this.pad(num);
      this.zero = oldZero;
      return;
    }
    if (this.sharp && verb !== 'b') {
      let digits = 0;
      if (verb === 'g' || verb === 'G' || verb === 'x') {
        digits = prec;
        if (digits === -1) digits = 6;
      }
      let tail = '';
      let body = num;
      let hasDecimalPoint = false;
      let sawNonzeroDigit = false;
      for (let i = 1; i < body.length; i++) {
        const c = body[i];
        if (c === '.') {
          hasDecimalPoint = true;
        } else if (c === 'p' || c === 'P') {
          tail = body.slice(i);
          body = body.slice(0, i);
          break;
        } else if ((c === 'e' || c === 'E') && verb !== 'x' && verb !== 'X') {
          tail = body.slice(i);
          body = body.slice(0, i);
          break;
        } else {
          if (c !== '0') sawNonzeroDigit = true;
          if (sawNonzeroDigit) digits--;
        }
      }
      if (!hasDecimalPoint) {
        if (body.length === 2 && body[1] === '0') digits--;
        body += '.';
      }
      while (digits > 0) {
        body += '0';
        digits--;
      }
      num = body + tail;
    }
    if (this.plus || num[0] !== '+') {
      if (this.zero && this.widPresent && this.wid > num.length) {
        this.buf += num[0];
        this.writePadding(this.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  fmtFloat(v: number, size: 32 | 64, verb: string, arg: GoValue, isArg: boolean): void {
    switch (verb) {
      case 'v':
        if (size === 64 && !this.sharp && !this.plus && !this.space && !this.widPresent && !this.precPresent) {
          this.buf += formatFloat64(v);
          return;
        }
        this.fmtFloatWith(v, size, 'g', -1);
        return;
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
        this.fmtFloatWith(v, size, verb, -1);
        return;
      case 'f':
      case 'e':
      case 'E':
        this.fmtFloatWith(v, size, verb, 6);
        return;
      case 'F':
        this.fmtFloatWith(v, size, 'f', 6);
        return;
      default:
        this.badVerb(verb, arg, isArg);
    }
  }

  truncate(s: string): string {
    if (!this.precPresent) return s;
    let n = this.prec;
    for (let i = 0; i < s.length; i++) {
      n--;
      if (n < 0) return s.slice(0, i);
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) i++;
    }
    return s;
  }

  fmtQ(s: string): void {
    const t = this.truncate(s);
    if (this.sharp && canBackquote(t)) {
      this.pad('`' + t + '`');
      return;
    }
    this.pad(this.plus ? quoteToASCII(t) : quote(t));
  }

  fmtSbx(bytes: Uint8Array, digits: string): void {
    let length = bytes.length;
    if (this.precPresent && this.prec < length) length = this.prec;
    let width = 2 * length;
    if (width > 0) {
      if (this.space) {
        if (this.sharp) width *= 2;
        width += length - 1;
      } else if (this.sharp) width += 2;
    } else {
      if (this.widPresent) this.writePadding(this.wid);
      return;
    }
    if (this.widPresent && this.wid > width && !this.minus) this.writePadding(this.wid - width);
    let out = '';
    if (this.sharp) out += '0' + digits[16];
    for (let i = 0; i < length; i++) {
      if (this.space && i > 0) {
        out += ' ';
        if (this.sharp) out += '0' + digits[16];
      }
      const c = bytes[i]!;
      out += digits[c >> 4]! + digits[c & 15]!;
    }
    this.buf += out;
    if (this.widPresent && this.wid > width && this.minus) this.writePadding(this.wid - width);
  }

  fmtString(s: string, verb: string, arg: GoValue, isArg: boolean): void {
    switch (verb) {
      case 'v':
        if (this.sharpV) this.fmtQ(s);
        else if (!this.widPresent && !this.precPresent) this.buf += s;
        else this.pad(this.truncate(s));
        return;
      case 's':
        if (!this.widPresent && !this.precPresent) this.buf += s;
        else this.pad(this.truncate(s));
        return;
      case 'x':
        this.fmtSbx(utf8Bytes(s), LDIGITS);
        return;
      case 'X':
        this.fmtSbx(utf8Bytes(s), UDIGITS);
        return;
      case 'q':
        this.fmtQ(s);
        return;
      default:
        this.badVerb(verb, arg, isArg);
    }
  }

  fmtBytes(v: Uint8Array, verb: string, typeString: string, depth: number): void {
    switch (verb) {
      case 'v':
      case 'd':
        if (this.sharpV) {
          if (isNilCollection(v)) {
            this.buf += typeString + '(nil)';
            return;
          }
          this.buf += typeString + '{';
          for (let i = 0; i < v.length; i++) {
            if (i > 0) this.buf += ', ';
            const sharp = this.sharp;
            this.sharp = true;
            this.fmtIntegerBase(BigInt(v[i]!), 16, false, 'v', LDIGITS);
            this.sharp = sharp;
          }
          this.buf += '}';
        } else {
          this.buf += '[';
          for (let i = 0; i < v.length; i++) {
            if (i > 0) this.buf += ' ';
            this.fmtIntegerBase(BigInt(v[i]!), 10, false, verb, LDIGITS);
          }
          this.buf += ']';
        }
        return;
      case 's':
        this.pad(this.truncate(new TextDecoder().decode(v)));
        return;
      case 'x':
        this.fmtSbx(v, LDIGITS);
        return;
      case 'X':
        this.fmtSbx(v, UDIGITS);
        return;
      case 'q':
        this.fmtQ(new TextDecoder().decode(v));
        return;
      default:
        // Each byte printed as a uint8 with the verb.
        this.buf += '[';
        for (let i = 0; i < v.length; i++) {
          if (i > 0) this.buf += ' ';
          const b = new GoNumber('uint8', BigInt(v[i]!));
          this.printValue(b, verb, depth + 1);
        }
        this.buf += ']';
    }
  }

  // ---- errors --------------------------------------------------------------------------

  badVerb(verb: string, arg: GoValue, isArg: boolean): void {
    this.erroring = true;
    this.buf += '%!' + verb + '(';
    if (arg === null || arg === undefined) {
      this.buf += '<nil>';
    } else {
      this.buf += typeOf(arg) + '=';
      if (isArg) this.printArg(arg, 'v');
      else this.printValue(arg, 'v', 0);
    }
    this.buf += ')';
    this.erroring = false;
  }

  // ---- values --------------------------------------------------------------------------

  handleMethods(v: GoValue, verb: string): boolean {
    if (this.erroring || this.sharpV) return false;
    if (verb !== 'v' && verb !== 's' && verb !== 'x' && verb !== 'X' && verb !== 'q') return false;
    const s = stringerOf(v);
    if (!s) return false;
    const text = s.String();
    this.fmtString(typeof text === 'string' ? text : String(text), verb, text as GoValue, true);
    return true;
  }

  printArg(arg: GoValue, verb: string): void {
    if (arg === null || arg === undefined) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(verb, arg, true);
      return;
    }
    if (verb === 'T') {
      this.pad(this.truncate(typeOf(arg)));
      return;
    }
    switch (typeof arg) {
      case 'string':
        this.fmtString(arg, verb, arg, true);
        return;
      case 'number':
        this.fmtFloat(arg, 64, verb, arg, true);
        return;
      case 'bigint':
        this.fmtInteger(arg, true, verb, arg, true);
        return;
      case 'boolean':
        this.fmtBoolean(arg, verb, arg, true);
        return;
    }
    if (arg instanceof GoNumber) {
      this.printNumber(arg, verb, true);
      return;
    }
    if (arg instanceof Uint8Array) {
      this.fmtBytes(arg, verb, '[]byte', 0);
      return;
    }
    if (!this.handleMethods(arg, verb)) this.printValue(arg, verb, 0);
  }

  printNumber(n: GoNumber, verb: string, isArg: boolean): void {
    if (n.kind === 'float32') this.fmtFloat(Number(n.value), 32, verb, n, isArg);
    else this.fmtInteger(BigInt(n.value), !UNSIGNED.has(n.kind), verb, n, isArg);
  }

  printValue(v: GoValue, verb: string, depth: number): void {
    if (depth > 0 && v !== null && v !== undefined && this.handleMethods(v, verb)) return;
    if (v === null || v === undefined) {
      // Inside a composite value a nil is a nil interface or pointer.
      this.buf += this.sharpV ? 'interface {}(nil)' : '<nil>';
      return;
    }
    switch (typeof v) {
      case 'string':
        this.fmtString(v, verb, v, false);
        return;
      case 'number':
        this.fmtFloat(v, 64, verb, v, false);
        return;
      case 'bigint':
        this.fmtInteger(v, true, verb, v, false);
        return;
      case 'boolean':
        this.fmtBoolean(v, verb, v, false);
        return;
    }
    if (v instanceof GoNumber) {
      this.printNumber(v, verb, false);
      return;
    }
    if (v instanceof Uint8Array) {
      this.fmtBytes(v, verb, '[]uint8', depth);
      return;
    }
    if (Array.isArray(v)) {
      const type = sliceType(v);
      if ((verb === 's' || verb === 'q' || verb === 'x' || verb === 'X') && type === '[]uint8') {
        const bytes = Uint8Array.from(v, (b) => Number(b instanceof GoNumber ? b.value : typeof b === 'bigint' || typeof b === 'number' ? b : 0));
        this.fmtBytes(bytes, verb, type, depth);
        return;
      }
      if (this.sharpV) {
        if (isNilCollection(v)) {
          this.buf += type + '(nil)';
          return;
        }
        this.buf += type + '{';
        for (let i = 0; i < v.length; i++) {
          if (i > 0) this.buf += ', ';
          this.printValue(v[i], verb, depth + 1);
        }
        this.buf += '}';
      } else {
        this.buf += '[';
        for (let i = 0; i < v.length; i++) {
          if (i > 0) this.buf += ' ';
          this.printValue(v[i], verb, depth + 1);
        }
        this.buf += ']';
      }
      return;
    }
    if (v instanceof GoNamedMap) {
      this.printMap(v as unknown as GoMap, ownKeys(v).sort(compareGoStrings), typeOf(v), verb, depth);
      return;
    }
    if (v instanceof GoStruct) {
      let type = v.goType;
      if (type.startsWith('*')) {
        // Go prints a nested pointer as an address for these verbs (we print &{...}, addresses
        // being irreproducible) and as a bad verb for the others.
        if (depth > 0 && !'vpbodxX'.includes(verb)) {
          this.badVerb(verb, v, false);
          return;
        }
        if (!(depth === 0 && this.derefTop)) this.buf += '&';
        type = type.slice(1);
      }
      if (this.sharpV) this.buf += type;
      this.buf += '{';
      const fields = structFields(v);
      const rec = v as unknown as Record<string, GoValue>;
      for (let i = 0; i < fields.length; i++) {
        if (i > 0) this.buf += this.sharpV ? ', ' : ' ';
        if (this.plusV || this.sharpV) this.buf += fields[i] + ':';
        const f = rec[fields[i]!];
        if (f === null || f === undefined) this.printNilField(verb, fieldType(v, fields[i]!));
        else this.printValue(f, verb, depth + 1);
      }
      this.buf += '}';
      return;
    }
    if (isGoMap(v)) {
      this.printMap(v, sortedKeys(v), typeOf(v), verb, depth);
      return;
    }
    this.buf += '?';
  }

  /**
   * A nil struct field, of its declared type if the struct names it (goFieldTypes); without
   * one it is taken for a nil pointer, which Go prints padded (unlike a nil interface{}).
   */
  printNilField(verb: string, type: string | undefined): void {
    if (type !== undefined && (type.startsWith('map[') || type.startsWith('[]'))) {
      this.buf += this.sharpV ? type + '(nil)' : type.startsWith('map[') ? 'map[]' : '[]';
      return;
    }
    if (this.sharpV) {
      this.buf += type ? `(${type})(nil)` : '<nil>';
      return;
    }
    switch (verb) {
      case 'b':
      case 'o':
      case 'd':
      case 'x':
      case 'X':
        this.fmtIntegerBase(0n, verb === 'b' ? 2 : verb === 'o' ? 8 : verb === 'd' ? 10 : 16, false, verb, verb === 'X' ? UDIGITS : LDIGITS);
        return;
      case 'p':
        this.buf += '0x0';
        return;
      case 'v':
        this.pad('<nil>');
        return;
    }
    if (type === undefined) {
      this.pad('<nil>');
      return;
    }
    this.buf += '%!' + verb + '(' + type + '=';
    this.pad('<nil>');
    this.buf += ')';
  }

  printMap(v: GoMap, keys: string[], type: string, verb: string, depth: number): void {
    if (this.sharpV && isNilCollection(v)) {
      this.buf += type + '(nil)';
      return;
    }
    this.buf += this.sharpV ? type + '{' : 'map[';
    for (let i = 0; i < keys.length; i++) {
      if (i > 0) this.buf += this.sharpV ? ', ' : ' ';
      this.printValue(keys[i]!, verb, depth + 1);
      this.buf += ':';
      this.printValue(v[keys[i]!], verb, depth + 1);
    }
    this.buf += this.sharpV ? '}' : ']';
  }

  // ---- Printf --------------------------------------------------------------------------

  /**
   * Go's doPrintf. Verbs with only flags (`%s`, `%-d`) are printed by the loop here; at the
   * first verb with a width, precision or argument index (or `%%`, or a missing argument)
   * the rest goes to printfFrom. Kept apart, this loop holds no closure, so its variables
   * stay in registers and a call allocates nothing of its own (it runs cold, per printf).
   */
  doPrintf(format: string, a: readonly GoValue[]): void {
    const end = format.length;
    let argNum = 0;
    let i = 0;
    formatLoop: while (i < end) {
      const lasti = i;
      while (i < end && format.charCodeAt(i) !== 37) i++;
      if (i > lasti) this.buf += format.slice(lasti, i);
      if (i >= end) break;
      const percent = i;
      i++;
      this.clearFlags();
      for (; i < end; i++) {
        const c = format[i]!;
        if (this.setFlag(c)) continue;
        if (c >= 'a' && c <= 'z' && argNum < a.length) {
          this.printVerb(a[argNum], c);
          argNum++;
          i++;
          continue formatLoop;
        }
        // The general parser takes over from this verb's `%` (it parses the flags again).
        this.printfFrom(format, a, percent, argNum);
        return;
      }
      // Flags and no verb: the general parser says so.
      this.printfFrom(format, a, percent, argNum);
      return;
    }
    this.extraArgs(a, argNum);
  }

  /** Sets the flag `c` stands for (doPrintf's flag switch); false when `c` is no flag. */
  private setFlag(c: string): boolean {
    switch (c) {
      case '#':
        this.sharp = true;
        return true;
      case '0':
        this.zero = !this.minus;
        return true;
      case '+':
        this.plus = true;
        return true;
      case '-':
        this.minus = true;
        this.zero = false;
        return true;
      case ' ':
        this.space = true;
        return true;
      default:
        return false;
    }
  }

  /** Prints one argument for a simple verb; %v reads # and + as its own variants. */
  private printVerb(arg: GoValue, verb: string): void {
    if (verb === 'v') {
      this.sharpV = this.sharp;
      this.sharp = false;
      this.plusV = this.plus;
      this.plus = false;
    }
    this.printArg(arg, verb);
  }

  /** The `%!(EXTRA ...)` note for arguments no verb used (not after explicit indexes). */
  private extraArgs(a: readonly GoValue[], argNum: number): void {
    if (argNum >= a.length) return;
    this.clearFlags();
    this.buf += '%!(EXTRA ';
    for (let k = argNum; k < a.length; k++) {
      if (k > argNum) this.buf += ', ';
      const arg = a[k];
      if (arg === null || arg === undefined) this.buf += '<nil>';
      else {
        this.buf += typeOf(arg) + '=';
        this.printArg(arg, 'v');
      }
    }
    this.buf += ')';
  }

  /** doPrintf in full (widths, precisions, `[n]` indexes), from `start` with `argNum` used. */
  private printfFrom(format: string, a: readonly GoValue[], start: number, usedArgs: number): void {
    const end = format.length;
    let argNum = usedArgs;
    let afterIndex = false;
    let reordered = false;
    let i = start;
    formatLoop: while (i < end) {
      let goodArgNum = true;
      const lasti = i;
      while (i < end && format.charCodeAt(i) !== 37) i++;
      if (i > lasti) this.buf += format.slice(lasti, i);
      if (i >= end) break;
      i++;
      this.clearFlags();
      for (; i < end; i++) {
        const c = format[i]!;
        if (this.setFlag(c)) continue;
        if (c >= 'a' && c <= 'z' && argNum < a.length) {
          this.printVerb(a[argNum], c);
          argNum++;
          i++;
          continue formatLoop;
        }
        break;
      }

      // Argument index [n]
      const argNumber = (): void => {
        if (i >= end || format[i] !== '[') {
          afterIndex = false;
          return;
        }
        reordered = true;
        // parseArgNumber
        let index = 0;
        let wid = 1;
        let ok = false;
        if (end - i >= 3) {
          for (let j = i + 1; j < end; j++) {
            if (format[j] === ']') {
              const [n, isnum, newi] = parseNum(format, i + 1, j);
              if (!isnum || newi !== j) {
                wid = j - i + 1;
                ok = false;
              } else {
                index = n - 1;
                wid = j - i + 1;
                ok = true;
              }
              break;
            }
          }
        }
        if (ok && index >= 0 && index < a.length) {
          argNum = index;
          i += wid;
          afterIndex = true;
          return;
        }
        goodArgNum = false;
        i += wid;
        afterIndex = ok;
      };

      argNumber();

      // Width
      if (i < end && format[i] === '*') {
        i++;
        const [n, isInt, next] = intFromArg(a, argNum);
        this.wid = n;
        this.widPresent = isInt;
        argNum = next;
        if (!this.widPresent) this.buf += '%!(BADWIDTH)';
        if (this.wid < 0) {
          this.wid = -this.wid;
          this.minus = true;
          this.zero = false;
        }
        afterIndex = false;
      } else {
        const [n, isnum, newi] = parseNum(format, i, end);
        this.wid = n;
        this.widPresent = isnum;
        i = newi;
        if (afterIndex && this.widPresent) goodArgNum = false;
      }

      // Precision
      if (i + 1 < end && format[i] === '.') {
        i++;
        if (afterIndex) goodArgNum = false;
        argNumber();
        if (i < end && format[i] === '*') {
          i++;
          const [n, isInt, next] = intFromArg(a, argNum);
          this.prec = n;
          this.precPresent = isInt;
          argNum = next;
          if (this.prec < 0) {
            this.prec = 0;
            this.precPresent = false;
          }
          if (!this.precPresent) this.buf += '%!(BADPREC)';
          afterIndex = false;
        } else {
          const [n, isnum, newi] = parseNum(format, i, end);
          this.prec = n;
          this.precPresent = isnum;
          i = newi;
          if (!this.precPresent) {
            this.prec = 0;
            this.precPresent = true;
          }
        }
      }

      if (!afterIndex) argNumber();

      if (i >= end) {
        this.buf += '%!(NOVERB)';
        break;
      }

      const cp = format.codePointAt(i)!;
      const verb = String.fromCodePoint(cp);
      i += verb.length;

      if (verb === '%') {
        this.buf += '%';
      } else if (!goodArgNum) {
        this.buf += '%!' + verb + '(BADINDEX)';
      } else if (argNum >= a.length) {
        this.buf += '%!' + verb + '(MISSING)';
      } else {
        if (verb === 'v') {
          this.sharpV = this.sharp;
          this.sharp = false;
          this.plusV = this.plus;
          this.plus = false;
        }
        this.printArg(a[argNum], verb);
        argNum++;
      }
    }

    if (!reordered) this.extraArgs(a, argNum);
  }
}

/** fmt's parsenum: digits at s[start:end]; refuses numbers over 1e6 (bad width). */
function parseNum(s: string, start: number, end: number): [number, boolean, number] {
  if (start >= end) return [0, false, end];
  let num = 0;
  let isnum = false;
  let i = start;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    if (num > 1e6) return [0, false, end];
    num = num * 10 + (c - 48);
    isnum = true;
  }
  return [num, isnum, i];
}

/** fmt's intFromArg: only Go integer values are accepted as * width or precision. */
function intFromArg(a: readonly GoValue[], argNum: number): [number, boolean, number] {
  if (argNum >= a.length) return [0, false, argNum];
  const v = a[argNum];
  let num = 0;
  let isInt = false;
  if (typeof v === 'bigint') {
    if (v >= -(2n ** 63n) && v < 2n ** 63n) {
      num = Number(v);
      isInt = true;
    }
  } else if (v instanceof GoNumber && typeof v.value === 'bigint') {
    if (v.value < 2n ** 63n) {
      num = Number(v.value);
      isInt = true;
    }
  }
  if (num > 1e6 || num < -1e6) {
    num = 0;
    isInt = false;
  }
  return [num, isInt, argNum + 1];
}

/** fmt.Sprintf */
export function sprintf(format: string, args: readonly GoValue[]): string {
  const p = new Printer();
  p.doPrintf(format, args);
  return p.buf;
}

/** fmt.Sprint of a single value (what `{{ . }}` prints, except for a missing value). */
export function formatValue(v: GoValue): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return formatFloat64(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (v === null || v === undefined) return '<nil>';
  const p = new Printer();
  p.printArg(v, 'v');
  return p.buf;
}

/**
 * How the template executor prints a value (Go's printableValue + fmt.Fprint): like
 * formatValue, except that a pointer to a struct prints as the struct itself.
 */
export function formatDeref(v: GoValue, addressable = false): string {
  if (v instanceof GoStruct) {
    const s = stringerOf(v, addressable);
    if (s) return String(s.String());
    const p = new Printer();
    p.derefTop = true;
    p.printArg(v, 'v');
    return p.buf;
  }
  return formatValue(v);
}

/** fmt.Sprint: operands are separated by a space when neither side is a string. */
export function sprint(...args: GoValue[]): string {
  let out = '';
  let prevString = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const isString = typeof arg === 'string';
    if (i > 0 && !isString && !prevString) out += ' ';
    out += formatValue(arg);
    prevString = isString;
  }
  return out;
}

/** fmt.Sprintln: operands always separated by spaces, newline appended. */
export function sprintln(...args: GoValue[]): string {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    if (i > 0) out += ' ';
    out += formatValue(args[i]);
  }
  return out + '\n';
}
