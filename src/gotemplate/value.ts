// How Go values are represented in JavaScript. This is the contract between the template
// executor (lexer/parser/exec), Go's fmt, and the function maps (Sprig, Helm) built on top.
//
// Go type                      JavaScript representation
// ---------------------------  ----------------------------------------------------------
// nil (untyped / interface)    null
// missing map key ("no value") undefined  (Helm renders it as "")
// string                       string
// bool                         boolean
// float64                      number          (every number read from YAML/JSON values)
// int                          bigint          (integers made by functions, int literals)
// int64, int32, uint, ...      GoNumber        (a typed number other than int / float64)
// []interface{}                Array           (plain JS array)
// []string, []int, ...         Array tagged with sliceType() (e.g. '[]string')
// map[string]interface{}       plain object    (prototype Object.prototype or null)
// map[string]string, ...       plain object tagged with mapType() (Sprig's split)
// a nil slice or map           empty array/object made by nilSlice()/nilMap()
// map type with methods        GoNamedMap subclass: entries are own properties, methods are
//   (Helm's Files)               prototype functions; indexed, ranged and printed as a map
// struct / pointer to struct   GoStruct subclass: fields are own properties, methods are
//                              prototype functions the executor may call
// []byte                       Uint8Array
// a Go func value              not represented (templates cannot make one)

/** A Go number of a type other than `int` (bigint) and `float64` (number). */
export class GoNumber {
  constructor(
    readonly kind: GoNumberKind,
    /** bigint for integer kinds, number for float32. */
    readonly value: bigint | number,
  ) {}
}

export type GoIntKind = 'int8' | 'int16' | 'int32' | 'int64' | 'uint' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'uintptr';
export type GoNumberKind = GoIntKind | 'float32';

/**
 * A Go struct (or pointer to one). Subclasses declare `goType`, e.g. `*chart.Metadata`.
 * A field holding null is a nil pointer, map or slice; a subclass may name the Go types of such
 * fields in a static `goFieldTypes` record (e.g. `{ Boss: '*main.Person' }`) so that they print
 * and fail exactly as in Go (`map[]`, `%!s(*main.Person=<nil>)`, "nil pointer evaluating ...").
 */
export abstract class GoStruct {
  abstract readonly goType: string;
}

/**
 * Methods of a struct type declared with a pointer receiver (static `goPointerMethods`), such as
 * Helm's KubeVersion.String: a struct value that is not addressable does not have them in fmt.
 */
export function pointerMethods(v: GoStruct): readonly string[] {
  return (v.constructor as { goPointerMethods?: readonly string[] }).goPointerMethods ?? [];
}

/** The declared Go type of a struct field (static `goFieldTypes`), if any. */
export function fieldType(v: GoStruct, name: string): string | undefined {
  const types = (v.constructor as { goFieldTypes?: Record<string, string> }).goFieldTypes;
  return types && Object.hasOwn(types, name) ? types[name] : undefined;
}

/**
 * A named Go map type with methods, such as Helm's `Files` (map[string][]byte with Get, Glob...).
 * Subclasses declare `goType` (as a getter, so it is not an entry) and keep the entries as own
 * enumerable properties. Templates call its methods, and index, range over, and print it as a map.
 */
export abstract class GoNamedMap extends GoStruct {
  /** The zero value of the element type (what a missing key gives); a nil interface unless said. */
  goElemZero(): GoValue {
    return null;
  }
}

/** The entries of a GoNamedMap, or the fields of a GoStruct: own enumerable keys but `goType`. */
export function ownKeys(v: GoStruct): string[] {
  const keys = Object.keys(v);
  const i = keys.indexOf('goType');
  if (i >= 0) keys.splice(i, 1);
  return keys;
}

export interface GoMap {
  [key: string]: GoValue;
}

export type GoValue =
  | null
  | undefined
  | string
  | boolean
  | number
  | bigint
  | GoNumber
  | GoValue[]
  | GoMap
  | GoStruct
  | Uint8Array;

const SLICE_TYPE = Symbol.for('flux-ts.goSliceType');

/** Tags an array with its Go slice type ('[]string', '[]int', ...). Untagged = '[]interface {}'. */
export function typedSlice<T extends GoValue[]>(arr: T, type: string): T {
  Object.defineProperty(arr, SLICE_TYPE, { value: type, enumerable: false });
  return arr;
}

const SLICE_METHODS = Symbol.for('flux-ts.goSliceMethods');

/**
 * Makes an array a value of a named slice type with methods, such as Helm's
 * chartutil.VersionSet ([]string with Has): `{{ .Capabilities.APIVersions.Has "apps/v1" }}`.
 */
export function sliceWithMethods<T extends GoValue[]>(arr: T, type: string, methods: Record<string, GoFunc>): T {
  typedSlice(arr, type);
  Object.defineProperty(arr, SLICE_METHODS, { value: methods, enumerable: false });
  return arr;
}

/** The methods of a named slice type (see sliceWithMethods). */
export function sliceMethods(arr: GoValue[]): Record<string, GoFunc> | undefined {
  return (arr as unknown as Record<symbol, Record<string, GoFunc> | undefined>)[SLICE_METHODS];
}

