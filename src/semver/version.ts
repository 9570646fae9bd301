// Semantic versions with the parsing and ordering rules of Masterminds/semver v3.4 (the
// library Helm 4 and Flux use): `NewVersion` coerces `1.2` to 1.2.0 and accepts a leading
// `v`; `StrictNewVersion` accepts only full X.Y.Z. Error texts are Go's, because users see
// them in `helm`/`flux` output and in Sprig's semver functions.

/** An error whose message is the exact text the Go library returns. */
export class SemverError extends Error {
  override name = 'SemverError';
}

export const ErrInvalidSemVer = 'invalid semantic version';
export const ErrEmptyString = 'version string empty';
export const ErrInvalidCharacters = 'invalid characters in version';
export const ErrSegmentStartsZero = 'version segment starts with 0';
export const ErrInvalidMetadata = 'invalid metadata string';
export const ErrInvalidPrerelease = 'invalid prerelease string';

const UINT64_MAX = (1n << 64n) - 1n;

// Loose form: numbers may have leading zeros, minor and patch are optional.
const looseVersionRegex =
  /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;

const NUM = /^[0-9]*$/;
const ALLOWED = /^[0-9A-Za-z-]*$/;

export class Version {
  constructor(
    readonly major: bigint,
    readonly minor: bigint,
    readonly patch: bigint,
    /** Pre-release without the leading `-` ('' when none). */
    readonly prerelease: string,
    /** Build metadata without the leading `+` ('' when none). */
    readonly metadata: string,
    /** The text that was parsed (keeps a leading `v`, `1.2` stays `1.2`). */
    readonly original: string,
  ) {}

  /** Canonical form without a leading v: `1.2.0-rc.1+build`. */
  toString(): string {
    let s = `${this.major}.${this.minor}.${this.patch}`;
    if (this.prerelease !== '') s += `-${this.prerelease}`;
    if (this.metadata !== '') s += `+${this.metadata}`;
    return s;
  }

  compare(o: Version): -1 | 0 | 1 {
    return compareVersions(this, o);
  }
  lessThan(o: Version): boolean {
    return compareVersions(this, o) < 0;
  }
  greaterThan(o: Version): boolean {
    return compareVersions(this, o) > 0;
  }
  equal(o: Version): boolean {
    return compareVersions(this, o) === 0;
  }

  incPatch(): Version {
    // A pre-release or metadata is dropped without bumping: 1.2.3-rc.1 -> 1.2.3.
    const bump = this.prerelease === '' ? 1n : 0n;
    return this.withParts(this.major, this.minor, this.patch + bump);
  }
  incMinor(): Version {
    return this.withParts(this.major, this.minor + 1n, 0n);
  }
  incMajor(): Version {
    return this.withParts(this.major + 1n, 0n, 0n);
  }

  private withParts(major: bigint, minor: bigint, patch: bigint): Version {
    const prefix = this.original.startsWith('v') ? 'v' : '';
    const next = new Version(major, minor, patch, '', '', '');
    return new Version(major, minor, patch, '', '', prefix + next.toString());
  }
}

function parseSegment(text: string): bigint {
  const n = BigInt(text);
  if (n > UINT64_MAX) {
    throw new SemverError(`error parsing version segment: strconv.ParseUint: parsing "${text}": value out of range`);
  }
  return n;
}

function validatePrerelease(p: string): void {
  for (const part of p.split('.')) {
    if (part === '') throw new SemverError(ErrInvalidPrerelease);
    if (NUM.test(part)) {
      if (part.length > 1 && part[0] === '0') throw new SemverError(ErrSegmentStartsZero);
    } else if (!ALLOWED.test(part)) {
      throw new SemverError(ErrInvalidPrerelease);
    }
  }
}

function validateMetadata(m: string): void {
  for (const part of m.split('.')) {
    if (part === '' || !ALLOWED.test(part)) throw new SemverError(ErrInvalidMetadata);
  }
}

/**
 * Masterminds `NewVersion` (coercing): `1` -> 1.0.0, `v1.2` -> 1.2.0, leading zeros allowed
 * in the numbers. Throws SemverError with Go's message.
 */
