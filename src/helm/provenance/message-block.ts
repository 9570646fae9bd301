// The text a .prov file signs: the chart's Chart.yaml, a "..." line, then the checksums
// (`files: {<archive name>: "sha256:<hex>"}`). helm splits it at the first "\n...\n" and reads
// the second part with sigs.k8s.io/yaml into its SumCollection struct; the metadata part is not
// read when verifying.
import { isGoMap, type GoValue } from '../../gotemplate/value.js';
import { formatFloatG } from '../gojson/float.js';
import { jsonKindOf } from '../gojson/unmarshal.js';
import { yamlToJson } from '../yaml/index.js';

export interface SumCollection {
  files: Record<string, string>;
  images: Record<string, string>;
}

const SEPARATOR = '\n...\n';


function unmarshalError(detail: string): Error {
  return new Error(`error unmarshaling JSON: while decoding JSON: json: ${detail}`);
}

/**
 * A map[string]string field: null leaves it alone; entries must be strings (null: ""). As
 * sigs.k8s.io/yaml converts YAML for a string target, numbers and booleans become their text.
 */
function stringMap(target: Record<string, string>, field: string, v: GoValue): void {
  if (v === null || v === undefined) return;
  if (!isGoMap(v)) throw unmarshalError(`cannot unmarshal ${jsonKindOf(v)} into Go struct field SumCollection.${field} of type map[string]string`);
  for (const [k, entry] of Object.entries(v)) {
    if (entry === null) target[k] = '';
    else if (typeof entry === 'string') target[k] = entry;
    else if (typeof entry === 'boolean') target[k] = String(entry);
    else if (typeof entry === 'number') target[k] = Number.isSafeInteger(entry) ? String(entry) : formatFloatG(entry, 32);
    else throw unmarshalError(`cannot unmarshal ${jsonKindOf(entry)} into Go struct field SumCollection.${field}.${k} of type string`);
  }
}

/** ParseMessageBlock(data, nil, sums): the checksums of a signed message block. */
export function parseMessageBlock(text: Buffer): SumCollection {
  const at = text.indexOf(SEPARATOR);
  if (at < 0) throw new Error('message block must have at least two parts');
  const next = text.indexOf(SEPARATOR, at + SEPARATOR.length);
  const part = text.subarray(at + SEPARATOR.length, next < 0 ? text.length : next).toString('utf8');
  const doc = yamlToJson(part);
  const sums: SumCollection = { files: Object.create(null) as Record<string, string>, images: Object.create(null) as Record<string, string> };
  if (doc === null) return sums;
  if (!isGoMap(doc)) throw unmarshalError(`cannot unmarshal ${jsonKindOf(doc)} into Go value of type provenance.SumCollection`);
  // encoding/json matches field names case-insensitively.
  for (const [k, v] of Object.entries(doc)) {
    const name = k.toLowerCase();
    if (name === 'files') stringMap(sums.files, 'files', v);
    else if (name === 'images') stringMap(sums.images, 'images', v);
  }
  return sums;
}