export function sliceType(arr: GoValue[]): string {
  return (arr as unknown as Record<symbol, string | undefined>)[SLICE_TYPE] ?? '[]interface {}';
}

export function isGoMap(v: unknown): v is GoMap {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

// A map whose Go type is not map[string]interface {} (Sprig's split returns map[string]string).
// The tag is a registered symbol so every copy of this module (bundle chunks, tests) agrees.
const MAP_TYPE = Symbol.for('flux-ts.goMapType');

/** Tags `m` as a Go map of type `type` (e.g. 'map[string]string'); returns `m`. */
export function typedMap<T extends GoMap>(m: T, type: string): T {
  Object.defineProperty(m, MAP_TYPE, { value: type, enumerable: false, configurable: true });
  return m;
}

/** The Go type of a map: its typedMap tag, else map[string]interface {}. */
export function mapType(m: GoMap): string {
  const t = (m as unknown as Record<symbol, unknown>)[MAP_TYPE];
  return typeof t === 'string' ? t : 'map[string]interface {}';
}

// A named map type without methods templates use (Helm's common.Values, the type of .Values and
// .Template) is a view of an ordinary map: Go's conversion Values(m) shares m's entries, so a
// subchart's .Values is its parent's .Values.<name> seen under another type, and passing it to
// a map[string]interface {} parameter converts it back (Sprig's merge returns the plain map).
const VIEW_UNDERLYING = Symbol.for('flux-ts.goMapUnderlying');
const VIEW_TARGET = Symbol.for('flux-ts.goMapViewTarget');
const VIEW_METHODS = Symbol.for('flux-ts.goMapMethods');

class NamedMapHandler implements ProxyHandler<GoMap> {
  constructor(
    readonly type: string,
    readonly underlying: string,
    readonly methods: FuncMap | undefined,
  ) {}
  get(target: GoMap, key: string | symbol): unknown {
    if (typeof key === 'symbol') {
      if (key === MAP_TYPE) return this.type;
      if (key === VIEW_UNDERLYING) return this.underlying;
      if (key === VIEW_TARGET) return target;
      if (key === VIEW_METHODS) return this.methods;
    }
    return (target as Record<string | symbol, unknown>)[key];
  }
}

/**
 * `m` seen as the named map type `type` whose underlying type is `underlying`. `methods` are
 * the type's methods, bound to `m` (templates call them before looking up a key of that name).
 */
export function namedMapView(m: GoMap, type: string, underlying = 'map[string]interface {}', methods?: FuncMap): GoMap {
  return new Proxy(unnamedMap(m), new NamedMapHandler(type, underlying, methods));
}

/** The methods of a named map view, if it has any. */
export function namedMapMethods(m: GoMap): FuncMap | undefined {
  return (m as unknown as Record<symbol, FuncMap | undefined>)[VIEW_METHODS];
}

/** The map under a named map view (Go's conversion to the unnamed type), else `m` itself. */
export function unnamedMap(m: GoMap): GoMap {
  const t = (m as unknown as Record<symbol, unknown>)[VIEW_TARGET];
  return t === undefined ? m : (t as GoMap);
}

/** The underlying Go type of a map: that of a named view, else its own type (mapType). */
export function mapUnderlyingType(m: GoMap): string {
  const t = (m as unknown as Record<symbol, unknown>)[VIEW_UNDERLYING];
  return typeof t === 'string' ? t : mapType(m);
}

/** The zero value of a map's element type: what a missing key gives under missingkey=zero and index. */
export function mapElemZero(m: GoMap | GoNamedMap): GoValue {
  if (m instanceof GoNamedMap) return m.goElemZero();
  const t = mapUnderlyingType(m);
  if (t === 'map[string]interface {}') return null;
  switch (t.slice(t.indexOf(']') + 1)) {
    case 'string':
      return '';
    case 'bool':
      return false;
    case 'int':
      return 0n;
    case 'float64':
      return 0;
    default:
      return null;
  }
}

// A typed nil slice or map (what Sprig's rest of an empty list or fromJson "null" return) behaves
// as an empty one almost everywhere, but prints as `[]T(nil)` under %#v, marshals to JSON null,
// and equals nil in `eq`. It is an empty array or object carrying this registered tag; one
// that has been filled since is no longer nil (as appending to a nil slice makes a new one).
const NIL = Symbol.for('flux-ts.goNil');

/** A nil slice of the given Go type ('[]interface {}' unless said otherwise). */
export function nilSlice(type = '[]interface {}'): GoValue[] {
  const arr: GoValue[] = type === '[]interface {}' ? [] : typedSlice([], type);
  Object.defineProperty(arr, NIL, { value: true, enumerable: false });
  return arr;
}

/** A nil map of the given Go type ('map[string]interface {}' unless said otherwise). */
export function nilMap(type = 'map[string]interface {}'): GoMap {
  const m: GoMap = type === 'map[string]interface {}' ? {} : typedMap({}, type);
  Object.defineProperty(m, NIL, { value: true, enumerable: false });
  return m;
}

/** A nil []byte. */
export function nilBytes(): Uint8Array {
  const b = new Uint8Array(0);
  Object.defineProperty(b, NIL, { value: true, enumerable: false });
  return b;
}

/** Whether v is a typed nil slice or map (reflect's IsNil on a slice or map value). */
export function isNilCollection(v: GoValue): boolean {
  if (v === null || typeof v !== 'object' || (v as unknown as Record<symbol, unknown>)[NIL] !== true) return false;
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length === 0;
  return Object.keys(v).length === 0;
}

/** Go's reflect.Kind names, as Sprig's kindOf prints them. */
export type GoKind =
  | 'invalid'
  | 'string'
  | 'bool'
  | 'float64'
  | 'int'
  | GoNumberKind
  | 'slice'
  | 'map'
  | 'struct'
  | 'ptr';

/** The Go type of a value held as a JS primitive (string, bool, float64, int), else undefined. */
export function basicTypeName(v: GoValue): 'string' | 'bool' | 'float64' | 'int' | undefined {
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return 'float64';
    case 'bigint':
      return 'int';
    default:
      return undefined;
  }
}

