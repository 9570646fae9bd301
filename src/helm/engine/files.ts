// The `.Files` object of a chart: its non-template files by path, with Helm's methods
// (Get, GetBytes, Glob, Lines, AsConfig, AsSecrets). In Go it is a map type with methods
// (`engine.files`), so it both ranges and indexes like a map and answers method calls.
import { GoFuncError, typedSlice } from '../../gotemplate/value.js';
import { compileGlob } from './glob.js';

export interface ChartFile {
  name: string;
  data: Uint8Array;
}

/** Serialises a map of strings as Helm's toYaml would (sorted keys, Go YAML styles). */
export type StringMapToYaml = (m: Record<string, string>) => string;

const utf8 = new TextDecoder('utf-8');

/** Go's string([]byte): invalid UTF-8 is kept as replacement characters when printed. */
export function bytesToString(b: Uint8Array): string {
  return utf8.decode(b);
}

function baseName(p: string): string {
  const trimmed = p.replace(/\/+$/, '');
  if (trimmed === '') return p === '' ? '.' : '/';
  const i = trimmed.lastIndexOf('/');
  return i < 0 ? trimmed : trimmed.slice(i + 1);
}

/** The operations behind `.Files`, over a plain path → bytes record. */
export class FilesOps {
  constructor(
    readonly entries: Record<string, Uint8Array>,
    private readonly toYaml: StringMapToYaml,
  ) {}

  getBytes(name: string): Uint8Array | null {
    return Object.prototype.hasOwnProperty.call(this.entries, name) ? this.entries[name]! : null;
  }

  get(name: string): string {
    const b = this.getBytes(name);
    return b === null ? '' : bytesToString(b);
  }

  /** Files whose path matches the pattern; an invalid pattern matches everything, as in Helm. */
  glob(pattern: string): Record<string, Uint8Array> {
    const re = compileGlob(pattern) ?? /^[^]*$/u;
    const out: Record<string, Uint8Array> = Object.create(null) as Record<string, Uint8Array>;
    for (const [k, v] of Object.entries(this.entries)) if (re.test(k)) out[k] = v;
    return out;
  }

  /** Lines of a file without its final newline. Helm panics on an empty file; so do we, with its message. */
  lines(path: string): string[] {
    const b = this.getBytes(path);
    if (b === null) return typedSlice([], '[]string');
    let s = bytesToString(b);
    if (s.length === 0) throw new GoFuncError('runtime error: index out of range [-1]');
    if (s.endsWith('\n')) s = s.slice(0, -1);
    return typedSlice(s.split('\n'), '[]string');
  }

  asConfig(): string {
    const keys = Object.keys(this.entries);
    const m: Record<string, string> = {};
    for (const k of keys) m[baseName(k)] = bytesToString(this.entries[k]!);
    return this.toYaml(m);
  }

  asSecrets(): string {
    const keys = Object.keys(this.entries);
    const m: Record<string, string> = {};
    for (const k of keys) m[baseName(k)] = Buffer.from(this.entries[k]!).toString('base64');
    return this.toYaml(m);
  }
}
