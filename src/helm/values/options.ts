// Helm's values.Options.MergeValues: what -f, --set-json, --set, --set-string, --set-file and
// --set-literal add up to, in that order, with Helm's error wrapping.
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { isGoMap, type GoMap } from '../../gotemplate/value.js';
import { unmarshal } from '../gojson/unmarshal.js';
import { parseInto, parseIntoFile, parseIntoString, parseJson, parseLiteralInto } from '../strvals/parser.js';
import { mergeMaps } from '../yaml/read.js';
import { loadValues } from '../yaml/read.js';

export interface ValueOptions {
  /** -f / --values: paths (or "-" for stdin, or URLs the caller's reader understands). */
  valueFiles?: string[];
  /** --set-json */
  jsonValues?: string[];
  /** --set */
  values?: string[];
  /** --set-string */
  stringValues?: string[];
  /** --set-file */
  fileValues?: string[];
  /** --set-literal */
  literalValues?: string[];
}

export class ValuesOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValuesOptionError';
  }
}

/** Reads a values file or a --set-file path; errors read like Go's ("open x: no such file or directory"). */
export type ValuesReader = (path: string) => Promise<Uint8Array>;

/** Reads files relative to `baseDir` (default: the working directory), naming them as given. */
export function localFileReader(baseDir?: string): ValuesReader {
  return async (path) => {
    if (path.trim() === '-' || !baseDir || isAbsolute(path)) return readLocalFile(path);
    try {
      return await readLocalFile(join(baseDir, path));
    } catch (e) {
      throw new ValuesOptionError((e as Error).message.replace(join(baseDir, path), path));
    }
  };
}

export const readLocalFile: ValuesReader = async (path) => {
  if (path.trim() === '-') {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }
  try {
    return await readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new ValuesOptionError(code === 'EISDIR' ? `read ${path}: ${why}` : `open ${path}: ${why}`);
  }
};

/** Fetches a values file by URL (http/https), with Helm's getter error texts. */
export type UrlGetter = (url: string) => Promise<Uint8Array>;

/** Go's url.Parse failures that matter for paths: bad escapes, control characters, empty scheme. */
function goUrlParseError(raw: string): string | undefined {
  const q = JSON.stringify(raw);
  if (/[\x00-\x1f\x7f]/.test(raw)) return `parse ${q}: net/url: invalid control character in URL`;
  if (raw.startsWith(':')) return `parse ${q}: missing protocol scheme`;
  const bad = /%(?![0-9A-Fa-f]{2})(.{0,2})/s.exec(raw);
  if (bad) return `parse ${q}: invalid URL escape ${JSON.stringify(`%${bad[1]}`)}`;
  return undefined;
}

/** The scheme url.Parse finds ("" for a plain path), lower-cased as Go compares it. */
function urlScheme(raw: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(raw);
  return m ? m[1]!.toLowerCase() : '';
}

/**
 * Helm's readFile for -f and --set-file: "-" is stdin; a URL whose scheme has a getter (http,
 * https) is downloaded; anything else is a local path. `oci://` values are not supported here.
 */
export function urlAwareReader(local: ValuesReader, get: UrlGetter): ValuesReader {
  return async (path) => {
    if (path.trim() === '-') return local(path);
    const parseError = goUrlParseError(path);
    if (parseError !== undefined) throw new ValuesOptionError(parseError);
    const scheme = urlScheme(path);
    if (scheme === 'http' || scheme === 'https') return get(path);
    if (scheme === 'oci') throw new ValuesOptionError(`${path}: values files from OCI registries are not supported by flux-ts`);
    return local(path);
  };
}

const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** Merges all user-supplied values as `helm template/install` does. */
export async function mergeUserValues(opts: ValueOptions, reader: ValuesReader = readLocalFile): Promise<GoMap> {
  let base = Object.create(null) as GoMap;

  for (const filePath of opts.valueFiles ?? []) {
    const bytes = await reader(filePath);
    let current: GoMap;
    try {
      current = loadValues(text(bytes));
    } catch (e) {
      throw new ValuesOptionError(`failed to parse ${filePath}: ${(e as Error).message}`);
    }
    base = mergeMaps(base, current);
  }

  for (const value of opts.jsonValues ?? []) {
    const trimmed = value.trim();
    if (trimmed.length > 0 && trimmed[0] === '{') {
      let parsed;
      try {
        parsed = unmarshal(trimmed);
      } catch (e) {
        throw new ValuesOptionError(`failed parsing --set-json data JSON: ${(e as Error).message}`);
      }
      if (!isGoMap(parsed)) throw new ValuesOptionError(`failed parsing --set-json data JSON: json: cannot unmarshal into Go value of type map[string]interface {}`);
      base = mergeMaps(base, parsed);
    } else {
      try {
        parseJson(value, base);
      } catch {
        throw new ValuesOptionError(`failed parsing --set-json data ${value}`);
      }
    }
  }

  for (const value of opts.values ?? []) {
    try {
      parseInto(value, base);
    } catch (e) {
      throw new ValuesOptionError(`failed parsing --set data: ${(e as Error).message}`);
    }
  }

  for (const value of opts.stringValues ?? []) {
    try {
      parseIntoString(value, base);
    } catch (e) {
      throw new ValuesOptionError(`failed parsing --set-string data: ${(e as Error).message}`);
    }
  }

  for (const value of opts.fileValues ?? []) {
    // strvals reads synchronously; gather the paths first, then parse with their contents.
    const contents = new Map<string, string>();
    const paths: string[] = [];
    try {
      parseIntoFile(value, Object.create(null) as GoMap, (rs) => {
        paths.push(rs);
        return '';
      });
    } catch {
      // The real pass below reports the error.
    }
    let readError: Error | undefined;
    for (const p of paths) {
      try {
        contents.set(p, text(await reader(p)));
      } catch (e) {
        readError ??= e as Error;
        break;
      }
    }
    try {
      parseIntoFile(value, base, (rs) => {
        const c = contents.get(rs);
        if (c === undefined) throw readError ?? new ValuesOptionError(`open ${rs}: no such file or directory`);
        return c;
      });
    } catch (e) {
      throw new ValuesOptionError(`failed parsing --set-file data: ${(e as Error).message}`);
    }
  }

  for (const value of opts.literalValues ?? []) {
    try {
      parseLiteralInto(value, base);
    } catch (e) {
      throw new ValuesOptionError(`failed parsing --set-literal data: ${(e as Error).message}`);
    }
  }
  return base;
}
