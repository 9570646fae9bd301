// Reading a chart archive (.tgz) into memory with Helm's safety checks: the first path element
// is the chart directory and is dropped; absolute paths, "..", drive letters and files outside
// the chart directory are refused; decompressed sizes are capped (5 MiB a file, 100 MiB total).
import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import type { ChartFile } from './types.js';

export const MAX_DECOMPRESSED_CHART_SIZE = 100 * 1024 * 1024;
export const MAX_DECOMPRESSED_FILE_SIZE = 5 * 1024 * 1024;

/** An error reading an archive; `gzipHeader` marks Go's gzip.ErrHeader. */
export class ArchiveError extends Error {
  constructor(
    message: string,
    readonly gzipHeader = false,
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

export function trimBom(data: Uint8Array): Uint8Array {
  if (data.length >= 3 && data[0] === UTF8_BOM[0] && data[1] === UTF8_BOM[1] && data[2] === UTF8_BOM[2]) return data.subarray(3);
  return data;
}

/** Whether the bytes start like a gzip stream (Go's check for application/x-gzip). */
export function isGzip(data: Uint8Array): boolean {
  return data.length >= 3 && data[0] === 0x1f && data[1] === 0x8b && data[2] === 0x08;
}

function gunzip(data: Uint8Array): Buffer {
  if (data.length < 10) throw new ArchiveError('unexpected EOF');
  if (data[0] !== 0x1f || data[1] !== 0x8b || data[2] !== 0x08) throw new ArchiveError('gzip: invalid header', true);
  try {
    // Tar headers add to the stream; the per-file and total caps are enforced exactly below.
    return gunzipSync(data, { maxOutputLength: 2 * MAX_DECOMPRESSED_CHART_SIZE });
  } catch (e) {
    const msg = (e as Error).message;
    if (e instanceof RangeError || /larger than|maxOutputLength/i.test(msg)) {
      throw new ArchiveError(`decompressed chart is larger than the maximum size ${MAX_DECOMPRESSED_CHART_SIZE}`);
    }
    if (/unexpected end/i.test(msg)) throw new ArchiveError('unexpected EOF');
    if (/header/i.test(msg)) throw new ArchiveError('gzip: invalid header', true);
    if (/data check|checksum/i.test(msg)) throw new ArchiveError('gzip: invalid checksum');
    throw new ArchiveError(`flate: corrupt input (${msg})`);
  }
}

/** Go's path.Clean */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const s = (rooted ? '/' : '') + out.join('/');
  return s === '' ? '.' : s;
}

/** The chart-relative name of a tar entry, or Helm's error for an unsafe one. */
export function archiveEntryName(raw: string): string {
  const delimiter = raw.includes('\\') ? '\\' : '/';
  const parts = raw.split(delimiter);
  let n = parts.slice(1).join(delimiter).split(delimiter).join('/');
  if (n.startsWith('/')) throw new ArchiveError('chart illegally contains absolute paths');
  n = cleanPath(n);
  if (n === '.') throw new ArchiveError(`chart illegally contains content outside the base directory: ${JSON.stringify(raw)}`);
  if (n.startsWith('..')) throw new ArchiveError('chart illegally references parent directory');
  if (/^[a-zA-Z]:\//.test(n)) throw new ArchiveError('chart contains illegally named files');
  if (parts[0] === 'Chart.yaml') throw new ArchiveError('chart yaml not in base directory');
  return n;
}

/** Helm's LoadArchiveFiles: every regular entry of a gzipped tar, in archive order. */
export async function loadArchiveFiles(data: Uint8Array): Promise<ChartFile[]> {
  const tarBytes = gunzip(data);
  const files: ChartFile[] = [];
  let remaining = MAX_DECOMPRESSED_CHART_SIZE;
  const ex = extract();
  const done = (async () => {
    for await (const entry of ex) {
      const h = entry.header;
      // tar-stream consumes PAX and GNU long-name headers itself, as Go's reader does.
      if (h.type === 'directory') {
        entry.resume();
        continue;
      }
      let name: string;
      try {
        name = archiveEntryName(h.name);
      } catch (e) {
        entry.resume();
        throw e;
      }
      const size = h.size ?? 0;
      if (size > MAX_DECOMPRESSED_FILE_SIZE) {
        entry.resume();
        throw new ArchiveError(`decompressed chart file ${JSON.stringify(h.name)} is larger than the maximum file size ${MAX_DECOMPRESSED_FILE_SIZE}`);
      }
      if (size > remaining) {
        entry.resume();
        throw new ArchiveError(`decompressed chart is larger than the maximum size ${MAX_DECOMPRESSED_CHART_SIZE}`);
      }
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      remaining -= body.length;
      files.push({ name, data: trimBom(body) });
    }
  })();
  ex.end(tarBytes);
  try {
    await done;
  } catch (e) {
    ex.destroy();
    if (e instanceof ArchiveError) throw e;
    const msg = (e as Error).message;
    if (/unexpected end/i.test(msg)) throw new ArchiveError('unexpected EOF');
    throw new ArchiveError('archive/tar: invalid tar header');
  }
  if (files.length === 0) throw new ArchiveError('no files in chart archive');
  return files;
}
