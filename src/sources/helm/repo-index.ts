// Helm repository index (index.yaml) loading. Indexes reach tens of MB, and a general YAML
// parser takes seconds on those, so Helm-shaped YAML goes through a line scanner that reads
// only the fields chart resolution needs (name, version, urls, digest, created). Anything the
// scanner does not fully understand falls back to the `yaml` package, so odd but valid input
// still parses; JSON indexes (which source-controller also accepts) go through JSON.parse.
import { parse as parseYaml } from 'yaml';
import { tryParseVersion } from '../../semver/index.js';

export interface IndexChartVersion {
  name: string;
  version: string;
  urls: string[];
  digest?: string;
  created?: string;
}

export interface HelmIndex {
  apiVersion: string;
  /** Chart name -> versions, valid entries only, in file order. */
  entries: Map<string, IndexChartVersion[]>;
}

export class IndexError extends Error {
  override name = 'IndexError';
}

/** Parse an index the way source-controller does (JSON or YAML; entries with invalid metadata dropped). */
export function parseIndex(data: Buffer | string): HelmIndex {
  const text = typeof data === 'string' ? data : data.toString('utf8');
  if (text.trim() === '') throw new IndexError('empty index.yaml file');
  const first = text.trimStart()[0];
  let raw: RawIndex;
  if (first === '{') {
    try {
      raw = fromPlain(JSON.parse(text) as unknown);
    } catch (err) {
      if (err instanceof IndexError) throw err;
      raw = slowYaml(text);
    }
  } else {
    raw = scanHelmYaml(text) ?? slowYaml(text);
  }
  if (raw.apiVersion === '') throw new IndexError('no API version specified');
  const entries = new Map<string, IndexChartVersion[]>();
  for (const [chart, versions] of raw.entries) {
    entries.set(chart, versions.filter(isValidEntry));
  }
  return { apiVersion: raw.apiVersion, entries };
}

// Metadata.Validate as far as resolution cares: a name and a version NewVersion accepts.
function isValidEntry(cv: IndexChartVersion): boolean {
  return cv.name !== '' && cv.version !== '' && tryParseVersion(cv.version) !== undefined;
}

export interface RawIndex {
  apiVersion: string;
  entries: Map<string, IndexChartVersion[]>;
}

/** The general YAML path. */
export function slowYaml(text: string): RawIndex {
  let doc: unknown;
  try {
    // failsafe: every scalar stays a string, as the Go struct fields are strings (1.10 stays "1.10").
    doc = parseYaml(text, { schema: 'failsafe', maxAliasCount: 10_000 });
  } catch (err) {
    throw new IndexError(`error unmarshaling index: ${(err as Error).message.split('\n')[0]}`);
  }
  return fromPlain(doc);
}

function str(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

function fromPlain(doc: unknown): RawIndex {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new IndexError('error unmarshaling index: not a mapping');
  }
  const top = doc as Record<string, unknown>;
  const entries = new Map<string, IndexChartVersion[]>();
  const rawEntries = top.entries;
  if (rawEntries !== undefined && rawEntries !== null && rawEntries !== '') {
    if (typeof rawEntries !== 'object' || Array.isArray(rawEntries)) throw new IndexError('error unmarshaling index: entries is not a mapping');
    for (const [chart, list] of Object.entries(rawEntries as Record<string, unknown>)) {
      if (!Array.isArray(list)) {
        if (list === null || list === '') {
          entries.set(chart, []);
          continue;
        }
        throw new IndexError(`error unmarshaling index: entries.${chart} is not a list`);
      }
      entries.set(
        chart,
        list.flatMap((item): IndexChartVersion[] => {
          if (item === null || typeof item !== 'object') return [];
          const cv = item as Record<string, unknown>;
          const urls = Array.isArray(cv.urls) ? cv.urls.map(str) : [];
          const out: IndexChartVersion = { name: str(cv.name), version: str(cv.version), urls };
          if (cv.digest !== undefined) out.digest = str(cv.digest);
          if (cv.created !== undefined) out.created = str(cv.created);
          return [out];
        }),
      );
    }
  }
  return { apiVersion: str(top.apiVersion), entries };
}

