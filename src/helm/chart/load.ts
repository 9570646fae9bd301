// Loading a chart as Helm 4 does (pkg/chart/v2/loader): from a directory (honouring
// .helmignore), from a .tgz archive, or from in-memory files; subcharts under charts/ as
// directories or archives, recursively. Errors carry Helm's texts.
import { lstatSync, readFileSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { compareGoStrings } from '../../gotemplate/go-strings.js';
import { basename, join, resolve, sep } from 'node:path';
import { loadValues } from '../yaml/read.js';
import { ArchiveError, MAX_DECOMPRESSED_FILE_SIZE, isGzip, loadArchiveFiles, trimBom } from './archive.js';
import { decodeApiVersion, decodeLock, decodeMetadataInto } from './chartfile.js';
import { HELM_IGNORE, IgnoreRules } from './ignore.js';
import { API_VERSION_V1, Chart, emptyMetadata, type ChartFile } from './types.js';
import { validateMetadata } from './validate.js';
import { printfLine } from '../values/log.js';

/** Any error from loading a chart; the message is what Helm prints after "Error: ". */
export class ChartLoadError extends Error {
  constructor(
    message: string,
    readonly gzipHeader = false,
  ) {
    super(message);
    this.name = 'ChartLoadError';
  }
}

export interface LoadOptions {
  /** Receives Helm's log lines (followed symlinks, deprecated requirements files), without a trailing newline. */
  log?: (line: string) => void;
}

function wrap(prefix: string, e: unknown): ChartLoadError {
  const gz = (e instanceof ArchiveError || e instanceof ChartLoadError) && e.gzipHeader;
  return new ChartLoadError(`${prefix}: ${(e as Error).message}`, gz);
}

const decoder = new TextDecoder();
function text(data: Uint8Array): string {
  return decoder.decode(data);
}

function extname(name: string): string {
  const b = name.slice(name.lastIndexOf('/') + 1);
  const i = b.lastIndexOf('.');
  return i >= 0 ? b.slice(i) : '';
}

/** Helm's LoadFiles: builds the chart (and its subcharts) from chart-relative files. */
export async function loadFiles(files: ChartFile[], opts: LoadOptions = {}): Promise<Chart> {
  const c = new Chart();
  let haveMetadata = false;
  const subcharts = new Map<string, ChartFile[]>();

  for (const f of files) {
    c.raw.push(f);
    if (f.name === 'Chart.yaml') {
      if (!haveMetadata) c.metadata = emptyMetadata();
      haveMetadata = true;
      try {
        decodeMetadataInto(text(f.data), c.metadata);
      } catch (e) {
        throw wrap('cannot load Chart.yaml', e);
      }
      if (c.metadata.apiVersion === '') c.metadata.apiVersion = API_VERSION_V1;
    }
  }
  for (const f of files) {
    const n = f.name;
    if (n === 'Chart.yaml') continue;
    if (n === 'Chart.lock') {
      try {
        c.lock = decodeLock(text(f.data));
      } catch (e) {
        throw wrap('cannot load Chart.lock', e);
      }
    } else if (n === 'values.yaml') {
      try {
        c.values = loadValues(text(f.data));
      } catch (e) {
        throw wrap('cannot load values.yaml', e);
      }
    } else if (n === 'values.schema.json') {
      c.schema = f.data;
    } else if (n === 'requirements.yaml') {
      // Deprecated: v1 charts list their dependencies here.
      if (!haveMetadata) c.metadata = emptyMetadata();
      haveMetadata = true;
      if (c.metadata.apiVersion !== API_VERSION_V1) {
        opts.log?.(printfLine('Warning: Dependencies are handled in Chart.yaml since apiVersion "v2". We recommend migrating dependencies to Chart.yaml.'));
      }
      try {
        decodeMetadataInto(text(f.data), c.metadata);
      } catch (e) {
        throw wrap('cannot load requirements.yaml', e);
      }
      if (c.metadata.apiVersion === API_VERSION_V1) c.files.push(f);
    } else if (n === 'requirements.lock') {
      try {
        c.lock = decodeLock(text(f.data));
      } catch (e) {
        throw wrap('cannot load requirements.lock', e);
      }
      if (!haveMetadata) c.metadata = emptyMetadata();
      haveMetadata = true;
      if (c.metadata.apiVersion !== API_VERSION_V1) {
        opts.log?.(printfLine('Warning: Dependency locking is handled in Chart.lock since apiVersion "v2". We recommend migrating to Chart.lock.'));
      }
      if (c.metadata.apiVersion === API_VERSION_V1) c.files.push(f);
    } else if (n.startsWith('templates/')) {
      c.templates.push(f);
    } else if (n.startsWith('charts/')) {
      if (extname(n) === '.prov') {
        c.files.push(f);
        continue;
      }
      const fname = n.slice('charts/'.length);
      const cname = fname.split('/', 1)[0]!;
      const list = subcharts.get(cname) ?? [];
      list.push({ name: fname, data: f.data });
      subcharts.set(cname, list);
    } else {
      c.files.push(f);
    }
  }

  if (!haveMetadata) throw new ChartLoadError('Chart.yaml file is missing');
  validateMetadata(c.metadata);

  // Go iterates a map here; we take a stable order.
  for (const n of [...subcharts.keys()].sort()) {
    const list = subcharts.get(n)!;
    if (n.startsWith('_') || n.startsWith('.')) continue;
    let sc: Chart;
    try {
      if (extname(n) === '.tgz') {
        const file = list[0]!;
        if (file.name !== n) throw new ChartLoadError(`error unpacking subchart tar in ${c.name()}: expected ${n}, got ${file.name}`);
        sc = await loadArchive(file.data, opts);
      } else {
        const buff: ChartFile[] = [];
        for (const f of list) {
          const i = f.name.indexOf('/');
          if (i < 0) continue;
          buff.push({ name: f.name.slice(i + 1), data: f.data });
        }
        sc = await loadFiles(buff, opts);
      }
    } catch (e) {
      if (e instanceof ChartLoadError && e.message.startsWith('error unpacking subchart tar')) throw e;
      throw wrap(`error unpacking subchart ${n} in ${c.name()}`, e);
    }
    c.addDependency(sc);
  }
  return c;
}

/** A chart archive held in memory (a subchart .tgz, a downloaded chart). */
export async function loadArchive(data: Uint8Array, opts: LoadOptions = {}): Promise<Chart> {
  return loadFiles(await loadArchiveFiles(data), opts);
}

function checkApiVersion(files: ChartFile[]): void {
  const chartYaml = files.find((f) => f.name === 'Chart.yaml');
  if (!chartYaml) throw new ChartLoadError('unable to detect chart version, no Chart.yaml found');
  checkChartYamlApiVersion(chartYaml.data);
}

/** Helm 4 picks the loader by Chart.yaml's apiVersion before loading anything else. */
function checkChartYamlApiVersion(data: Uint8Array): void {
  let apiVersion: string;
  try {
    apiVersion = decodeApiVersion(text(data));
  } catch (e) {
    throw wrap('cannot load Chart.yaml', e);
  }
  switch (apiVersion) {
    case '':
    case 'v1':
    case 'v2':
      return;
    case 'v3':
      throw new ChartLoadError('invalid chart apiVersion');
    default:
      throw new ChartLoadError('unsupported chart version');
  }
}

/** What Go's http.DetectContentType says of a file's first 512 bytes (zero-padded, as Helm reads them). */
function sniff(head: Uint8Array): string {
  const buf = new Uint8Array(512);
  buf.set(head.subarray(0, 512));
  if (buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) return 'application/zip';
  if (buf[0] === 0x25 && buf[1] === 0x50 && buf[2] === 0x44 && buf[3] === 0x46) return 'application/pdf';
  for (const b of buf) {
    if (b <= 0x08 || b === 0x0b || (b >= 0x0e && b <= 0x1a) || (b >= 0x1c && b <= 0x1f)) return 'application/octet-stream';
  }
  return 'text/plain; charset=utf-8';
}

/** Helm's LoadFile: a .tgz on disk. `name` is used in messages as given. */
export async function loadChartArchiveFile(name: string, opts: LoadOptions = {}): Promise<Chart> {
  return loadChartArchive(await readFile(name), name, opts);
}

/**
 * A whole chart archive held in memory (a downloaded chart), with the checks and messages
 * Helm gives a top-level archive; `name` names it in messages.
 */
export async function loadChartArchive(data: Uint8Array, name: string, opts: LoadOptions = {}): Promise<Chart> {
  if (!isGzip(data)) {
    if (name.endsWith('.yml') || name.endsWith('.yaml')) {
      throw new ChartLoadError(`file '${name}' seems to be a YAML file, but expected a gzipped archive`);
    }
    throw new ChartLoadError(`file '${name}' does not appear to be a gzipped archive; got '${sniff(data)}'`);
  }
  let files: ChartFile[];
  try {
    files = await loadArchiveFiles(data);
  } catch (e) {
    if (e instanceof ArchiveError && e.gzipHeader) {
      throw new ChartLoadError(`file '${name}' does not appear to be a valid chart file (details: ${e.message})`, true);
    }
    // Helm 4 reports only this for a broken top-level archive; the detail stays in `cause`.
    throw Object.assign(new ChartLoadError('unable to load chart archive'), { cause: e });
  }
  checkApiVersion(files);
  try {
    return await loadFiles(files, opts);
  } catch (e) {
    if (e instanceof ChartLoadError && e.gzipHeader) {
      throw new ChartLoadError(`file '${name}' does not appear to be a valid chart file (details: ${e.message})`, true);
    }
    throw e;
  }
}

function goFsError(op: string, path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code === 'ENOTDIR' ? 'not a directory' : code === 'ELOOP' ? 'too many levels of symbolic links' : (e as Error).message;
  return `${op} ${path}: ${why}`;
}

/**
 * Helm's LoadDir: walks the directory in lexical order, skipping what .helmignore (plus the
 * default templates/.?* rule) ignores. Symbolic links are followed when they stay inside the
 * chart directory, with Helm's log line; a link that leaves the chart is refused.
 * Synchronous file calls: a promise round trip through the thread pool per stat and read made
 * a 500-file chart spend ~100 ms waiting.
 */
export async function loadDir(dir: string, opts: LoadOptions = {}): Promise<Chart> {
  const topdir = resolve(dir);
  const chartYaml = join(topdir, 'Chart.yaml');
  let chartYamlData: Buffer;
  try {
    chartYamlData = readFileSync(chartYaml);
  } catch (e) {
    throw new ChartLoadError(`unable to detect chart at ${chartYaml}: ${goFsError('open', chartYaml, e)}`);
  }
  // Detection reads Chart.yaml from disk, even when .helmignore later drops it.
  checkChartYamlApiVersion(trimBom(chartYamlData));
  const realTop = realpathSync(topdir);

  let rules = IgnoreRules.empty();
  const ifile = join(topdir, HELM_IGNORE);
  let ignoreText: string | undefined;
  try {
    ignoreText = readFileSync(ifile, 'utf8');
  } catch {
    ignoreText = undefined;
  }
  if (ignoreText !== undefined) {
    try {
      rules = IgnoreRules.parse(ignoreText);
    } catch (e) {
      throw new ChartLoadError((e as Error).message);
    }
  }
  rules.addDefaults();

  const files: ChartFile[] = [];
  const inside = (p: string) => p === realTop || p.startsWith(realTop + sep);

  const walk = (abs: string, rel: string): void => {
    let names: string[];
    try {
      names = readdirSync(abs);
    } catch (e) {
      throw new ChartLoadError(goFsError('open', abs, e));
    }
    names.sort(compareGoStrings);
    for (const name of names) {
      const path = join(abs, name);
      const n = rel === '' ? name : `${rel}/${name}`;
      let st = lstatSync(path);
      if (st.isSymbolicLink()) {
        let resolved: string;
        try {
          resolved = realpathSync(path);
        } catch (e) {
          const target = resolve(abs, readlinkSync(path));
          throw new ChartLoadError(`error evaluating symlink ${path}: ${goFsError('lstat', target, e)}`);
        }
        if (!inside(resolved)) {
          throw new ChartLoadError(`chart illegally contains a symbolic link leaving the chart directory: ${n} resolves to ${resolved}`);
        }
        opts.log?.(`level=INFO msg="found symbolic link in path. Contents of linked file included and used" path=${path} resolved=${resolved}`);
        st = statSync(resolved);
      }
      if (st.isDirectory()) {
        if (rules.ignore(n, true)) continue;
        walk(path, n);
        continue;
      }
      if (rules.ignore(n, false)) continue;
      if (!st.isFile()) throw new ChartLoadError(`cannot load irregular file ${path} as it has file mode type bits set`);
      if (st.size > MAX_DECOMPRESSED_FILE_SIZE) {
        throw new ChartLoadError(`chart file ${JSON.stringify(basename(path))} is larger than the maximum file size ${MAX_DECOMPRESSED_FILE_SIZE}`);
      }
      let data: Buffer;
      try {
        data = readFileSync(path);
      } catch (e) {
        throw new ChartLoadError(`error reading ${n}: ${goFsError('open', path, e)}`);
      }
      files.push({ name: n, data: trimBom(data) });
    }
  };
  walk(topdir, '');
  return loadFiles(files, opts);
}

/** Loads a chart from a directory or an archive file, as `helm template ./path` does. */
export async function loadChart(path: string, opts: LoadOptions = {}): Promise<Chart> {
  let st;
  try {
    // Synchronous, as loadDir's calls: one stat through the thread pool started its four threads
    // and waited for one of them (~0.5 ms of a small chart's run).
    st = statSync(path);
  } catch (e) {
    throw new ChartLoadError(goFsError('stat', path, e));
  }
  if (st.isDirectory()) return loadDir(path, opts);
  return loadChartArchiveFile(path, opts);
}
