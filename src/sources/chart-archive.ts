// Chart archives (.tgz) as sources handle them: read Chart.yaml out of an archive (to check a
// download really is a chart and to learn its name/version), package a chart directory the way
// `helm package` lays it out (`<name>/...`, .helmignore honoured), and rewrite the version of
// a packaged chart (GitRepository charts with reconcileStrategy Revision).
import { gunzipSync, gzipSync } from 'node:zlib';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { parseDocument, parse as parseYaml } from 'yaml';

export interface ChartMetadata {
  name: string;
  version: string;
  apiVersion?: string;
  appVersion?: string;
  description?: string;
  type?: string;
  /** Chart.yaml as parsed, for the OCI config blob. */
  raw: Record<string, unknown>;
}

export class ChartArchiveError extends Error {
  override name = 'ChartArchiveError';
}

export interface ArchiveFile {
  path: string;
  data: Buffer;
  mode?: number;
}

const MAX_UNPACKED_BYTES = 200 * 1024 * 1024;

/** Every regular file of a gzipped tar. Throws ChartArchiveError on corrupt input. */
export async function readArchive(tgz: Uint8Array): Promise<ArchiveFile[]> {
  let tarBytes: Buffer;
  try {
    tarBytes = gunzipSync(tgz, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (err) {
    throw new ChartArchiveError(`invalid chart archive: ${(err as Error).message}`);
  }
  const extract = tar.extract();
  const files: ArchiveFile[] = [];
  const done = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      if (entry.header.type === 'file' || entry.header.type === 'contiguous-file') {
        files.push({ path: entry.header.name, data: Buffer.concat(chunks), mode: entry.header.mode });
      }
    }
  })();
  Readable.from([tarBytes]).pipe(extract);
  try {
    await done;
  } catch (err) {
    throw new ChartArchiveError(`invalid chart archive: ${(err as Error).message}`);
  }
  return files;
}

function parseChartYaml(text: string, where: string): ChartMetadata {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new ChartArchiveError(`invalid ${where}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ChartArchiveError(`invalid ${where}: not a mapping`);
  const r = raw as Record<string, unknown>;
  const s = (k: string): string | undefined => (typeof r[k] === 'string' ? (r[k] as string) : r[k] === undefined || r[k] === null ? undefined : String(r[k]));
  const name = s('name');
  const version = s('version');
  if (name === undefined || name === '') throw new ChartArchiveError(`invalid ${where}: chart.metadata.name is required`);
  if (version === undefined || version === '') throw new ChartArchiveError(`invalid ${where}: chart.metadata.version is required`);
  const md: ChartMetadata = { name, version, raw: r };
  for (const k of ['apiVersion', 'appVersion', 'description', 'type'] as const) {
    const v = s(k);
    if (v !== undefined) md[k] = v;
  }
  return md;
}

/** The top directory's Chart.yaml of an archive. */
export async function readChartMetadata(tgz: Uint8Array): Promise<ChartMetadata> {
  const files = await readArchive(tgz);
  const chartYaml = files.find((f) => /^[^/]+\/Chart\.yaml$/.test(f.path));
  if (chartYaml === undefined) throw new ChartArchiveError('invalid chart archive: Chart.yaml file is missing');
  return parseChartYaml(chartYaml.data.toString('utf8'), 'Chart.yaml');
}

export async function writeArchive(files: ArchiveFile[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const chunk of pack) chunks.push(chunk as Buffer);
  })();
  // A fixed mtime keeps packaging reproducible (same chart, same digest).
  const mtime = new Date(0);
  for (const f of files) {
    await new Promise<void>((resolve, reject) => {
      pack.entry({ name: f.path, mode: f.mode ?? 0o644, mtime, size: f.data.length, type: 'file' }, f.data, (err) => (err ? reject(err) : resolve()));
    });
  }
  pack.finalize();
  await collected;
  return gzipSync(Buffer.concat(chunks));
}

// .helmignore: gitignore-like patterns (comments, `!` negation, trailing `/` for directories,
// patterns without `/` match any path component's basename).
interface IgnoreRule {
  negate: boolean;
  dirOnly: boolean;
  anchored: boolean;
  re: RegExp;
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        re += '.*';
        i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i);
      if (end < 0) re += '\\[';
      else {
        re += glob.slice(i, end + 1).replace(/^\[!/, '[^');
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export function parseHelmignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (let line of text.split(/\r?\n/)) {
    line = line.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    rules.push({ negate, dirOnly, anchored, re: globToRegExp(line) });
  }
  return rules;
}

export function isIgnored(rules: IgnoreRule[], path: string, isDir: boolean): boolean {
  let ignored = false;
  const base = path.slice(path.lastIndexOf('/') + 1);
  for (const r of rules) {
    if (r.dirOnly && !isDir) continue;
    const target = r.anchored ? path : base;
    if (r.re.test(target)) ignored = !r.negate;
  }
  return ignored;
}

/** Reads and validates `<dir>/Chart.yaml`. */
export async function readChartDirMetadata(dir: string): Promise<ChartMetadata> {
  let text: string;
  try {
    text = await readFile(join(dir, 'Chart.yaml'), 'utf8');
  } catch {
    throw new ChartArchiveError(`${dir}: Chart.yaml file is missing`);
  }
  return parseChartYaml(text, `${dir}/Chart.yaml`);
}

/**
 * Packages a chart directory like `helm package`: `<name>-<version>.tgz` content.
 * `extra` files (paths relative to the chart, e.g. built dependencies under charts/) are added.
 */
export async function packageChartDir(dir: string, extra: ArchiveFile[] = []): Promise<{ archive: Buffer; metadata: ChartMetadata }> {
  let chartYaml: string;
  try {
    chartYaml = await readFile(join(dir, 'Chart.yaml'), 'utf8');
  } catch {
    throw new ChartArchiveError(`${dir}: Chart.yaml file is missing`);
  }
  const metadata = parseChartYaml(chartYaml, `${dir}/Chart.yaml`);
  let rules: IgnoreRule[] = [];
  try {
    rules = parseHelmignore(await readFile(join(dir, '.helmignore'), 'utf8'));
  } catch {
    // no .helmignore
  }
  const files: ArchiveFile[] = [];
  const walk = async (current: string): Promise<void> => {
    const names = (await readdir(current)).sort();
    for (const name of names) {
      const full = join(current, name);
      const rel = relative(dir, full).split(sep).join('/');
      const st = await stat(full);
      if (isIgnored(rules, rel, st.isDirectory())) continue;
      if (st.isDirectory()) await walk(full);
      else if (st.isFile()) files.push({ path: `${metadata.name}/${rel}`, data: await readFile(full), mode: st.mode & 0o777 });
    }
  };
  await walk(dir);
  for (const f of extra) files.push({ ...f, path: `${metadata.name}/${f.path}` });
  return { archive: await writeArchive(files), metadata };
}

/** Returns a copy of the archive whose Chart.yaml has `version` (comments and order kept). */
export async function withChartVersion(tgz: Uint8Array, version: string): Promise<Buffer> {
  const files = await readArchive(tgz);
  const idx = files.findIndex((f) => /^[^/]+\/Chart\.yaml$/.test(f.path));
  if (idx < 0) throw new ChartArchiveError('invalid chart archive: Chart.yaml file is missing');
  const doc = parseDocument(files[idx]!.data.toString('utf8'));
  doc.set('version', version);
  files[idx] = { ...files[idx]!, data: Buffer.from(doc.toString()) };
  return writeArchive(files);
}
