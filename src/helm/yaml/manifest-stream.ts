// A stream of Kubernetes manifests read as k8s.io/apimachinery's YAMLOrJSONDecoder reads it:
// kubectl `apply -f`, Helm's kube client and Flux's ssa.ReadObjects (helm-controller's drift
// detection) all use it. A stream that starts with '{' is tried as a series of JSON values
// (encoding/json's Decoder); at the first JSON failure, unless two values already decoded, the
// rest is read as YAML: documents split by YAMLReader on "---" lines (yamlDocuments), each one
// decoded by sigs.k8s.io/yaml.Unmarshal (go-yaml v2, first document only), so error lines count
// from the start of the document's chunk.
import type { GoValue } from '../../gotemplate/value.js';
import { decodeFirst, JsonSyntaxError } from '../gojson/unmarshal.js';
import { GO_SPACE_CHAR } from './go-space.js';
import { yamlDocuments, yamlToJson, YamlUnmarshalError } from './read.js';

/** How far kubectl's decoder looks for the '{' that makes a stream JSON. */
export const KUBECTL_JSON_SNIFF_BYTES = 4096;

/** GuessJSONStream: within the first `size` bytes, is the first non-space character '{'? */
function looksLikeJson(text: string, size: number): boolean {
  let bytes = 0;
  for (const c of text) {
    bytes += Buffer.byteLength(c, 'utf8');
    if (bytes > size) return false;
    if (!GO_SPACE_CHAR.test(c)) return c === '{';
  }
  return false;
}

/** How json.Decoder.Decode ended: a value and where it ends, the end of the stream, or an error. */
type JsonStep = { value: GoValue; end: number } | { eof: true } | { error: string; syntax: boolean; offset: number };

function jsonStep(text: string, pos: number): JsonStep {
  try {
    return decodeFirst(text, pos);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    if (e.message === 'EOF') return { eof: true };
    // io.ErrUnexpectedEOF and type errors ("json: cannot unmarshal ...") are not SyntaxErrors.
    const syntax = e.message !== 'unexpected EOF' && !e.message.startsWith('json: ');
    return { error: e.message, syntax, offset: e.offset };
  }
}

/** After a JSON failure the decoder skips blanks up to and including the first line break. */
function skipToYaml(text: string, pos: number): number {
  let i = pos;
  for (const c of text.slice(pos)) {
    if (!GO_SPACE_CHAR.test(c)) return i;
    i += c.length;
    if (c === '\n') return i;
  }
  return i;
}

/**
 * Every document of a manifest stream (rendered templates, a release manifest, files under a
 * directory), JSON-normalised (numbers float64, YAML 1.1 scalars); empty documents are null.
 * Errors read as the decoder returns them (kubectl prints them after "error parsing FILE: ").
 */
export function parseAllDocuments(text: string, jsonSniffBytes = KUBECTL_JSON_SNIFF_BYTES): GoValue[] {
  const out: GoValue[] = [];
  let pos = 0;
  let jsonError: string | undefined;
  if (looksLikeJson(text, jsonSniffBytes)) {
    for (;;) {
      const step = jsonStep(text, pos);
      if ('eof' in step) return out;
      if ('value' in step) {
        out.push(step.value);
        pos = step.end;
        continue;
      }
      // Two values make it a JSON stream: its error stands, unwrapped.
      if (out.length > 1) throw new YamlUnmarshalError(step.error);
      // Go counts the offset in bytes from the start of the stream, the bad byte included.
      jsonError = step.syntax ? `json: offset ${Buffer.byteLength(text.slice(0, step.offset), 'utf8') + 1}: ${step.error}` : step.error;
      pos = skipToYaml(text, pos);
      break;
    }
  }
  const docs = yamlDocuments(text.slice(pos));
  for (;;) {
    let doc: GoValue;
    try {
      const next = docs.next();
      if (next.done) return out;
      doc = yamlToJson(next.value);
    } catch (e) {
      // The document where JSON gave up reports the JSON error when YAML fails too.
      throw jsonError !== undefined ? new YamlUnmarshalError(jsonError) : e;
    }
    out.push(doc);
    jsonError = undefined;
  }
}

