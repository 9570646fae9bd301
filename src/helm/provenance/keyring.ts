// A keyring read as helm reads one (provenance.loadKeyRing → go-crypto openpgp.ReadKeyRing): a
// stream of binary OpenPGP packets (GnuPG's legacy pubring.gpg/secring.gpg format; armored
// files and keyboxes are not keyrings to helm v4.1.4), grouped into entities the way
// ReadEntity groups them. An entity with a structural fault is skipped up to the next primary
// public key; the reading fails only when no entity is left (with the last fault) or on a fault
// that cannot be skipped (data ending inside a packet, a bad tag byte). The key material of each
// entity is parsed by openpgp.js, loaded only here.
import { openpgp as loadOpenpgp } from './openpgp.js';
import type { Key, PartialConfig } from 'openpgp';
import { OpenPgpError, structural } from './errors.js';
import { canSign, concat, keyAlgorithm, PacketReader, signatureType, TAG, type Packet } from './packets.js';

/** Packet tags go-crypto's reader knows; it passes over the others (trust packets...). */
const KNOWN_TAGS = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 17, 18, 20, 21]);
const CERTIFICATIONS = new Set([0x10, 0x11, 0x12, 0x13, 0x30]);
const SUBKEY_SIGNATURES = new Set([0x18, 0x28]);

/** packet.Reader.Next: the next packet of a known type. */
function nextKnown(r: PacketReader): Packet | undefined {
  for (;;) {
    const p = r.next();
    if (p === undefined || KNOWN_TAGS.has(p.tag)) return p;
  }
}

/** One entity's packets, or the structural fault that made ReadEntity give it up. */
type EntityRead = { packets: Packet[] } | { fault: OpenPgpError };

function readEntity(r: PacketReader): Packet[] | undefined {
  const first = nextKnown(r);
  if (first === undefined) return undefined;
  if (first.tag !== TAG.publicKey && first.tag !== TAG.secretKey) {
    r.unread(first);
    throw structural('first packet was not a public/private key');
  }
  if (!canSign(keyAlgorithm(first.body))) throw structural('primary key cannot be used for signatures');
  const packets = [first];
  for (;;) {
    const p = nextKnown(r);
    if (p === undefined) break;
    if (p.tag === TAG.publicKey || p.tag === TAG.secretKey) {
      r.unread(p);
      break;
    }
    packets.push(p);
    if (p.tag === TAG.userId) packets.push(...userIdSignatures(r));
    else if (p.tag === TAG.publicSubkey || p.tag === TAG.secretSubkey) packets.push(...subkeySignatures(r));
  }
  return packets;
}

function userIdSignatures(r: PacketReader): Packet[] {
  const sigs: Packet[] = [];
  for (;;) {
    const p = nextKnown(r);
    if (p === undefined) break;
    if (p.tag !== TAG.signature) {
      r.unread(p);
      break;
    }
    if (!CERTIFICATIONS.has(signatureType(p.body) ?? -1)) throw structural('user ID signature with wrong type');
    sigs.push(p);
  }
  return sigs;
}

function subkeySignatures(r: PacketReader): Packet[] {
  const sigs: Packet[] = [];
  for (;;) {
    let p: Packet | undefined;
    try {
      p = nextKnown(r);
    } catch (e) {
      throw structural(`subkey signature invalid: ${(e as Error).message}`);
    }
    if (p === undefined) break;
    if (p.tag !== TAG.signature) {
      r.unread(p);
      break;
    }
    if (!SUBKEY_SIGNATURES.has(signatureType(p.body) ?? -1)) throw structural('subkey signature with wrong type');
    sigs.push(p);
  }
  if (!sigs.some((s) => signatureType(s.body) === 0x18)) throw structural('subkey packet not followed by signature');
  return sigs;
}

/** readToNextPublicKey: skip to the next primary public key (secret keys do not count). */
function skipToNextPublicKey(r: PacketReader): void {
  for (;;) {
    const p = nextKnown(r);
    if (p === undefined) return;
    if (p.tag === TAG.publicKey) {
      r.unread(p);
      return;
    }
  }
}

/** ReadKeyRing's walk over the packets: entities and skipped faults, in order. */
export function splitKeyring(data: Uint8Array): EntityRead[] {
  const r = new PacketReader(data);
  const out: EntityRead[] = [];
  for (;;) {
    let packets: Packet[] | undefined;
    try {
      packets = readEntity(r);
    } catch (e) {
      if (!(e instanceof OpenPgpError) || (e.kind !== 'structural' && e.kind !== 'unsupported')) throw e;
      out.push({ fault: e });
      skipToNextPublicKey(r);
      continue;
    }
    if (packets === undefined) return out;
    out.push({ packets });
  }
}

/** openpgp.js settings close to go-crypto's: no minimum RSA size, SHA-1 signatures accepted. */
export const OPENPGP_CONFIG: PartialConfig = {
  minRSABits: 0,
  rejectHashAlgorithms: new Set(),
  rejectMessageHashAlgorithms: new Set(),
  rejectPublicKeyAlgorithms: new Set(),
  rejectCurves: new Set(),
};

/**
 * The keyring's entities as openpgp.js keys. Throws the reading's error (OpenPgpError) when no
 * entity could be read; an empty keyring is no error.
 */
export async function readKeyring(data: Uint8Array): Promise<Key[]> {
  const openpgp = loadOpenpgp();
  const keys: Key[] = [];
  let lastFault: OpenPgpError | undefined;
  for (const item of splitKeyring(data)) {
    if ('fault' in item) {
      lastFault = item.fault;
      continue;
    }
    let key: Key;
    try {
      key = await openpgp.readKey({ binaryKey: concat(item.packets.map((p) => p.raw)), config: OPENPGP_CONFIG });
    } catch (e) {
      lastFault = structural((e as Error).message);
      continue;
    }
    // ReadEntity keeps only user IDs with a self-signature; none left is a fault.
    if (!key.users.some((u) => u.userID !== null && u.selfCertifications.length > 0)) {
      lastFault = structural('entity without any identities');
      continue;
    }
    keys.push(key);
  }
  if (keys.length === 0 && lastFault !== undefined) throw lastFault;
  return keys;
}
