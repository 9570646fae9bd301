// The Go test data model of scripts/gotemplate-fixtures/main.go, in JavaScript: the same typed
// values ({$int: 3} ...), the same Person/Point types and the same function map, so a case
// runs identically through Go and through our engine.
import { GoFuncError, GoNamedMap, GoNumber, GoStruct, nilMap, nilSlice, ownKeys, sliceWithMethods, typeOf, typedMap, typedSlice } from '../../src/gotemplate/value.js';
import type { FuncMap, GoMap, GoValue } from '../../src/gotemplate/value.js';
import { sprint, sprintf } from '../../src/gotemplate/fmt.js';

export class Person extends GoStruct {
  get goType(): string {
    return '*main.Person';
  }
  static readonly goFieldTypes = { Boss: '*main.Person' };
  static readonly goMethods = {
    Greet: { params: ['string'] },
    Older: { params: ['int'] },
    Fail: { params: [] },
    Label: { params: [] },
  } as const;
  Name = '';
  Age = 0n;
  Tags: GoValue[] = typedSlice([], '[]string');
  Boss: Person | null = null;
  // Go prints a nil map as map[]; an empty map is the closest JS value.
  Meta: GoMap = {};

  Greet(greeting: GoValue): GoValue {
    return `${String(greeting)}, ${this.Name}`;
  }
  Older(n: GoValue): GoValue {
    const p = new Person();
    p.Name = this.Name;
    p.Age = this.Age + (n as bigint);
    return p;
  }
  Fail(): GoValue {
    throw new GoFuncError('person failed');
  }
  Label(): GoValue {
    return this.Name.toUpperCase();
  }
  /** Not exported: templates cannot call it. */
  greet(): GoValue {
    return 'hidden';
  }
}

export class Point extends GoStruct {
  get goType(): string {
    return 'main.Point';
  }
  X = 0n;
  Y = 0n;
  z = 0n;
  String(): string {
    return `(${this.X},${this.Y})`;
  }
}

/** main.go's Version: String has a pointer receiver; `n` is unexported (fmt prints it). */
export class Version extends GoStruct {
  static readonly goFields = ['V', 'n'] as const;
  static readonly goPointerMethods = ['String'] as const;
  get goType(): string {
    return 'main.Version';
  }
  declare private readonly n: bigint;
  constructor(readonly V: string, n: bigint) {
    super();
    Object.defineProperty(this, 'n', { value: n, enumerable: false });
  }
  String(): string {
    return `v${this.V}`;
  }
}

/** main.go's *Holder: a Version field reached through a pointer. */
export class Holder extends GoStruct {
  get goType(): string {
    return '*main.Holder';
  }
  constructor(readonly Ver: Version) {
    super();
  }
}

/** main.go's Files: map[string][]byte with methods, like Helm's .Files. */
export class Files extends GoNamedMap {
  [name: string]: unknown;
  get goType(): string {
    return 'main.Files';
  }
  static readonly goMethods = { Get: { params: ['string'] }, Glob: { params: ['string'] } } as const;
  Get(name: GoValue): GoValue {
    const b = Object.hasOwn(this, name as string) ? (this[name as string] as Uint8Array) : undefined;
    return b ? new TextDecoder().decode(b) : '';
  }
  Glob(prefix: GoValue): GoValue {
    const out = new Files();
    for (const k of ownKeys(this)) if (k.startsWith(prefix as string)) out[k] = this[k];
    return out;
  }
}

function num(v: unknown): number {
  return typeof v === 'string' ? Number(v) : (v as number);
}

function person(m: Record<string, unknown>): Person {
  const p = new Person();
  if (typeof m.Name === 'string') p.Name = m.Name;
  if (m.Age !== undefined) p.Age = BigInt(Math.trunc(num(m.Age)));
  if (Array.isArray(m.Tags)) p.Tags = typedSlice(m.Tags.map(String), '[]string');
  if (m.Boss && typeof m.Boss === 'object') p.Boss = person(m.Boss as Record<string, unknown>);
  if (m.Meta && typeof m.Meta === 'object') p.Meta = decode(m.Meta) as GoMap;
  return p;
}

