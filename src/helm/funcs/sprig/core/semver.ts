// Sprig's semver and semverCompare over the project's Masterminds-compatible semver module.
// `semver` returns a *semver.Version whose methods templates call: .Major, .Prerelease,
// .Compare ..., and which prints (and encodes to JSON) as its String().
import { GoNumber, GoStruct, type FuncMap, type GoValue } from '../../../../gotemplate/value.js';
import { Constraints, parseVersion, Version } from '../../../../semver/index.js';
import { quoteJsonString } from '../../../gojson/index.js';

export class SemverVersion extends GoStruct {
  readonly goType: string;
  constructor(
    readonly version: Version,
    pointer = true,
  ) {
    super();
    this.goType = pointer ? '*semver.Version' : 'semver.Version';
    // Unexported fields in Go: invisible to templates and to printing.
    Object.defineProperty(this, 'version', { enumerable: false });
    Object.defineProperty(this, 'goType', { enumerable: false });
  }

  Major(): GoValue {
    return new GoNumber('uint64', this.version.major);
  }
  Minor(): GoValue {
    return new GoNumber('uint64', this.version.minor);
  }
  Patch(): GoValue {
    return new GoNumber('uint64', this.version.patch);
  }
  Prerelease(): GoValue {
    return this.version.prerelease;
  }
  Metadata(): GoValue {
    return this.version.metadata;
  }
  Original(): GoValue {
    return this.version.original;
  }
  String(): GoValue {
    return this.version.toString();
  }
  /** copystructure sees no exported fields: a deep copy is the zero Version. */
  copyStructure(): GoStruct {
    return new SemverVersion(new Version(0n, 0n, 0n, '', '', ''), this.goType.startsWith('*'));
  }

  /** Version.MarshalText (encoding.TextMarshaler): toToml writes it as a string. */
  marshalGoText(): string {
    return this.version.toString();
  }

  /** Masterminds' MarshalJSON: the version as a JSON string. */
  marshalGoJSON(): string {
    return quoteJsonString(this.version.toString());
  }
  Compare(o: GoValue): GoValue {
    return BigInt(this.version.compare(versionArg(o)));
  }
  LessThan(o: GoValue): GoValue {
    return this.version.lessThan(versionArg(o));
  }
  GreaterThan(o: GoValue): GoValue {
    return this.version.greaterThan(versionArg(o));
  }
  Equal(o: GoValue): GoValue {
    return this.version.equal(versionArg(o));
  }
  // The Inc* methods return a Version value (not a pointer) in Masterminds semver.
  IncMajor(): GoValue {
    return new SemverVersion(this.version.incMajor(), false);
  }
  IncMinor(): GoValue {
    return new SemverVersion(this.version.incMinor(), false);
  }
  IncPatch(): GoValue {
    return new SemverVersion(this.version.incPatch(), false);
  }
}

function versionArg(o: GoValue): Version {
  if (o instanceof SemverVersion) return o.version;
  throw new Error(`wrong type for value; expected *semver.Version; got ${o === null || o === undefined ? '<nil>' : typeof o}`);
}

// Charts call semverCompare with the same few constraints and versions over and over
// (typically against .Capabilities.KubeVersion); parsed values are immutable, so keep them.
const CACHE_LIMIT = 512;
const constraintCache = new Map<string, Constraints>();
const versionCache = new Map<string, Version>();

function cached<T>(cache: Map<string, T>, key: string, parse: (s: string) => T): T {
  let v = cache.get(key);
  if (v === undefined) {
    v = parse(key); // failures throw and are not cached
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, v);
  }
  return v;
}

export function semverFuncs(): FuncMap {
  return {
    semver: { params: ['string'], fn: (s) => new SemverVersion(parseVersion(String(s ?? ''))) },
    semverCompare: {
      params: ['string', 'string'],
      fn: (c, v) => {
        const constraint = cached(constraintCache, String(c ?? ''), (t) => Constraints.parse(t));
        return constraint.check(cached(versionCache, String(v ?? ''), parseVersion));
      },
    },
  };
}
