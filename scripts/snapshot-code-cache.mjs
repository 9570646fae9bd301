// Prunes node's built-in code cache from a user-land start-up snapshot blob.
//
// `node --build-snapshot` appends to the blob the V8 code cache of every one of node's own
// JavaScript modules (~2.6 MB of a 4 MB empty snapshot). A module the snapshot already holds
// loaded never reads its entry again, yet node reads, zero-fills and copies the whole blob at
// every start: on small charts that was ~4 ms of `flux-ts template`'s ~50. scripts/build.mjs
// decides which entries go.
//
// Layout (node 20's SnapshotData::ToBlob, src/node_snapshotable.cc): the code cache is the blob's
// last section, a vector of entries: [count: u64] then per entry [id length: u64][id bytes]
// [data length: u64][data bytes], ending at the end of the file. The earlier sections are not
// parsed: the section starts at the first offset from which that structure reads exactly to the
// end of the file (a later one can only be a tail of it). When none is found the blob is left as it is.

const MAX_ENTRIES = 4096;
const MAX_ID = 256;
const ID = /^[a-z_][\w./-]*$/i;

/**
 * The code cache section of `blob` (a Buffer): its offset and entries, or undefined when the
 * blob does not end in one.
 * @returns {{ offset: number, entries: { id: string, start: number, end: number }[] } | undefined}
 */
export function findCodeCache(blob) {
  // A wrong offset fails within a few reads. The tail of the real section that starts at any
  // later entry reads to the end too, if the 8 bytes before that entry happen to be a small
  // count: the first offset that reads to the end is the section's start.
  let found;
  for (let offset = blob.length - 8; offset >= 0; offset--) {
    const entries = readEntries(blob, offset);
    if (entries) found = { offset, entries };
  }
  return found;
}

function readEntries(blob, offset) {
  const n = blob.length;
  const count = readU64(blob, offset);
  if (count === undefined || count < 1 || count > MAX_ENTRIES) return undefined;
  let at = offset + 8;
  const entries = [];
  for (let i = 0; i < count; i++) {
    const idLength = readU64(blob, at);
    if (idLength === undefined || idLength < 1 || idLength > MAX_ID || at + 8 + idLength > n) return undefined;
    const id = blob.toString('latin1', at + 8, at + 8 + idLength);
    if (!ID.test(id)) return undefined;
    const start = at;
    at += 8 + idLength;
    const dataLength = readU64(blob, at);
    if (dataLength === undefined || at + 8 + dataLength > n) return undefined;
    at += 8 + dataLength;
    entries.push({ id, start, end: at });
  }
  return at === n ? entries : undefined;
}

function readU64(blob, at) {
  if (at + 8 > blob.length) return undefined;
  const high = blob.readUInt32LE(at + 4);
  return high > 0x1fffff ? undefined : high * 2 ** 32 + blob.readUInt32LE(at);
}

/**
 * `blob` without the code cache entries of the modules `drop` picks (by id, as node names them:
 * `fs`, `internal/fs/utils`...); undefined when the blob has no code cache section we can read.
 * @param {Buffer} blob
 * @param {(id: string) => boolean} drop
 * @returns {{ blob: Buffer, dropped: number, kept: number } | undefined}
 */
export function pruneCodeCache(blob, drop) {
  const found = findCodeCache(blob);
  if (!found) return undefined;
  const kept = found.entries.filter((e) => !drop(e.id));
  const count = Buffer.alloc(8);
  count.writeBigUInt64LE(BigInt(kept.length));
  const parts = [blob.subarray(0, found.offset), count, ...kept.map((e) => blob.subarray(e.start, e.end))];
  return { blob: Buffer.concat(parts), dropped: found.entries.length - kept.length, kept: kept.length };
}