function typed(kind: string, v: unknown): GoValue {
  switch (kind) {
    case 'int':
      return typeof v === 'string' ? BigInt(v) : BigInt(Math.trunc(num(v)));
    case 'int64':
    case 'int32':
    case 'int8':
    case 'uint':
    case 'uint8':
    case 'uint64':
      return new GoNumber(kind, typeof v === 'string' ? BigInt(v) : BigInt(Math.trunc(num(v))));
    case 'float32':
      return new GoNumber('float32', Math.fround(num(v)));
    case 'float64':
      switch (v) {
        case '+Inf':
          return Infinity;
        case '-Inf':
          return -Infinity;
        case 'NaN':
          return NaN;
        case '-0':
          return -0;
      }
      return num(v);
    case 'strings':
      return typedSlice((v as string[]).slice(), '[]string');
    case 'ints':
      return typedSlice((v as number[]).map((n) => BigInt(n)), '[]int');
    case 'bytes':
      return new TextEncoder().encode(v as string);
    case 'nilmap':
      return nilMap();
    case 'nilslice':
      return nilSlice();
    case 'strmap': {
      const m = typedMap({} as GoMap, 'map[string]string');
      for (const [k, x] of Object.entries(v as Record<string, string>)) m[k] = x;
      return m;
    }
    case 'nilstrmap':
      return nilMap('map[string]string');
    case 'nilstrings':
      return nilSlice('[]string');
    case 'holder':
      return new Holder(new Version(v as string, 7n));
    case 'person':
      return person(v as Record<string, unknown>);
    case 'versions': {
      const arr = (v as string[]).slice();
      return sliceWithMethods(arr, 'main.Versions', {
        Has: { params: ['string'], fn: (x) => arr.includes(x as string) },
      });
    }
    case 'files': {
      const f = new Files();
      for (const [k, e] of Object.entries(v as Record<string, string>)) f[k] = new TextEncoder().encode(e);
      return f;
    }
    case 'point': {
      const m = v as Record<string, number>;
      const p = new Point();
      p.X = BigInt(m.X ?? 0);
      p.Y = BigInt(m.Y ?? 0);
      return p;
    }
  }
  throw new Error(`unknown type tag $${kind}`);
}

/** Decodes the tagged JSON of a case into Go values. */
export function decode(v: unknown): GoValue {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(decode);
  if (typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0]!.startsWith('$')) return typed(keys[0]!.slice(1), (v as Record<string, unknown>)[keys[0]!]);
    const out: GoMap = {};
    for (const k of keys) out[k] = decode((v as Record<string, unknown>)[k]);
    return out;
  }
  return v as GoValue;
}

/** The function map of main.go. */
export const testFuncs: FuncMap = {
  toInt: { params: ['float64'], fn: (v) => BigInt(Math.trunc(v as number)) },
  toInt64: { params: ['float64'], fn: (v) => new GoNumber('int64', BigInt(Math.trunc(v as number))) },
  strs: { params: [], variadic: 'string', fn: (...s) => typedSlice(s, '[]string') },
  upper: { params: ['string'], fn: (s) => (s as string).toUpperCase() },
  join: { params: ['string', '[]string'], fn: (sep, s) => ((s as string[] | null) ?? []).join(sep as string) },
  fail: {
    params: ['string'],
    fn: (msg) => {
      throw new GoFuncError(msg as string);
    },
  },
  errIf: {
    params: ['bool'],
    fn: (b) => {
      if (b) throw new GoFuncError('errIf was true');
      return true;
    },
  },
  variadic: { params: ['string'], variadic: 'int', fn: (prefix, ...xs) => sprint(prefix, typedSlice(xs, '[]int')) },
  nilmap: { params: [], fn: () => nilMap() },
  nilslice: { params: [], fn: () => nilSlice() },
  version: { params: ['string'], fn: (s) => new Version(s as string, 1n) },
  list: { params: [], variadic: 'interface {}', fn: (...xs) => xs },
  dict: {
    params: [],
    variadic: 'interface {}',
    fn: (...kv) => {
      const m: GoMap = {};
      for (let i = 0; i + 1 < kv.length; i += 2) {
        const k = kv[i];
        // main.go's kv[i].(string) panics on other types; the executor reports the panic.
        if (typeof k !== 'string') throw new Error(`interface conversion: interface {} is ${k === null || k === undefined ? 'nil' : typeOf(k)}, not string`);
        m[k] = kv[i + 1];
      }
      return m;
    },
  },
  person: {
    params: ['string', 'int'],
    fn: (name, age) => {
      const p = new Person();
      p.Name = name as string;
      p.Age = age as bigint;
      return p;
    },
  },
  point: {
    params: ['int', 'int'],
    fn: (x, y) => {
      const p = new Point();
      p.X = x as bigint;
      p.Y = y as bigint;
      return p;
    },
  },
  typeOf: { params: ['interface {}'], fn: (v) => sprintf('%T', [v]) },
  add: { params: ['int', 'int'], fn: (a, b) => (a as bigint) + (b as bigint) },
  addf: { params: ['float64', 'float64'], fn: (a, b) => (a as number) + (b as number) },
  anyArg: { params: ['interface {}'], fn: (v) => sprintf('%T:%v', [v, v]) },
  i64Arg: { params: ['int64'], fn: (v) => sprintf('%d', [v]) },
  boolArg: { params: ['bool'], fn: (v) => sprint(v) },
  sliceArg: { params: ['[]interface {}'], fn: (v) => BigInt((v as GoValue[] | null)?.length ?? 0) },
  mapArg: { params: ['map[string]interface {}'], fn: (v) => BigInt(v ? Object.keys(v as GoMap).length : 0) },
  u32Arg: { params: ['uint32'], fn: (v) => sprintf('%T:%v', [v, v]) },
  i32Arg: { params: ['int32'], fn: (v) => sprintf('%T:%v', [v, v]) },
  f32Arg: { params: ['float32'], fn: (v) => sprintf('%T:%v', [v, v]) },
  intsArg: { params: ['[]int'], fn: (v) => sprintf('%T:%v', [v, v]) },
  ints: { params: [], variadic: 'int', fn: (...v) => typedSlice(v, '[]int') },
};
