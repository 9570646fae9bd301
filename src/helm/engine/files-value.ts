// `.Files` as a template value. Go's `engine.files` is a map type with methods, so the value is
// a map (path → []byte) that ranges and indexes like one, carrying Helm's methods as
// non-enumerable functions that the executor calls like a struct's methods.
import type { GoMap } from '../../gotemplate/value.js';
import { FilesOps, type ChartFile, type StringMapToYaml } from './files.js';

export const FILES_GO_TYPE = 'engine.files';
const GO_TYPE = Symbol.for('flux-ts.goType');

function filesValue(entries: Record<string, Uint8Array>, toYaml: StringMapToYaml): GoMap {
  const ops = new FilesOps(entries, toYaml);
  const value = Object.create(null) as GoMap;
  for (const [k, v] of Object.entries(entries)) value[k] = v;
  const methods: Record<string, (...args: never[]) => unknown> = {
    Get: (name: string) => ops.get(name),
    GetBytes: (name: string) => ops.getBytes(name),
    Glob: (pattern: string) => filesValue(ops.glob(pattern), toYaml),
    Lines: (path: string) => ops.lines(path),
    AsConfig: () => ops.asConfig(),
    AsSecrets: () => ops.asSecrets(),
  };
  for (const [name, fn] of Object.entries(methods)) Object.defineProperty(value, name, { value: fn, enumerable: false });
  Object.defineProperty(value, GO_TYPE, { value: FILES_GO_TYPE, enumerable: false });
  return value;
}

export function makeFilesValue(files: readonly ChartFile[], toYaml: StringMapToYaml): GoMap {
  const entries: Record<string, Uint8Array> = Object.create(null) as Record<string, Uint8Array>;
  for (const f of files) entries[f.name] = f.data;
  return filesValue(entries, toYaml);
}
