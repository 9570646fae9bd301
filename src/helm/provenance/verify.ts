// helm's provenance check of a chart archive (pkg/provenance Signatory.Verify and
// pkg/downloader VerifyChart): the .prov's clear signature must be made by a key of the
// keyring, and its checksum for the archive's file name must be the archive's SHA-256.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Key } from 'openpgp';
import { goQuote } from '../../cli/go-quote.js';
import { decodeClearsign } from './clearsign.js';
import { defaultKeyring } from './keyring-path.js';
import { readKeyring } from './keyring.js';
import { parseMessageBlock } from './message-block.js';
import { checkClearsignature } from './signature.js';

export interface Verification {
  /** The signer's primary user ID. */
  signedBy: string;
  /** The signer's primary key fingerprint (upper-case hex). */
  fingerprint: string;
  /** "sha256:<hex>" of the archive. */
  fileHash: string;
  fileName: string;
}

/** Signatory.Verify: archive bytes against .prov bytes, for the archive's file name. */
export async function verifyArchive(archive: Uint8Array, prov: Uint8Array, fileName: string, keyring: readonly Key[]): Promise<Verification> {
  const block = decodeClearsign(Buffer.from(prov.buffer, prov.byteOffset, prov.byteLength));
  if (block === undefined) throw new Error('signature block not found');
  const signer = await checkClearsignature(keyring, block);
  const sum = `sha256:${createHash('sha256').update(archive).digest('hex')}`;
  const sums = parseMessageBlock(block.plaintext);
  const recorded = Object.hasOwn(sums.files, fileName) ? sums.files[fileName] : undefined;
  if (recorded === undefined) throw new Error(`provenance does not contain a SHA for a file named ${goQuote(fileName)}`);
  if (recorded !== sum) throw new Error(`sha256 sum does not match for ${fileName}: ${goQuote(recorded)} != ${goQuote(sum)}`);
  const user = signer.users.find((u) => u.userID !== null)?.userID?.userID ?? '';
  return { signedBy: user, fingerprint: signer.getFingerprint().toUpperCase(), fileHash: sum, fileName };
}

/** Go's os error texts for the few ways opening a file fails. */
function osError(op: 'open' | 'stat' | 'read', path: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : code === 'ENOTDIR' ? 'not a directory' : (e as Error).message;
  return new Error(`${code === 'EISDIR' ? 'read' : op} ${path}: ${why}`);
}

/** Maps a path as given to the file to open (relative paths: from a working directory). */
export type PathResolver = (path: string) => string;
const asGiven: PathResolver = (p) => p;

/** provenance.loadKeyRing: the keyring file's keys ("open ...", "read ...", or the reading's error). */
export async function loadKeyring(path: string, at: PathResolver = asGiven): Promise<Key[]> {
  let data: Buffer;
  try {
    data = await readFile(at(path));
  } catch (e) {
    throw osError('open', path, e);
  }
  return readKeyring(data);
}

export { defaultKeyring };

/**
 * downloader.VerifyChart: `path` must be a .tgz file with `provPath` beside it; both are checked
 * against the keyring file. Paths are named in errors as given and opened through `at`.
 */
export async function verifyChartFile(path: string, provPath: string, keyringPath: string, at: PathResolver = asGiven): Promise<Verification> {
  let isDir: boolean;
  try {
    isDir = (await stat(at(path))).isDirectory();
  } catch (e) {
    throw osError('stat', path, e);
  }
  if (isDir) throw new Error('unpacked charts cannot be verified');
  if (extname(path).toLowerCase() !== '.tgz') throw new Error('chart must be a tgz file');
  try {
    await stat(at(provPath));
  } catch (e) {
    throw new Error(`could not load provenance file ${provPath}: ${osError('stat', provPath, e).message}`);
  }
  let keyring: Key[];
  try {
    keyring = await loadKeyring(keyringPath, at);
  } catch (e) {
    throw new Error(`failed to load keyring: ${(e as Error).message}`);
  }
  let archive: Buffer;
  let prov: Buffer;
  try {
    archive = await readFile(at(path));
  } catch (e) {
    throw new Error(`failed to read chart archive: ${osError('open', path, e).message}`);
  }
  try {
    prov = await readFile(at(provPath));
  } catch (e) {
    throw new Error(`failed to read provenance file: ${osError('open', provPath, e).message}`);
  }
  return verifyArchive(archive, prov, basename(path), keyring);
}

/**
 * `helm template --verify` of a chart on disk (ChartPathOptions.LocateChart): the chart's
 * absolute path and `<path>.prov`, the --keyring file or helm's default one.
 */
export function verifyLocalChart(absolutePath: string, keyring: string | undefined, env: NodeJS.ProcessEnv, at: PathResolver = asGiven): Promise<Verification> {
  return verifyChartFile(absolutePath, `${absolutePath}.prov`, keyring ?? defaultKeyring(env), at);
}
