// fluxcd/pkg chartutil DigestValues / VerifyValues: the digest of the values as go-yaml v2
// encodes them after sigs.k8s.io/yaml's JSONObjectToYAMLObject and a recursive key sort.
// helm-controller stores it as Snapshot.configDigest and status.lastAttemptedConfigDigest.
import { createHash } from 'node:crypto';
import { GoNumber, isGoMap, type GoMap, type GoValue } from '../../gotemplate/value.js';
import { compareGoStrings } from '../../helm/gojson/index.js';
import { formatFloatG } from '../../helm/gojson/float.js';
import { emitYaml, type EmitNode } from '../../helm/yaml/emit.js';
import { readsBackAsString } from '../../helm/yaml/index.js';

export type DigestAlgorithm = 'sha256' | 'sha384' | 'sha512';

const HEX_LENGTH: Record<DigestAlgorithm, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** The exact bytes Flux hashes: '' for nil or empty values. */
export function encodeValuesForDigest(values: GoMap | null | undefined): string {
  if (!values || Object.keys(values).length === 0) return '';
  return emitYaml(mapNode(values));
}

/** `<algo>:<hex>` of the values (sha256 unless told). */
export function digestValues(values: GoMap | null | undefined, algo: DigestAlgorithm = 'sha256'): string {
  return `${algo}:${createHash(algo).update(encodeValuesForDigest(values), 'utf8').digest('hex')}`;
}

/** False for a malformed digest (digest.Parse/Validate) or different values. */
export function verifyValues(digest: string, values: GoMap | null | undefined): boolean {
  const parsed = parseDigest(digest);
  if (!parsed) return false;
  return digestValues(values, parsed.algorithm) === digest;
}

/** opencontainers/go-digest Parse + Validate for the algorithms Flux can produce. */
export function parseDigest(digest: string): { algorithm: DigestAlgorithm; hex: string } | undefined {
  const i = digest.indexOf(':');
  if (i <= 0 || i + 1 === digest.length) return undefined;
  const algorithm = digest.slice(0, i);
  const hex = digest.slice(i + 1);
  if (algorithm !== 'sha256' && algorithm !== 'sha384' && algorithm !== 'sha512') return undefined;
  if (hex.length !== HEX_LENGTH[algorithm] || !/^[a-f0-9]+$/.test(hex)) return undefined;
  return { algorithm, hex };
}

type ScalarNode = EmitNode & { kind: 'scalar' };

function plain(value: string): ScalarNode {
  return { kind: 'scalar', value, style: 'plain' };
}

/** go-yaml v2 encoder's string styles: literal when multi-line, plain when it reads back. */
function stringNode(s: string): ScalarNode {
  if (s.includes('\n')) return { kind: 'scalar', value: s, style: 'literal' };
  return { kind: 'scalar', value: s, style: readsBackAsString(s) ? 'plain' : 'double' };
}

// SortMapSlice compares keys with Go's string `<` (byte order).
function mapNode(m: GoMap): EmitNode {
  const keys = Object.keys(m).sort(compareGoStrings);
  return { kind: 'map', entries: keys.map((k) => [stringNode(k), valueNode(m[k])]) };
}

const INT64_MIN = -(2 ** 63);
const UINT64_LIMIT = 2 ** 64;

function valueNode(v: GoValue): EmitNode {
  if (v === null || v === undefined) return plain('null');
  switch (typeof v) {
    case 'string':
      return stringNode(v);
    case 'boolean':
      return plain(v ? 'true' : 'false');
    case 'bigint':
      return plain(v.toString());
    case 'number':
      return plain(numberText(v));
  }
  if (v instanceof GoNumber) return plain(typeof v.value === 'bigint' ? v.value.toString() : floatText(v.value, 32));
  if (Array.isArray(v)) return { kind: 'seq', items: v.map(valueNode) };
  if (isGoMap(v)) return mapNode(v);
  // Values come from YAML/JSON: nothing else reaches here.
  throw new TypeError(`values: cannot encode a ${Object.prototype.toString.call(v)} for the config digest`);
}

/** JSONObjectToYAMLObject turns integral float64s into int64 (or uint64) first. */
function numberText(f: number): string {
  if (Number.isInteger(f) && f >= INT64_MIN && f < UINT64_LIMIT) return BigInt(f).toString();
  return floatText(f, 64);
}

function floatText(f: number, bits: 32 | 64): string {
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  if (Number.isNaN(f)) return '.nan';
  return formatFloatG(f, bits);
}