// ---- fast path ---------------------------------------------------------------------------

const WANTED = new Set(['name', 'version', 'digest', 'created', 'urls']);

function restIsComment(rest: string): boolean {
  const r = rest.trim();
  return r === '' || (r.startsWith('#') && /^\s/.test(rest));
}

/** Parses a scalar on one line; undefined when it needs the real parser (anchors, flow, blocks). */
function scalar(rawValue: string): string | undefined {
  const v = rawValue.trim();
  if (v === '') return '';
  const c = v[0]!;
  if (c === '"') {
    // Closing quote, then nothing but an optional comment.
    let k = 1;
    while (k < v.length && v[k] !== '"') k += v[k] === '\\' ? 2 : 1;
    if (k >= v.length || !restIsComment(v.slice(k + 1))) return undefined;
    try {
      return JSON.parse(v.slice(0, k + 1)) as string;
    } catch {
      return undefined;
    }
  }
  if (c === "'") {
    let k = 1;
    for (;;) {
      if (k >= v.length) return undefined;
      if (v[k] === "'") {
        if (v[k + 1] === "'") k += 2;
        else break;
      } else k++;
    }
    if (!restIsComment(v.slice(k + 1))) return undefined;
    return v.slice(1, k).replace(/''/g, "'");
  }
  if ('&*!|>{[@`%'.includes(c)) return undefined;
  const hash = v.indexOf(' #');
  return (hash >= 0 ? v.slice(0, hash) : v).trimEnd();
}

