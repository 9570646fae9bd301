// scripts/snapshot-code-cache.mjs: finding and pruning node's built-in code cache at the end of
// a start-up snapshot blob, on blobs laid out as node writes them and on the blobs the build made.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS build helper
import { findCodeCache, pruneCodeCache } from '../../scripts/snapshot-code-cache.mjs';

type Found = { offset: number; entries: { id: string; start: number; end: number }[] } | undefined;
type Pruned = { blob: Buffer; dropped: number; kept: number } | undefined;
const find = findCodeCache as (blob: Buffer) => Found;
const prune = pruneCodeCache as (blob: Buffer, drop: (id: string) => boolean) => Pruned;

const DIST = fileURLToPath(new URL('../../dist/snapshot/', import.meta.url));

function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
}

/** The code cache section as node's SnapshotData::ToBlob writes it. */
function section(entries: [string, Buffer][]): Buffer {
  return Buffer.concat([u64(entries.length), ...entries.flatMap(([id, data]) => [u64(id.length), Buffer.from(id, 'latin1'), u64(data.length), data])]);
}

// What comes before the section (metadata, V8's snapshot, node's own tables) is opaque here:
// bytes that end in something that reads like a count (1) make the search's job harder.
const prefix = Buffer.concat([Buffer.from('\x19\xdaC\x01\x01 node metadata and v8 startup data '), Buffer.alloc(300, 7), u64(1)]);
const entries: [string, Buffer][] = [
  ['fs', Buffer.alloc(40, 1)],
  ['internal/fs/utils', Buffer.alloc(25, 2)],
  // An entry whose data ends like a count followed by a plausible entry: only a tail of the
  // real section could be read from there.
  ['http', Buffer.concat([Buffer.alloc(9, 3), u64(1)])],
  ['_http_client', Buffer.alloc(17, 4)],
];

describe('the built-in code cache of a snapshot blob', () => {
  it('is found where it starts, not at a later entry that also reads to the end', () => {
    const blob = Buffer.concat([prefix, section(entries)]);
    const found = find(blob);
    expect(found?.offset).toBe(prefix.length);
    expect(found?.entries.map((e) => e.id)).toEqual(['fs', 'internal/fs/utils', 'http', '_http_client']);
  });

  it('keeps what the predicate does not drop, byte for byte, behind a new count', () => {
    const blob = Buffer.concat([prefix, section(entries)]);
    const pruned = prune(blob, (id) => id === 'fs' || id.startsWith('internal/'));
    expect(pruned?.dropped).toBe(2);
    expect(pruned?.kept).toBe(2);
    expect(pruned?.blob.equals(Buffer.concat([prefix, section(entries.slice(2))]))).toBe(true);
    // Dropping all of it leaves an empty vector, which node reads as no code cache.
    expect(prune(blob, () => true)?.blob.equals(Buffer.concat([prefix, u64(0)]))).toBe(true);
  });

  it('is not made up when the blob does not end in one', () => {
    expect(find(prefix)).toBeUndefined();
    expect(prune(Buffer.concat([prefix, section(entries), Buffer.from('trailing')]), () => true)).toBeUndefined();
  });

  it('keeps, in the full snapshot, only modules the snapshot does not hold loaded; the template snapshot has none', () => {
    const full = find(readFileSync(`${DIST}flux-ts.blob`));
    const ids = new Set(full?.entries.map((e) => e.id));
    expect(ids.has('https')).toBe(true);
    for (const loaded of ['fs', 'path', 'internal/bootstrap/realm']) expect(ids.has(loaded)).toBe(false);
    expect(find(readFileSync(`${DIST}template.blob`))).toBeUndefined();
  });
});
