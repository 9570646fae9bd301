// Go structs for src/helm/gojson's encoder, and the digest helm-controller takes of them: the
// SHA-256 of json.NewEncoder(w).Encode(v) output. The release observation and the post-render
// digests describe their Go structs here (field order, omitempty) instead of writing JSON text.
import { createHash } from 'node:crypto';
import { GoStruct, type GoValue } from '../../gotemplate/value.js';
import { marshal, type GoJsonFields } from '../../helm/gojson/index.js';

/** One field as encoding/json writes it; `undefined` is a field omitempty left out. */
export type JsonField = [string, GoValue] | undefined;

/** A struct value: its fields in declaration order, omitempty already applied. */
class JsonStruct extends GoStruct implements GoJsonFields {
  readonly goType = 'struct';
  readonly #fields: Array<[string, GoValue]>;

  constructor(fields: Array<[string, GoValue]>) {
    super();
    this.#fields = fields;
  }

  goJsonFields(): Array<[string, GoValue]> {
    return this.#fields;
  }
}

export function goStruct(...fields: JsonField[]): GoStruct {
  return new JsonStruct(fields.filter((f): f is [string, GoValue] => f !== undefined));
}

/**
 * A field tagged `json:",omitempty"`: left out when it is Go's empty value ("", 0, false, a nil
 * pointer, an empty slice or map). Structs are never empty, so they are not passed here.
 */
export function omitEmpty(key: string, v: GoValue | undefined): JsonField {
  if (v === undefined || v === null || v === '' || v === 0 || v === false) return undefined;
  if (Array.isArray(v) && v.length === 0) return undefined;
  if (typeof v === 'object' && !(v instanceof GoStruct) && !(v instanceof Uint8Array) && !Array.isArray(v) && Object.keys(v).length === 0) return undefined;
  return [key, v];
}

/** `sha256:<hex>` of json.Encoder's output: the JSON text and a trailing newline. */
export function encoderDigest(v: GoValue): string {
  return `sha256:${createHash('sha256').update(encode(v), 'utf8').digest('hex')}`;
}

/** json.NewEncoder(w).Encode(v): HTML-escaped JSON and a newline. */
export function encode(v: GoValue): string {
  return `${marshal(v)}\n`;
}
