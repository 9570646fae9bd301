// Reading YAML the way Helm does: sigs.k8s.io/yaml.Unmarshal (go-yaml v2, then JSON), the
// multi-document values loader, and the fromYaml/fromYamlArray template functions.
import { isGoMap, type GoMap, type GoValue } from '../../gotemplate/value.js';
import { decodeYaml } from './decode.js';
import { newGoMap, yamlValueToJsonDepth } from './tojson.js';
import { compareGoStrings } from '../../gotemplate/go-strings.js';
import { jsonKindOf } from '../gojson/unmarshal.js';
import { goTrimSpace } from './go-space.js';

/** An error from sigs.k8s.io/yaml.Unmarshal, worded as Helm prints it. */
export class YamlUnmarshalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'YamlUnmarshalError';
  }
}


/** yaml.Unmarshal(text, &interface{}): the first document, JSON-normalised. */
export function yamlToJson(text: string): GoValue {
  let decoded;
  try {
    decoded = decodeYaml(text);
  } catch (e) {
    throw new YamlUnmarshalError(`error converting YAML to JSON: ${(e as Error).message}`);
  }
  let converted;
  try {
    converted = yamlValueToJsonDepth(decoded);
  } catch (e) {
    throw new YamlUnmarshalError(`error converting YAML to JSON: ${(e as Error).message}`);
  }
  // The JSON text then goes through json.Unmarshal, whose scanner refuses the 10001st level.
  if (converted.depth > MAX_JSON_NESTING) {
    throw new YamlUnmarshalError(`error unmarshaling JSON: while decoding JSON: invalid character '${firstTooDeep(converted.value)}' exceeded max depth`);
  }
  return converted.value;
}

/** encoding/json's maxNestingDepth. */
const MAX_JSON_NESTING = 10000;

/**
 * The opening character ('{' or '[') of the first collection past MAX_JSON_NESTING levels in
 * the JSON text of v, where json.Marshal writes map keys in sorted order.
 */
function firstTooDeep(v: GoValue): string {
  // Each open collection's elements still to visit, in JSON order.
  const open: GoValue[][] = [];
  let next: GoValue = v;
  for (;;) {
    if (Array.isArray(next) || isGoMap(next)) {
      if (open.length === MAX_JSON_NESTING) return Array.isArray(next) ? '[' : '{';
      const m = next;
      const elements = Array.isArray(m) ? [...m] : Object.keys(m).sort(compareGoStrings).map((k) => m[k] as GoValue);
      open.push(elements.reverse());
    }
    let found = false;
    while (open.length > 0) {
      const top = open[open.length - 1]!;
      if (top.length > 0) {
        next = top.pop() as GoValue;
        found = true;
        break;
      }
      open.pop();
    }
    if (!found) throw new Error('firstTooDeep: no collection is nested that deep');
  }
}

/** yaml.Unmarshal(text, &map[string]interface{}{}) */
export function yamlToJsonMap(text: string): GoMap {
  const v = yamlToJson(text);
  if (v === null) return newGoMap();
  if (!isGoMap(v)) {
    throw new YamlUnmarshalError(
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKindOf(v)} into Go value of type map[string]interface {}`,
    );
  }
  return v;
}

/**
 * Helm's chartutil.ReadValues (what helm-controller uses for valuesFrom documents): the first
 * document as a map, {} when empty; errors as sigs.k8s.io/yaml words them.
 */
export function readValues(text: string): GoMap {
  return yamlToJsonMap(text);
}

/** yaml.Unmarshal(text, &[]interface{}{}) */
export function yamlToJsonArray(text: string): GoValue[] {
  const v = yamlToJson(text);
  if (v === null) return [];
  if (!Array.isArray(v)) {
    throw new YamlUnmarshalError(
      `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKindOf(v)} into Go value of type []interface {}`,
    );
  }
  return v;
}

/**
 * The documents of a stream as k8s.io/apimachinery's YAMLReader reads them for Helm's
 * LoadValues, one at a time: lines come back without "\n" or "\r\n" and each gets a "\n" (a
 * last line without one too); a line starting with "---" followed by blanks or a comment ends a
 * document that has something in it, and is kept as its first line otherwise; any other text after
 * "---" is an error, met while reading the document it would end.
 */
export function* yamlDocuments(text: string): Generator<string> {
  let doc = '';
  const lines = text.split('\n');
  const last = lines.length - 1;
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (i === last) {
      if (line === '') break;
    } else if (line.endsWith('\r')) {
      line = line.slice(0, -1);
    }
    if (line.startsWith('---')) {
      const rest = goTrimSpace(line.slice(3));
      if (rest !== '' && !rest.startsWith('#')) throw new YamlUnmarshalError(`invalid Yaml document separator: ${rest}`);
      if (doc !== '') {
        yield doc;
        doc = '';
        continue;
      }
    }
    doc += `${line}\n`;
  }
  if (doc !== '') yield doc;
}

/** Every document of a stream, as yamlDocuments reads them. */
export function splitYamlDocuments(text: string): string[] {
  return [...yamlDocuments(text)];
}

/** Helm's MergeMaps: nested maps merge, anything else from `b` replaces. */
export function mergeMaps(a: GoMap, b: GoMap): GoMap {
  const out = newGoMap();
  for (const k of Object.keys(a)) out[k] = a[k]!;
  for (const k of Object.keys(b)) {
    const bv = b[k]!;
    const av = out[k];
    if (isGoMap(bv) && av !== undefined && isGoMap(av)) out[k] = mergeMaps(av, bv);
    else out[k] = bv;
  }
  return out;
}

/**
 * Helm's loader.LoadValues: every document of the stream must be a map (or empty); they merge
 * in order. Errors read "cannot unmarshal yaml document: ..." (or "error reading yaml document:
 * ..." for a bad separator, found before the document it ends is decoded).
 */
export function loadValues(text: string): GoMap {
  let values = newGoMap();
  const docs = yamlDocuments(text);
  for (;;) {
    let next;
    try {
      next = docs.next();
    } catch (e) {
      throw new YamlUnmarshalError(`error reading yaml document: ${(e as Error).message}`);
    }
    if (next.done) return values;
    let m: GoMap;
    try {
      m = yamlToJsonMap(next.value);
    } catch (e) {
      throw new YamlUnmarshalError(`cannot unmarshal yaml document: ${(e as Error).message}`);
    }
    values = mergeMaps(values, m);
  }
}

/** A user values file (-f): Helm reports "failed to parse <file>: ..." */
export function parseValuesYaml(text: string, fileName: string): GoMap {
  try {
    return loadValues(text);
  } catch (e) {
    throw new YamlUnmarshalError(`failed to parse ${fileName}: ${(e as Error).message}`);
  }
}

/** Helm's fromYaml: a map; on failure a map whose "Error" key holds the message. */
export function fromYaml(text: string): GoMap {
  try {
    return yamlToJsonMap(text);
  } catch (e) {
    const m = newGoMap();
    m['Error'] = (e as Error).message;
    return m;
  }
}

/** Helm's fromYamlArray: a list; on failure a one-element list holding the message. */
export function fromYamlArray(text: string): GoValue[] {
  try {
    return yamlToJsonArray(text);
  } catch (e) {
    return [(e as Error).message];
  }
}