export function parseVersion(text: string): Version {
  const m = looseVersionRegex.exec(text);
  if (m === null) throw new SemverError(ErrInvalidSemVer);
  const major = parseSegment(m[1]!);
  const minor = m[2] === undefined ? 0n : parseSegment(m[2].slice(1));
  const patch = m[3] === undefined ? 0n : parseSegment(m[3].slice(1));
  const pre = m[5] ?? '';
  const meta = m[8] ?? '';
  if (pre !== '') validatePrerelease(pre);
  if (meta !== '') validateMetadata(meta);
  return new Version(major, minor, patch, pre, meta, text);
}

/** Like parseVersion but returns undefined instead of throwing (for filtering tag lists). */
export function tryParseVersion(text: string): Version | undefined {
  try {
    return parseVersion(text);
  } catch {
    return undefined;
  }
}

/** Masterminds `StrictNewVersion`: exactly X.Y.Z[-pre][+meta], no `v`, no leading zeros. */
export function parseStrictVersion(text: string): Version {
  if (text.length === 0) throw new SemverError(ErrEmptyString);
  const parts = splitN(text, '.', 3);
  if (parts.length !== 3) throw new SemverError(ErrInvalidSemVer);
  let last = parts[2]!;
  let meta = '';
  let pre = '';
  const plus = last.indexOf('+');
  if (plus >= 0) {
    meta = last.slice(plus + 1);
    last = last.slice(0, plus);
    validateMetadata(meta);
  }
  const dash = last.indexOf('-');
  if (dash >= 0) {
    pre = last.slice(dash + 1);
    last = last.slice(0, dash);
    validatePrerelease(pre);
  }
  const nums = [parts[0]!, parts[1]!, last];
  for (const p of nums) {
    if (!NUM.test(p)) throw new SemverError(ErrInvalidCharacters);
    if (p.length > 1 && p[0] === '0') throw new SemverError(ErrSegmentStartsZero);
  }
  // Go's ParseUint rejects the empty string with its own message.
  const seg = (p: string): bigint => {
    if (p === '') throw new SemverError(`strconv.ParseUint: parsing "": invalid syntax`);
    const n = BigInt(p);
    if (n > UINT64_MAX) throw new SemverError(`strconv.ParseUint: parsing "${p}": value out of range`);
    return n;
  };
  return new Version(seg(nums[0]!), seg(nums[1]!), seg(nums[2]!), pre, meta, text);
}

function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

function cmp(a: bigint, b: bigint): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

const DIGITS = /^[0-9]+$/;

// One dot-separated pre-release identifier. Numbers sort before words; a missing
// identifier sorts first (1.0.0-rc < 1.0.0-rc.1).
function comparePrePart(s: string, o: string): -1 | 0 | 1 {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  const sNum = DIGITS.test(s) && BigInt(s) <= UINT64_MAX;
  const oNum = DIGITS.test(o) && BigInt(o) <= UINT64_MAX;
  if (!sNum && !oNum) return s > o ? 1 : -1;
  if (!oNum) return -1;
  if (!sNum) return 1;
  return BigInt(s) > BigInt(o) ? 1 : -1;
}

export function comparePrerelease(a: string, b: string): -1 | 0 | 1 {
  const sp = a.split('.');
  const op = b.split('.');
  const n = Math.max(sp.length, op.length);
  for (let i = 0; i < n; i++) {
    const d = comparePrePart(sp[i] ?? '', op[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

/** Semver precedence: X.Y.Z, then pre-release (a release is greater); metadata ignored. */
export function compareVersions(a: Version, b: Version): -1 | 0 | 1 {
  const d = cmp(a.major, b.major) || cmp(a.minor, b.minor) || cmp(a.patch, b.patch);
  if (d !== 0) return d;
  if (a.prerelease === '' && b.prerelease === '') return 0;
  if (a.prerelease === '') return 1;
  if (b.prerelease === '') return -1;
  return comparePrerelease(a.prerelease, b.prerelease);
}
