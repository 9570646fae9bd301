// How go-yaml v2 (the YAML library under sigs.k8s.io/yaml, which Helm uses) decides what a
// plain scalar means. YAML 1.1 flavoured: yes/no/on/off/y/n are booleans, 0777 is octal,
// 1:20 (base 60) stays a string but is quoted on output.

export const TAG_STR = 'tag:yaml.org,2002:str';
export const TAG_INT = 'tag:yaml.org,2002:int';
export const TAG_FLOAT = 'tag:yaml.org,2002:float';
export const TAG_BOOL = 'tag:yaml.org,2002:bool';
export const TAG_NULL = 'tag:yaml.org,2002:null';
export const TAG_BINARY = 'tag:yaml.org,2002:binary';
export const TAG_TIMESTAMP = 'tag:yaml.org,2002:timestamp';
export const TAG_MERGE = 'tag:yaml.org,2002:merge';
export const TAG_MAP = 'tag:yaml.org,2002:map';
export const TAG_SEQ = 'tag:yaml.org,2002:seq';

/** A resolved scalar: go-yaml's int/uint64 become `int` (bigint), floats `float` (number). */
export type Resolved =
  | { tag: typeof TAG_STR; value: string }
  | { tag: typeof TAG_INT; value: bigint }
  | { tag: typeof TAG_FLOAT; value: number }
  | { tag: typeof TAG_BOOL; value: boolean }
  | { tag: typeof TAG_NULL; value: null }
  | { tag: typeof TAG_TIMESTAMP; value: string };

const WORDS = new Map<string, Resolved>();
function words(list: string[], r: Resolved): void {
  for (const w of list) WORDS.set(w, r);
}
words(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'], { tag: TAG_BOOL, value: true });
words(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'], { tag: TAG_BOOL, value: false });
words(['', '~', 'null', 'Null', 'NULL'], { tag: TAG_NULL, value: null });
words(['.nan', '.NaN', '.NAN'], { tag: TAG_FLOAT, value: NaN });
words(['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'], { tag: TAG_FLOAT, value: Infinity });
words(['-.inf', '-.Inf', '-.INF'], { tag: TAG_FLOAT, value: -Infinity });
// "<<" is not resolved here: go-yaml recognises a merge key by its text (see decode.ts).

const RESOLVABLE = new Set(['', TAG_STR, TAG_BOOL, TAG_INT, TAG_FLOAT, TAG_TIMESTAMP, TAG_NULL, TAG_BINARY]);

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Go's strconv.ParseInt(s, 0, 64) / ParseUint(s, 0, 64) syntax without the range check. */
function parseGoInt(s: string, signed: boolean): bigint | undefined {
  let i = 0;
  let neg = false;
  if (signed && (s[0] === '+' || s[0] === '-')) {
    neg = s[0] === '-';
    i = 1;
  }
  let body = s.slice(i);
  let digits: RegExp;
  let prefix = '';
  if (/^0[xX]/.test(body)) {
    prefix = '0x';
    body = body.slice(2);
    digits = /^[0-9a-fA-F]+$/;
  } else if (/^0[oO]/.test(body)) {
    prefix = '0o';
    body = body.slice(2);
    digits = /^[0-7]+$/;
  } else if (/^0[bB]/.test(body)) {
    prefix = '0b';
    body = body.slice(2);
    digits = /^[01]+$/;
  } else if (body.length > 1 && body[0] === '0') {
    prefix = '0o';
    body = body.slice(1);
    digits = /^[0-7]+$/;
  } else {
    digits = /^[0-9]+$/;
  }
  if (!digits.test(body)) return undefined;
  const v = BigInt(prefix + body);
  return neg ? -v : v;
}

function inInt64(v: bigint): boolean {
  return v >= INT64_MIN && v <= INT64_MAX;
}

const TS_DATE = '(\\d{4})-(\\d{1,2})-(\\d{1,2})';
const TS_TIME = '(\\d{1,2}):(\\d{1,2}):(\\d{1,2})(\\.\\d{1,9})?';
const TS_ZONE = '(Z|[+-]\\d{2}:\\d{2})';
const TS_LAYOUTS = [
  new RegExp(`^${TS_DATE}T${TS_TIME}${TS_ZONE}$`),
  new RegExp(`^${TS_DATE}t${TS_TIME}${TS_ZONE}$`),
  new RegExp(`^${TS_DATE} ${TS_TIME}$`),
  new RegExp(`^${TS_DATE}$`),
];

/** go-yaml's parseTimestamp: only the four layouts it allows, date first. */
function isTimestamp(s: string): boolean {
  // Quick check like go-yaml's: four digits then '-'.
  if (!/^[0-9]{4}-/.test(s)) return false;
  for (const re of TS_LAYOUTS) {
    const m = re.exec(s);
    if (!m) continue;
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (month < 1 || month > 12 || day < 1 || day > 31) continue;
    if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6]) > 59)) continue;
    return true;
  }
  return false;
}