/** `key: value` at the start of `s`; undefined when the line is not a simple mapping entry. */
function keyValue(s: string): { key: string; value: string } | undefined {
  let key: string;
  let rest: string;
  if (s[0] === '"' || s[0] === "'") {
    const end = s.indexOf(s[0], 1);
    if (end < 0 || s[end + 1] !== ':') return undefined;
    key = s.slice(1, end);
    rest = s.slice(end + 2);
  } else {
    const colon = s.indexOf(':');
    if (colon <= 0) return undefined;
    key = s.slice(0, colon);
    rest = s.slice(colon + 1);
    if (/[\s#{}[\],&*!|>]/.test(key)) return undefined;
  }
  if (rest !== '' && rest[0] !== ' ') return undefined;
  return { key, value: rest };
}

/** The line scanner alone (undefined = not Helm-shaped); exported so tests can compare paths. */
export function scanHelmYaml(text: string): RawIndex | undefined {
  const entries = new Map<string, IndexChartVersion[]>();
  let apiVersion = '';
  let inEntries = false;
  let chartIndent = -1;
  let dashIndent = -1;
  let keyIndent = -1;
  let current: IndexChartVersion[] | undefined;
  let item: IndexChartVersion | undefined;
  let collectingUrls = false;
  let lastKeyWanted = false;
  let pos = 0;
  let lineNo = 0;
  const n = text.length;
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    const start = pos;
    pos = end + 1;
    lineNo++;
    let lineEnd = end;
    if (lineEnd > start && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    let i = start;
    while (i < lineEnd && text.charCodeAt(i) === 32) i++;
    if (i === lineEnd) continue; // blank
    const indent = i - start;
    const c = text.charCodeAt(i);
    if (c === 9) return undefined; // tab
    if (c === 35) continue; // comment
    // Hot path: content nested under fields we do not read (annotations, maintainers, ...)
    // needs no look beyond its indentation.
    if (inEntries && keyIndent > 0 && indent > keyIndent && !collectingUrls && !lastKeyWanted) continue;
    if (inEntries && keyIndent > 0 && indent === keyIndent && !collectingUrls && item !== undefined) {
      if (c === 45 /* - */) {
        if (lastKeyWanted) return undefined;
        continue; // a sequence item of a field we do not read
      }
      if (c !== 34 && c !== 39) {
        const colon = text.indexOf(':', i);
        if (colon < 0 || colon > lineEnd) return undefined;
        const keyLen = colon - i;
        // Only name/version/digest/created/urls matter; other keys are skipped unparsed.
        if (keyLen !== 4 && keyLen !== 7 && keyLen !== 6) {
          lastKeyWanted = false;
          continue;
        }
        const key = text.slice(i, colon);
        if (!WANTED.has(key)) {
          lastKeyWanted = false;
          continue;
        }
      }
    }
    const line = text.slice(start, lineEnd);
    if (indent === 0) {
      if (line.startsWith('---')) {
        if (lineNo === 1 && line.trim() === '---') continue;
        return undefined;
      }
      if (line.startsWith('...')) return undefined;
      const kv = keyValue(line);
      if (kv === undefined) return undefined;
      inEntries = false;
      collectingUrls = false;
      lastKeyWanted = false;
      item = undefined;
      if (kv.key === 'apiVersion') {
        const v = scalar(kv.value);
        if (v === undefined) return undefined;
        apiVersion = v;
      } else if (kv.key === 'entries') {
        const v = kv.value.trim();
        if (v === '{}') continue;
        if (v !== '') return undefined;
        inEntries = true;
      }
      continue;
    }
    if (!inEntries) continue; // nested content of other top-level keys
    const body = line.slice(indent);
    if (chartIndent < 0) chartIndent = indent;
    if (indent === chartIndent && !body.startsWith('- ') && body !== '-') {
      const kv = keyValue(body);
      if (kv === undefined) return undefined;
      const v = kv.value.trim();
      current = [];
      if (v !== '' && v !== '[]') return undefined;
      entries.set(kv.key, current);
      item = undefined;
      collectingUrls = false;
      lastKeyWanted = false;
      continue;
    }
    if (current === undefined) return undefined;
    if (body.startsWith('- ') && (dashIndent < 0 ? indent >= chartIndent : indent === dashIndent) && !(collectingUrls && indent === keyIndent)) {
      if (dashIndent < 0) {
        dashIndent = indent;
        keyIndent = indent + 2;
      }
      item = { name: '', version: '', urls: [] };
      current.push(item);
      collectingUrls = false;
      const kv = keyValue(body.slice(2));
      if (kv === undefined) return undefined;
      if (!takeField(item, kv)) return undefined;
      lastKeyWanted = WANTED.has(kv.key);
      collectingUrls = kv.key === 'urls' && kv.value.trim() === '';
      continue;
    }
    if (item === undefined) return undefined;
    if (indent === keyIndent && !body.startsWith('- ')) {
      const kv = keyValue(body);
      if (kv === undefined) return undefined;
      if (!takeField(item, kv)) return undefined;
      lastKeyWanted = WANTED.has(kv.key);
      collectingUrls = kv.key === 'urls' && kv.value.trim() === '';
      continue;
    }
    if (collectingUrls && (indent === keyIndent || indent === keyIndent + 2) && body.startsWith('- ')) {
      const v = scalar(body.slice(2));
      if (v === undefined) return undefined;
      item.urls.push(v);
      continue;
    }
    if (indent >= keyIndent) {
      // Nested content of a field we do not read; a continuation of one we read is ambiguous.
      if (lastKeyWanted && !collectingUrls) return undefined;
      if (collectingUrls) return undefined;
      continue;
    }
    return undefined;
  }
  return { apiVersion, entries };
}

function takeField(item: IndexChartVersion, kv: { key: string; value: string }): boolean {
  if (!WANTED.has(kv.key)) return true;
  if (kv.key === 'urls') {
    const v = kv.value.trim();
    if (v === '' || v === '[]') return true;
    return false; // flow sequence: let the real parser handle it
  }
  const v = scalar(kv.value);
  if (v === undefined) return false;
  if (kv.key === 'name') item.name = v;
  else if (kv.key === 'version') item.version = v;
  else if (kv.key === 'digest') item.digest = v;
  else if (kv.key === 'created') item.created = v;
  return true;
}
