// Reads Chart.yaml, requirements.yaml and Chart.lock as Helm does: sigs.k8s.io/yaml into Go
// structs. Field names match case-insensitively (encoding/json), scalars YAML read as numbers
// or booleans become text in string fields ("1.10" -> "1.1"), wrong shapes fail with Go's
// "cannot unmarshal X into Go struct field Y of type Z".
import type { GoValue } from '../../gotemplate/value.js';
import { decodeYaml, YamlMap, type YamlValue } from '../yaml/decode.js';
import { jsonKey, yamlScalarAsString, yamlValueToJson } from '../yaml/tojson.js';
import { emptyDependency, emptyMetadata, type Dependency, type Lock, type Maintainer, type Metadata } from './types.js';

export class ChartFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChartFileError';
  }
}

function jsonKind(v: YamlValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof YamlMap) return 'object';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    default:
      return 'number';
  }
}

class StructDecoder {
  /** The first type error, reported after decoding everything (as encoding/json does). */
  firstError: string | null = null;

  constructor(private readonly root: string) {}

  mismatch(v: YamlValue, path: string, type: string): void {
    this.firstError ??= `json: cannot unmarshal ${jsonKind(v)} into Go struct field ${this.root}.${path} of type ${type}`;
  }

  string(v: YamlValue, path: string, current: string): string {
    if (v === null) return current;
    const s = yamlScalarAsString(v);
    if (typeof s === 'string') return s;
    this.mismatch(v, path, 'string');
    return current;
  }

  bool(v: YamlValue, path: string, current: boolean): boolean {
    if (v === null) return current;
    if (typeof v === 'boolean') return v;
    this.mismatch(v, path, 'bool');
    return current;
  }

  strings(v: YamlValue, path: string, current: string[]): string[] {
    if (v === null) return [];
    if (!Array.isArray(v)) {
      this.mismatch(v, path, '[]string');
      return current;
    }
    return v.map((x) => this.string(x, path, ''));
  }

  stringMap(v: YamlValue, path: string, current: Record<string, string> | null): Record<string, string> | null {
    if (v === null) return null;
    if (!(v instanceof YamlMap)) {
      this.mismatch(v, path, 'map[string]string');
      return current;
    }
    const out: Record<string, string> = current ?? (Object.create(null) as Record<string, string>);
    for (const { key, value } of v.entries.values()) out[jsonKey(key, value)] = this.string(value, path, '');
    return out;
  }

  any(v: YamlValue): GoValue {
    return yamlValueToJson(v);
  }

  /** Fields of a struct, matched exactly first, then case-insensitively, like encoding/json. */
  fields(v: YamlValue, path: string, type: string, names: readonly string[], set: (field: string, value: YamlValue) => void): boolean {
    if (v === null) return false;
    if (!(v instanceof YamlMap)) {
      this.mismatch(v, path, type);
      return false;
    }
    for (const { key, value } of v.entries.values()) {
      const k = jsonKey(key, value);
      const field = names.includes(k) ? k : names.find((n) => n.toLowerCase() === k.toLowerCase());
      if (field) set(field, value);
    }
    return true;
  }
}

const METADATA_FIELDS = [
  'name', 'home', 'sources', 'version', 'description', 'keywords', 'maintainers', 'icon', 'apiVersion',
  'condition', 'tags', 'appVersion', 'deprecated', 'annotations', 'kubeVersion', 'dependencies', 'type',
] as const;
const MAINTAINER_FIELDS = ['name', 'email', 'url'] as const;
const DEPENDENCY_FIELDS = ['name', 'version', 'repository', 'condition', 'tags', 'enabled', 'import-values', 'alias', 'depends-on'] as const;
const LOCK_FIELDS = ['generated', 'digest', 'dependencies'] as const;

function decodeMaintainer(d: StructDecoder, v: YamlValue, path: string): Maintainer | null {
  if (v === null) return null;
  const m: Maintainer = { name: '', email: '', url: '' };
  d.fields(v, path, 'v2.Maintainer', MAINTAINER_FIELDS, (f, x) => {
    m[f as keyof Maintainer] = d.string(x, `${path}.${f}`, m[f as keyof Maintainer]);
  });
  return m;
}