function hint(c: string | undefined): 'N' | 'M' | 'D' | 'S' | '.' | '' {
  if (c === undefined) return 'N';
  if (c === '+' || c === '-') return 'S';
  if (c >= '0' && c <= '9') return 'D';
  if ('yYnNtTfFoO~'.includes(c)) return 'M';
  if (c === '.') return '.';
  return '';
}

/** Go's strconv.ParseFloat for text already known to be decimal: Infinity means out of range. */
function parseDecimalFloat(s: string): number | undefined {
  const v = Number(s);
  if (Number.isNaN(v) || !Number.isFinite(v)) return undefined;
  return v;
}

/**
 * Resolves a plain (unquoted, untagged) scalar as go-yaml v2 does, or a scalar with an explicit
 * standard tag (`!!int "12"`). Throws go-yaml's "cannot decode" error when the tag does not fit.
 */
export function resolveScalar(text: string, tag = ''): Resolved {
  // Other tags (!!merge, !!omap, custom ones) leave the text as it is, as go-yaml does.
  if (!RESOLVABLE.has(tag)) return { tag: TAG_STR, value: text };
  const r = resolveUntagged(text, tag);
  if (tag === '' || tag === r.tag || tag === TAG_STR || tag === TAG_BINARY) return r;
  if (tag === TAG_FLOAT && r.tag === TAG_INT) return { tag: TAG_FLOAT, value: Number(r.value) };
  throw new Error(`cannot decode ${shortTag(r.tag)} \`${text}\` as a ${shortTag(tag)}`);
}

function resolveUntagged(text: string, tag: string): Resolved {
  const h = hint(text[0]);
  if (h !== '' && tag !== TAG_STR && tag !== TAG_BINARY) {
    const w = WORDS.get(text);
    if (w) return w;
    switch (h) {
      case '.': {
        // Go's ParseFloat on the raw text: underscores only between digits, as in Go literals.
        const f = /^\.[0-9](_?[0-9])*([eE][-+]?[0-9](_?[0-9])*)?$/.test(text) ? parseDecimalFloat(text.replace(/_/g, '')) : undefined;
        if (f !== undefined) return { tag: TAG_FLOAT, value: f };
        break;
      }
      case 'D':
      case 'S': {
        if ((tag === '' || tag === TAG_TIMESTAMP) && isTimestamp(text)) return { tag: TAG_TIMESTAMP, value: text };
        const plain = text.replace(/_/g, '');
        const i = parseGoInt(plain, true);
        if (i !== undefined && inInt64(i)) return { tag: TAG_INT, value: i };
        const u = parseGoInt(plain, false);
        if (u !== undefined && u >= 0n && u <= UINT64_MAX) return { tag: TAG_INT, value: u };
        if (YAML_STYLE_FLOAT.test(plain)) {
          const f = parseDecimalFloat(plain);
          if (f !== undefined) return { tag: TAG_FLOAT, value: f };
        }
        break;
      }
    }
  }
  return { tag: TAG_STR, value: text };
}

export function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:') ? `!!${tag.slice('tag:yaml.org,2002:'.length)}` : tag;
}

/** go-yaml v2 quotes strings like "1:20" that YAML 1.1 readers take as base-60 floats. */
export function isBase60Float(s: string): boolean {
  return /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/.test(s) && s !== '';
}

/** True when a string can be written unquoted and read back as the same string. */
export function readsBackAsString(s: string): boolean {
  return resolveScalar(s).tag === TAG_STR && !isBase60Float(s);
}
