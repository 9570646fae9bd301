// A keyring read as go-crypto's ReadKeyRing reads one: packet framing and how faulty entities
// are skipped or stop the reading (helm's own texts for real files are in helm-cases.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readKeyring, splitKeyring } from '../../../src/helm/provenance/keyring.js';
import { PacketReader } from '../../../src/helm/provenance/packets.js';

const keys = join(import.meta.dirname, '../../fixtures/provenance/keys');
const signer = readFileSync(join(keys, 'signer.pub.gpg'));
const other = readFileSync(join(keys, 'other.pub.gpg'));

describe('packet framing', () => {
  it('reads old- and new-format headers, with partial body lengths', () => {
    // Old format, tag 13, one-byte length; new format, tag 13, partial 2-byte chunk then 1 byte.
    const data = Buffer.from([0xb4, 2, 0x61, 0x62, 0xcd, 0xe1, 0x61, 0x62, 1, 0x63]);
    const r = new PacketReader(data);
    const read = () => {
      const p = r.next();
      return p && { tag: p.tag, body: Buffer.from(p.body).toString(), raw: p.raw.length };
    };
    expect(read()).toEqual({ tag: 13, body: 'ab', raw: 4 });
    expect(read()).toEqual({ tag: 13, body: 'abc', raw: 6 });
    expect(read()).toBeUndefined();
  });

  it("fails as Go's reader fails", () => {
    expect(() => new PacketReader(Buffer.from('x')).next()).toThrow('openpgp: invalid data: tag byte does not have MSB set');
    expect(() => new PacketReader(Buffer.from([0xb4, 5, 0x61])).next()).toThrow('unexpected EOF');
    expect(() => new PacketReader(Buffer.from([0xcd])).next()).toThrow('unexpected EOF');
  });
});

describe('keyring entities', () => {
  it('reads every entity of concatenated exports', async () => {
    const ring = await readKeyring(Buffer.concat([signer, other]));
    expect(ring.map((k) => k.users[0]?.userID?.email)).toEqual(['signer@flux-ts.test', 'other@flux-ts.test']);
  });

  it('skips packets before the first public key, keeping the fault for an empty result', async () => {
    const userId = Buffer.from([0xb4, 1, 0x61]);
    expect(splitKeyring(Buffer.concat([userId, signer]))[0]).toMatchObject({ fault: { message: 'openpgp: invalid data: first packet was not a public/private key' } });
    expect(await readKeyring(Buffer.concat([userId, signer]))).toHaveLength(1);
    await expect(readKeyring(userId)).rejects.toThrow('first packet was not a public/private key');
  });

  it('an empty keyring has no keys and no error', async () => {
    expect(await readKeyring(Buffer.alloc(0))).toEqual([]);
  });
});