function decodeDependency(d: StructDecoder, v: YamlValue, path: string): Dependency | null {
  if (v === null) return null;
  const dep = emptyDependency();
  d.fields(v, path, 'v2.Dependency', DEPENDENCY_FIELDS, (f, x) => {
    const p = `${path}.${f}`;
    switch (f) {
      case 'tags':
        dep.tags = d.strings(x, p, dep.tags);
        break;
      case 'depends-on':
        dep.dependsOn = d.strings(x, p, dep.dependsOn);
        break;
      case 'enabled':
        dep.enabled = d.bool(x, p, dep.enabled);
        break;
      case 'import-values':
        if (x === null) dep.importValues = [];
        else if (Array.isArray(x)) dep.importValues = x.map((i) => d.any(i));
        else d.mismatch(x, p, '[]interface {}');
        break;
      default:
        (dep as unknown as Record<string, string>)[f] = d.string(x, p, (dep as unknown as Record<string, string>)[f]!);
    }
  });
  return dep;
}

function decodeList<T>(d: StructDecoder, v: YamlValue, path: string, type: string, item: (x: YamlValue) => T | null): Array<T | null> | undefined {
  if (v === null) return [];
  if (!Array.isArray(v)) {
    d.mismatch(v, path, type);
    return undefined;
  }
  return v.map(item);
}

function parse(text: string): YamlValue {
  return decodeYaml(text);
}

function wrapYaml<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ChartFileError) throw e;
    throw new ChartFileError(`error converting YAML to JSON: ${(e as Error).message}`);
  }
}

function finish(d: StructDecoder): void {
  if (d.firstError) throw new ChartFileError(`error unmarshaling JSON: while decoding JSON: ${d.firstError}`);
}

/** yaml.Unmarshal(text, metadata): decodes Chart.yaml (or requirements.yaml) into `into`. */
export function decodeMetadataInto(text: string, into: Metadata): Metadata {
  const v = wrapYaml(() => parse(text));
  const d = new StructDecoder('Metadata');
  if (v !== null && !(v instanceof YamlMap)) {
    throw new ChartFileError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type v2.Metadata`);
  }
  wrapYaml(() =>
    d.fields(v, '', 'v2.Metadata', METADATA_FIELDS, (f, x) => {
      switch (f) {
        case 'sources':
        case 'keywords':
          into[f] = d.strings(x, f, into[f]);
          break;
        case 'deprecated':
          into.deprecated = d.bool(x, f, into.deprecated);
          break;
        case 'annotations':
          into.annotations = d.stringMap(x, f, into.annotations);
          break;
        case 'maintainers': {
          const l = decodeList(d, x, f, '[]*v2.Maintainer', (m) => decodeMaintainer(d, m, f));
          if (l) into.maintainers = l;
          break;
        }
        case 'dependencies': {
          const l = decodeList(d, x, f, '[]*v2.Dependency', (m) => decodeDependency(d, m, f));
          if (l) into.dependencies = l;
          break;
        }
        default:
          into[f as 'name'] = d.string(x, f, into[f as 'name']);
      }
    }),
  );
  finish(d);
  return into;
}

export function decodeMetadata(text: string): Metadata {
  return decodeMetadataInto(text, emptyMetadata());
}

/** Chart.lock / requirements.lock */
export function decodeLock(text: string): Lock {
  const v = wrapYaml(() => parse(text));
  const lock: Lock = { generated: '', digest: '', dependencies: [] };
  const d = new StructDecoder('Lock');
  if (v !== null && !(v instanceof YamlMap)) {
    throw new ChartFileError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type v2.Lock`);
  }
  wrapYaml(() =>
    d.fields(v, '', 'v2.Lock', LOCK_FIELDS, (f, x) => {
      if (f === 'dependencies') {
        const l = decodeList(d, x, f, '[]*v2.Dependency', (m) => decodeDependency(d, m, f));
        if (l) lock.dependencies = l;
      } else {
        lock[f as 'digest'] = d.string(x, f, lock[f as 'digest']);
      }
    }),
  );
  finish(d);
  return lock;
}

/**
 * Helm 4 first reads only apiVersion (into its loader.chartBase) to pick a chart loader;
 * its errors name that type.
 */
export function decodeApiVersion(text: string): string {
  const v = wrapYaml(() => parse(text));
  if (v !== null && !(v instanceof YamlMap)) {
    throw new ChartFileError(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${jsonKind(v)} into Go value of type loader.chartBase`);
  }
  const d = new StructDecoder('chartBase');
  let apiVersion = '';
  wrapYaml(() =>
    d.fields(v, '', 'loader.chartBase', ['apiVersion'], (_f, x) => {
      apiVersion = d.string(x, 'apiVersion', apiVersion);
    }),
  );
  finish(d);
  return apiVersion;
}
