// Private keys as Sprig handles them: generation (genPrivateKey), PEM encoding in the block
// types Sprig emits (RSA PKCS#1, EC SEC1, DSA traditional, PKCS#8 for the rest) and parsing
// of user-supplied PEM with Sprig's error texts.
import { type KeyObject, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { derInt, derSeq, intValue, modPow, readAll, readTlv } from './der.js';
import { pemDecode, pemEncode } from './pem.js';

export interface DsaKey {
  p: bigint;
  q: bigint;
  g: bigint;
  y: bigint;
  x: bigint;
}

/** A parsed or generated private key: a node KeyObject, or DSA numbers (node cannot sign with them here). */
export type PrivateKey = { kind: 'node'; key: KeyObject } | { kind: 'dsa'; dsa: DsaKey };

/** genPrivateKey's key types; "" means rsa. */
export function generatePrivateKey(typ: string): PrivateKey | undefined {
  switch (typ) {
    case '':
    case 'rsa':
      return { kind: 'node', key: generateKeyPairSync('rsa', { modulusLength: 4096 }).privateKey };
    case 'dsa':
      return { kind: 'dsa', dsa: dsaFromNode(generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).privateKey) };
    case 'ecdsa':
      return { kind: 'node', key: generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey };
    case 'ed25519':
      return { kind: 'node', key: generateKeyPairSync('ed25519').privateKey };
    default:
      return undefined;
  }
}

export function generateRsa2048(): PrivateKey {
  return { kind: 'node', key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey };
}

/** Reads p, q, g and x out of node's PKCS#8 DSA key and derives y = g^x mod p. */
function dsaFromNode(key: KeyObject): DsaKey {
  const der = key.export({ type: 'pkcs8', format: 'der' });
  const [, algId, privOctets] = readAll(readTlv(der).value);
  const [, params] = readAll(algId!.value);
  const [p, q, g] = readAll(params!.value).map(intValue) as [bigint, bigint, bigint];
  const x = intValue(readTlv(privOctets!.value));
  return { p, q, g, x, y: modPow(g, x, p) };
}

function dsaDer(k: DsaKey): Uint8Array {
  return derSeq([derInt(0n), derInt(k.p), derInt(k.q), derInt(k.g), derInt(k.y), derInt(k.x)]);
}

/** Sprig's pemBlockForKey. */
export function privateKeyPem(k: PrivateKey): string {
  if (k.kind === 'dsa') return pemEncode('DSA PRIVATE KEY', dsaDer(k.dsa));
  switch (k.key.asymmetricKeyType) {
    case 'rsa':
      return pemEncode('RSA PRIVATE KEY', k.key.export({ type: 'pkcs1', format: 'der' }));
    case 'ec':
      return pemEncode('EC PRIVATE KEY', k.key.export({ type: 'sec1', format: 'der' }));
    default:
      return pemEncode('PRIVATE KEY', k.key.export({ type: 'pkcs8', format: 'der' }));
  }
}

const GO_CURVES = new Set(['prime256v1', 'secp384r1', 'secp521r1', 'secp224r1']);
/** OIDs Go names when a PKCS#8 key is of an algorithm it does not support. */
const PKCS8_OIDS: Record<string, string> = {
  ed448: '1.3.101.113',
  x448: '1.3.101.111',
  dsa: '1.2.840.10040.4.1',
  'rsa-pss': '1.2.840.113549.1.1.10',
  dh: '1.2.840.113549.1.3.1',
};
const PKCS8_TYPES = new Set(['rsa', 'ec', 'ed25519', 'x25519']);

function nodeKey(der: Uint8Array, type: 'pkcs1' | 'sec1' | 'pkcs8'): KeyObject {
  try {
    return createPrivateKey({ key: Buffer.from(der), format: 'der', type });
  } catch {
    throw new Error('asn1: structure error: malformed private key');
  }
}

/** Sprig's parsePrivateKeyPEM; throws its error texts (the inner DER diagnostics are ours, not Go's). */
export function parsePrivateKeyPem(text: string): PrivateKey {
  const block = pemDecode(text);
  if (!block) throw new Error('no PEM data in input');
  if (block.type === 'PRIVATE KEY') {
    let key: KeyObject;
    try {
      key = nodeKey(block.bytes, 'pkcs8');
    } catch (e) {
      throw new Error(`decoding PEM as PKCS#8: ${(e as Error).message}`);
    }
    const t = key.asymmetricKeyType ?? '';
    if (!PKCS8_TYPES.has(t)) {
      throw new Error(`decoding PEM as PKCS#8: x509: PKCS#8 wrapping contained private key with unknown algorithm: ${PKCS8_OIDS[t] ?? t}`);
    }
    if (t === 'ec' && !GO_CURVES.has(key.asymmetricKeyDetails?.namedCurve ?? '')) {
      throw new Error('decoding PEM as PKCS#8: x509: failed to parse EC private key embedded in PKCS#8: x509: unknown elliptic curve');
    }
    return { kind: 'node', key };
  }
  if (!block.type.endsWith(' PRIVATE KEY')) throw new Error(`no private key data in PEM block of type ${block.type}`);
  const algorithm = block.type.slice(0, -' PRIVATE KEY'.length);
  try {
    switch (algorithm) {
      case 'RSA':
        return { kind: 'node', key: nodeKey(block.bytes, 'pkcs1') };
      case 'EC': {
        const key = nodeKey(block.bytes, 'sec1');
        if (!GO_CURVES.has(key.asymmetricKeyDetails?.namedCurve ?? '')) throw new Error('x509: unknown elliptic curve');
        return { kind: 'node', key };
      }
      case 'DSA': {
        const fields = readAll(readTlv(block.bytes).value).map(intValue);
        if (fields.length !== 6) throw new Error('asn1: structure error: malformed DSA key');
        const [, p, q, g, y, x] = fields as [bigint, bigint, bigint, bigint, bigint, bigint];
        return { kind: 'dsa', dsa: { p, q, g, y, x } };
      }
    }
  } catch (e) {
    throw new Error(`parsing ${algorithm} private key from PEM: ${(e as Error).message}`);
  }
  throw new Error(`invalid private key type ${block.type}`);
}
