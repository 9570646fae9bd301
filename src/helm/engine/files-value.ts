// `.Files` as a template value. Go's `engine.files` is a map type with methods, so it is a
// GoNamedMap: entries (path → []byte) index, range and print as a map, and Helm's methods
// (Get, GetBytes, Glob, Lines, AsConfig, AsSecrets) are callable from templates.
import { GoNamedMap, nilBytes, type GoMethodSignature } from '../../gotemplate/value.js';
import { FilesOps, type ChartFile, type StringMapToYaml } from './files.js';

export class FilesValue extends GoNamedMap {
  static readonly goMethods: Record<string, GoMethodSignature> = {
    Get: { params: ['string'] },
    GetBytes: { params: ['string'] },
    Glob: { params: ['string'] },
    Lines: { params: ['string'] },
    AsConfig: { params: [] },
    AsSecrets: { params: [] },
  };

  declare private readonly ops: FilesOps;
  declare private readonly toYaml: StringMapToYaml;

  get goType(): string {
    return 'engine.files';
  }

  // A missing path is a nil []byte, which prints as [].
  override goElemZero(): Uint8Array {
    return nilBytes();
  }

  constructor(entries: Record<string, Uint8Array>, toYaml: StringMapToYaml) {
    super();
    // Entries are the own enumerable properties; helpers stay out of sight.
    Object.defineProperty(this, 'ops', { value: new FilesOps(entries, toYaml), enumerable: false });
    Object.defineProperty(this, 'toYaml', { value: toYaml, enumerable: false });
    for (const [k, v] of Object.entries(entries)) (this as unknown as Record<string, Uint8Array>)[k] = v;
  }

  Get(name: string): string {
    return this.ops.get(name);
  }
  /** A missing file gives an empty (not nil) []byte, as in Helm. */
  GetBytes(name: string): Uint8Array {
    return this.ops.getBytes(name) ?? new Uint8Array(0);
  }
  Glob(pattern: string): FilesValue {
    return new FilesValue(this.ops.glob(pattern), this.toYaml);
  }
  Lines(path: string): string[] {
    return this.ops.lines(path);
  }
  AsConfig(): string {
    return this.ops.asConfig();
  }
  AsSecrets(): string {
    return this.ops.asSecrets();
  }
}

export function makeFilesValue(files: readonly ChartFile[], toYaml: StringMapToYaml): FilesValue {
  const entries: Record<string, Uint8Array> = Object.create(null) as Record<string, Uint8Array>;
  for (const f of files) entries[f.name] = f.data;
  return new FilesValue(entries, toYaml);
}