export function kindOf(v: GoValue): GoKind {
  if (v === null || v === undefined) return 'invalid';
  const basic = basicTypeName(v);
  if (basic !== undefined) return basic;
  if (v instanceof GoNumber) return v.kind;
  if (Array.isArray(v) || v instanceof Uint8Array) return 'slice';
  if (v instanceof GoNamedMap) return 'map';
  if (v instanceof GoStruct) return v.goType.startsWith('*') ? 'ptr' : 'struct';
  return 'map';
}

/** Go's %T / Sprig's typeOf. */
export function typeOf(v: GoValue): string {
  if (v === null || v === undefined) return '<nil>';
  const basic = basicTypeName(v);
  if (basic !== undefined) return basic;
  if (v instanceof GoNumber) return v.kind;
  if (v instanceof Uint8Array) return '[]uint8';
  if (Array.isArray(v)) return sliceType(v);
  if (v instanceof GoStruct) return v.goType;
  // Every primitive returned above, so what is left is a map.
  return mapType(v as GoMap);
}

/** Go template truth: false, 0, nil, and empty strings/slices/maps are false. */
export function isTrue(v: GoValue): boolean {
  if (v === null || v === undefined) return false;
  switch (typeof v) {
    case 'string':
      return v.length > 0;
    case 'boolean':
      return v;
    case 'number':
      return v !== 0;
    case 'bigint':
      return v !== 0n;
  }
  if (v instanceof GoNumber) return typeof v.value === 'bigint' ? v.value !== 0n : v.value !== 0;
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length > 0;
  if (v instanceof GoNamedMap) return ownKeys(v).length > 0;
  if (v instanceof GoStruct) return true;
  return Object.keys(v).length > 0;
}

/** An error raised by a template function; the executor wraps it as Go does ("error calling X: ..."). */
export class GoFuncError extends Error {}

/**
 * Parameter types of a function in a FuncMap. The executor checks and converts arguments
 * the way Go's text/template does (reflect assignability, untyped constants), and reports
 * "wrong type for value; expected string; got float64" and "wrong number of args for X".
 * 'reflect.Value' passes the argument as it is, including undefined for "no value" (Go's
 * builtins take reflect.Value); 'interface {}' turns "no value" into null.
 */
export type GoParamType =
  | 'interface {}'
  | 'string'
  | 'bool'
  | 'int'
  | 'int64'
  | 'float64'
  | '[]interface {}'
  | '[]string'
  | 'map[string]interface {}'
  | 'reflect.Value'
  // Other numeric kinds take GoNumber values of that kind (and int/uint/float constants).
  | 'int8'
  | 'int16'
  | 'int32'
  | 'uint'
  | 'uint8'
  | 'uint16'
  | 'uint32'
  | 'uint64'
  | 'float32'
  | '[]int'
  // A struct type: takes a GoStruct whose goType is this name (e.g. 'time.Time').
  | 'time.Time'
  // Sprig's certificate struct (genCA's result), taken by genSignedCert.
  | 'sprig.certificate'
  // An interface no template value implements (Helm's Values.Encode takes one).
  | 'io.Writer';

export interface GoFunc {
  /** Fixed parameters. */
  params: GoParamType[];
  /** Type of the trailing ...variadic parameter, if any. */
  variadic?: GoParamType;
  /** The implementation. Throw (GoFuncError or any Error) to return a Go error. */
  fn: (...args: GoValue[]) => GoValue;
}

export type FuncMap = Record<string, GoFunc>;

/**
 * Parameter types of a GoStruct method callable from templates ({{.Obj.Method arg}}).
 * A GoStruct subclass lists them in a static `goMethods` record keyed by method name;
 * a method without an entry takes `fn.length` parameters of type interface{}.
 * Struct fields are the instance's own enumerable properties (except `goType`) and getters.
 */
export interface GoMethodSignature {
  params: GoParamType[];
  variadic?: GoParamType;
}
