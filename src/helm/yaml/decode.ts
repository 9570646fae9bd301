// Decodes YAML text the way go-yaml v2's yaml.Unmarshal decodes into interface{} (the first
// stage of sigs.k8s.io/yaml.Unmarshal): the first document only. js-yaml when it surely reads
// what libyaml reads (decode-fast.ts), else libyaml's own scanner and parser and go-yaml's
// decoder (libyaml-*.ts). Streams are split into documents before they get here (read.ts,
// manifest-stream.ts), as apimachinery and Helm split them.
import { TAG_BINARY, TAG_MAP, TAG_SEQ, resolveScalar } from './resolve.js';
import { YamlSyntaxError } from './errors.js';
import { decodeYamlFast } from './decode-fast.js';
import { checkFirstDocument } from './libyaml-parser.js';
import { composeValue } from './libyaml-compose.js';

/** A go-yaml v2 map key: string, int (bigint), float64 (number), bool or nil. */
export type YamlKey = string | bigint | number | boolean | null;

/** What go-yaml v2 produces for interface{}: ints are bigint, floats number, maps keep key types. */
export type YamlValue = null | string | bigint | number | boolean | YamlValue[] | YamlMap;

export class YamlMap {
  /** Entries in insertion order; a later set of an equal key replaces the value in place. */
  readonly entries = new Map<string, { key: YamlKey; value: YamlValue }>();
  set(key: YamlKey, value: YamlValue): void {
    this.entries.set(keyId(key), { key, value });
  }
}

function keyId(k: YamlKey): string {
  if (k === null) return 'n:';
  switch (typeof k) {
    case 'string':
      return `s:${k}`;
    case 'bigint':
      return `i:${k}`;
    case 'number':
      return `f:${Object.is(k, -0) ? '-0' : String(k)}`;
    default:
      return `b:${k}`;
  }
}

/** Decodes the first document of `text` (what yaml.Unmarshal does); empty input is null. */
export function decodeYaml(text: string): YamlValue {
  const fast = decodeYamlFast(text);
  if (fast !== undefined) return fast;
  return decodeYamlCarefully(text);
}

/**
 * The slower path, exact about errors: libyaml's own reader check, scanner and parser
 * (libyaml-parser.ts) decide whether go-yaml refuses the text, with which words, and what its
 * first document is; go-yaml's decoder then builds the value (libyaml-compose.ts).
 */
export function decodeYamlCarefully(text: string): YamlValue {
  const check = checkFirstDocument(text);
  if ('error' in check) throw YamlSyntaxError.worded(check.error.goMessage());
  return check.root === undefined ? null : composeValue(check.root);
}

/**
 * A scalar's value as go-yaml v2 decodes it into interface{}: quoted and block scalars without
 * a tag, and tags outside yaml.org's, stay text; `!!binary` is base64-decoded; the rest resolves
 * as plain YAML 1.1 (with its tag, if any).
 */
export function scalarValue(text: string, tag: string, plain: boolean): YamlValue {
  if (tag === '' && !plain) return text;
  if (tag !== '' && !tag.startsWith('tag:yaml.org,2002:')) return text;
  if (tag === TAG_MAP || tag === TAG_SEQ) return text;
  let r;
  try {
    r = resolveScalar(text, tag);
  } catch (e) {
    throw new YamlSyntaxError((e as Error).message);
  }
  if (tag === TAG_BINARY) {
    if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(text)) throw new YamlSyntaxError('!!binary value contains invalid base64 data');
    return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return r.value;
}
