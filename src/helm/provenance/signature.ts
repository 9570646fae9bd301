// openpgp.CheckDetachedSignature as helm calls it: the signature packets of the armored block
// are read in turn until one names (issuer key ID) a key of the keyring that may sign; the
// signed text is checked with that key. openpgp.js does the cryptography; which key is looked
// for, and the error texts, are go-crypto's.
import { openpgp as loadOpenpgp } from './openpgp.js';
import type { Config, Key, LiteralDataPacket, SignaturePacket, Subkey } from 'openpgp';
import type { ClearsignBlock } from './clearsign.js';
import { badSignature, OpenPgpError, structural, unknownIssuer } from './errors.js';
import { OPENPGP_CONFIG } from './keyring.js';
import { PacketReader, TAG } from './packets.js';

/** go-crypto's "<algorithm> verification failure" names, by public-key algorithm. */
const FAILURE_NAMES: Record<number, string> = { 1: 'RSA', 2: 'RSA', 3: 'RSA', 17: 'DSA', 19: 'ECDSA', 22: 'EdDSA', 27: 'Ed25519', 28: 'ed448' };
const ALGORITHM_IDS: Record<string, number> = { rsaEncryptSign: 1, rsaEncrypt: 2, rsaSign: 3, dsa: 17, ecdsa: 19, eddsaLegacy: 22, ed25519Legacy: 22, ed25519: 27, ed448: 28 };
const KEY_FLAG_SIGN = 0x02;

/** A key of the keyring that may have made a signature. */
interface Candidate {
  entity: Key;
  key: Key | Subkey;
}

function newest(sigs: readonly SignaturePacket[]): SignaturePacket | undefined {
  return sigs.reduce<SignaturePacket | undefined>((best, s) => (best === undefined || (s.created ?? 0) > (best.created ?? 0) ? s : best), undefined);
}

/** Entity.PrimaryIdentity's self-signature: a primary user ID first, else the newest. */
function primarySelfSignature(entity: Key): SignaturePacket | undefined {
  const selfSigs = entity.users.flatMap((u) => (u.userID !== null ? [newest(u.selfCertifications)] : [])).filter((s): s is SignaturePacket => s !== undefined);
  return selfSigs.find((s) => s.isPrimaryUserID === true) ?? newest(selfSigs);
}

/** EntityList.KeysByIdUsage(id, KeyFlagSign): a key whose self-signature has flags must allow signing. */
function keysByIdForSigning(keyring: readonly Key[], keyId: string): Candidate[] {
  const out: Candidate[] = [];
  const allows = (sig: SignaturePacket | undefined) => sig?.keyFlags == null || sig.keyFlags.length === 0 || ((sig.keyFlags[0] ?? 0) & KEY_FLAG_SIGN) !== 0;
  for (const entity of keyring) {
    if (entity.getKeyID().toHex() === keyId && allows(primarySelfSignature(entity))) out.push({ entity, key: entity });
    for (const sub of entity.subkeys) {
      if (sub.getKeyID().toHex() === keyId && allows(newest(sub.bindingSignatures))) out.push({ entity, key: sub });
    }
  }
  return out;
}

function algorithmOf(key: Key | Subkey): number | undefined {
  return ALGORITHM_IDS[key.getAlgorithmInfo().algorithm];
}

/** go-crypto's checkSignatureDetails, at `now`: revoked, then expired keys, then expired signatures. */
async function checkDetails(c: Candidate, message: SignaturePacket, now: Date, config: Config): Promise<void> {
  const primarySelf = primarySelfSignature(c.entity);
  const sub = c.key === c.entity ? undefined : (c.key as Subkey);
  const binding = sub !== undefined ? newest(sub.bindingSignatures) : undefined;
  if ((await c.entity.isRevoked(undefined, undefined, now, config)) || (sub !== undefined && binding !== undefined && (await sub.isRevoked(binding, c.entity.keyPacket, now, config)))) {
    throw new OpenPgpError('other', 'openpgp: signature made by revoked key');
  }
  const expired = (t: Date | number | null) => t !== null && t !== Infinity && +t <= +now;
  // openpgp.js fails where it finds no valid self-signature; go-crypto has none to judge then.
  const lifetimeEnd = (p: Promise<Date | number | null>) => p.catch(() => null);
  if (expired(await lifetimeEnd(c.entity.getExpirationTime(undefined, config))) || (sub !== undefined && expired(await lifetimeEnd(sub.getExpirationTime(now, config))))) {
    throw new OpenPgpError('other', 'openpgp: key expired');
  }
  for (const sig of [message, primarySelf, binding]) {
    if (sig !== undefined && sig.isExpired(now)) throw new OpenPgpError('other', 'openpgp: signature expired');
  }
}

/** Checks block's signature against the keyring; returns the signing entity, throws OpenPgpError. */
export async function checkClearsignature(keyring: readonly Key[], block: ClearsignBlock): Promise<Key> {
  const openpgp = loadOpenpgp();
  const config: Config = { ...openpgp.config, ...OPENPGP_CONFIG };
  const reader = new PacketReader(block.signature.body());
  for (;;) {
    const p = reader.next();
    if (p === undefined) throw unknownIssuer();
    if (p.tag !== TAG.signature) throw structural('non signature packet found');
    const signature = await openpgp.readSignature({ binarySignature: p.raw, config: OPENPGP_CONFIG });
    const packet = signature.packets[0];
    if (packet === undefined || packet.issuerKeyID.bytes === '') throw structural("signature doesn't have an issuer");
    const candidates = keysByIdForSigning(keyring, packet.issuerKeyID.toHex());
    if (candidates.length === 0) continue;
    const literal = (await openpgp.createMessage({ binary: new Uint8Array(block.signed) })).packets[0] as LiteralDataPacket;
    let failure: OpenPgpError | undefined;
    for (const c of candidates) {
      try {
        // The cryptographic check only (no date: go-crypto judges dates in checkDetails).
        await packet.verify(c.key.keyPacket, packet.signatureType!, literal, null as unknown as Date, true, config);
      } catch (e) {
        // go-crypto refuses a critical notation it does not know once the signature checks out.
        const notation = /^Unknown critical notation: (.*)$/.exec((e as Error).message);
        if (notation !== null) throw badSignature(`unknown critical notation: ${notation[1]}`);
        const algorithm = algorithmOf(c.key);
        const name = algorithm !== undefined ? FAILURE_NAMES[algorithm] : undefined;
        failure = /digest did not match|verification failed/i.test((e as Error).message) && name !== undefined ? badSignature(`${name} verification failure`) : badSignature((e as Error).message);
        continue;
      }
      await checkDetails(c, packet, new Date(), config);
      return c.entity;
    }
    throw failure!;
  }
}
