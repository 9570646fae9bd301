// Version constraints with the grammar and matching rules of Masterminds/semver v3.4:
// `,` or space = AND, `||` = OR, operators = != > < >= => <= =< ~ ~> ^, wildcards x X *,
// hyphen ranges `1.2 - 1.4.5`. A pre-release version is only admitted by an AND-group in which
// some comparison names a pre-release (`>=1.0.0-0 <2` admits 1.1.0-rc.1, `>=1.0.0 <2` does not).
import { SemverError, type Version, comparePrerelease, compareVersions, parseVersion } from './version.js';

// Go's \s is ASCII whitespace only.
const S = '[\\t\\n\\f\\r ]';
// Version inside a constraint: the same shape as a loose version, with x/X/* allowed in the
// numbers. (The `|` inside the class is literal, as in the Go original.)
const CV =
  'v?([0-9|xX*]+)(\\.[0-9|xX*]+)?(\\.[0-9|xX*]+)?' +
  '(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?' +
  '(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?';
// Order matters: alternatives are tried left to right, as in Go's leftmost-first regexps.
const OPS = '=||!=|>|<|>=|=>|<=|=<|~|~>|\\^';

const constraintRegex = new RegExp(`^${S}*(${OPS})${S}*(${CV})${S}*$`);
const constraintRangeRegex = new RegExp(`${S}*(${CV})${S}+-${S}+(${CV})${S}*`, 'g');
const findConstraintRegex = new RegExp(`(${OPS})${S}*(${CV})`, 'g');
const validConstraintRegex = new RegExp(`^(${S}*(${OPS})${S}*(${CV})${S}*)((?:${S}+|,${S}*)(${OPS})${S}*(${CV})${S}*)*$`);

type Op = '' | '=' | '!=' | '>' | '<' | '>=' | '=>' | '<=' | '=<' | '~' | '~>' | '^';

/** One comparison, e.g. `>=1.2` (con 1.2.0, patch is a wildcard). */
interface Comparison {
  op: Op;
  /** The version text as written (`1.2`, `4.x`). */
  orig: string;
  con: Version;
  /** Wildcard positions: `1.x` is minorDirty, `1.2.x` patchDirty; any of them makes it dirty. */
  minorDirty: boolean;
  patchDirty: boolean;
  dirty: boolean;
}

const isX = (s: string): boolean => s === 'x' || s === 'X' || s === '*';

function parseComparison(text: string): Comparison {
  const m = constraintRegex.exec(text);
  if (m === null) throw new SemverError(`improper constraint: ${text}`);
  const op = m[1] as Op;
  const orig = m[2]!;
  const major = m[3]!;
  const minor = m[4] ?? '';
  const patch = m[5] ?? '';
  const pre = m[6] ?? '';
  let ver = orig;
  let minorDirty = false;
  let patchDirty = false;
  let dirty = false;
  if (isX(major)) {
    ver = `0.0.0${pre}`;
    dirty = true;
  } else if (minor === '' || isX(minor.slice(1))) {
    minorDirty = true;
    dirty = true;
    ver = `${major}.0.0${pre}`;
  } else if (patch === '' || isX(patch.slice(1))) {
    dirty = true;
    patchDirty = true;
    ver = `${major}${minor}.0${pre}`;
  }
  let con: Version;
  try {
    con = parseVersion(ver);
  } catch {
    throw new SemverError('constraint parser error');
  }
  return { op, orig, con, minorDirty, patchDirty, dirty };
}

// Each check returns undefined when satisfied, or Go's reason text. Whether a pre-release
// version is admitted at all is decided per AND-group, by Constraints before any check runs.
type CheckFn = (v: Version, c: Comparison) => string | undefined;

const prereleaseReason = (v: Version): string =>
  `${v} is a prerelease version and the constraint is only looking for release versions`;
const notEqual: CheckFn = (v, c) => {
  if (c.dirty) {
    if (c.con.major !== v.major) return undefined;
    if (c.con.minor !== v.minor && !c.minorDirty) return undefined;
    if (c.minorDirty) return `${v} is equal to ${c.orig}`;
    if (c.con.patch !== v.patch && !c.patchDirty) return undefined;
    if (c.patchDirty) {
      if (v.prerelease !== '' || c.con.prerelease !== '') {
        if (comparePrerelease(v.prerelease, c.con.prerelease) !== 0) return undefined;
      }
      return `${v} is equal to ${c.orig}`;
    }
  }
  return compareVersions(v, c.con) === 0 ? `${v} is equal to ${c.orig}` : undefined;
};

const greaterThan: CheckFn = (v, c) => {
  const fail = `${v} is less than or equal to ${c.orig}`;
  if (!c.dirty) return compareVersions(v, c.con) === 1 ? undefined : fail;
  if (v.major > c.con.major) return undefined;
  if (v.major < c.con.major) return fail;
  // `>11` needs 12 or more; `>11.1` needs 11.2 or more.
  if (c.minorDirty) return fail;
  if (c.patchDirty) return v.minor > c.con.minor ? undefined : fail;
  return compareVersions(v, c.con) === 1 ? undefined : fail;
};

const lessThan: CheckFn = (v, c) => {
  return compareVersions(v, c.con) < 0 ? undefined : `${v} is greater than or equal to ${c.orig}`;
};

const greaterThanEqual: CheckFn = (v, c) => {
  return compareVersions(v, c.con) >= 0 ? undefined : `${v} is less than ${c.orig}`;
};

const lessThanEqual: CheckFn = (v, c) => {
  const fail = `${v} is greater than ${c.orig}`;
  if (!c.dirty) return compareVersions(v, c.con) <= 0 ? undefined : fail;
  if (v.major > c.con.major) return fail;
  if (v.major === c.con.major && v.minor > c.con.minor && !c.minorDirty) return fail;
  return undefined;
};

// ~1.2.3 -> >=1.2.3 <1.3.0; ~1 / ~1.x -> >=1.0.0 <2.0.0; ~* -> any.
const tilde: CheckFn = (v, c) => {
  if (compareVersions(v, c.con) < 0) return `${v} is less than ${c.orig}`;
  if (c.con.major === 0n && c.con.minor === 0n && c.con.patch === 0n && !c.minorDirty && !c.patchDirty) {
    return undefined;
  }
  if (v.major !== c.con.major) return `${v} does not have same major version as ${c.orig}`;
  if (v.minor !== c.con.minor && !c.minorDirty) {
    return `${v} does not have same major and minor version as ${c.orig}`;
  }
  return undefined;
};

// A bare version is an exact match, unless it has a wildcard, which makes it a tilde range.
const tildeOrEqual: CheckFn = (v, c) => {
  if (c.dirty) return tilde(v, c);
  return compareVersions(v, c.con) === 0 ? undefined : `${v} is not equal to ${c.orig}`;
};

// ^1.2.3 -> >=1.2.3 <2.0.0; ^0.2.3 -> >=0.2.3 <0.3.0; ^0.0.3 -> =0.0.3.
const caret: CheckFn = (v, c) => {
  if (compareVersions(v, c.con) < 0) return `${v} is less than ${c.orig}`;
  if (c.con.major > 0n || c.minorDirty) {
    return v.major === c.con.major ? undefined : `${v} does not have same major version as ${c.orig}`;
  }
  if (c.con.major === 0n && v.major > 0n) return `${v} does not have same major version as ${c.orig}`;
  if (c.con.minor > 0n || c.patchDirty) {
    return v.minor === c.con.minor
      ? undefined
      : `${v} does not have same minor version as ${c.orig}. Expected minor versions to match when constraint major version is 0`;
  }
  // ^0.0.3 is exactly 0.0.3.
  if (c.con.minor === 0n && v.minor > 0n) return `${v} does not have same minor version as ${c.orig}`;
  return c.con.patch === v.patch
    ? undefined
    : `${v} does not equal ${c.orig}. Expect version and constraint to equal when major and minor versions are 0`;
};

const CHECKS: Record<Op, CheckFn> = {
  '': tildeOrEqual,
  '=': tildeOrEqual,
  '!=': notEqual,
  '>': greaterThan,
  '<': lessThan,
  '>=': greaterThanEqual,
  '=>': greaterThanEqual,
  '<=': lessThanEqual,
  '=<': lessThanEqual,
  '~': tilde,
  '~>': tilde,
  '^': caret,
};

// `1.2 - 1.4.5` becomes `>= 1.2, <= 1.4.5` before anything else is parsed.
function rewriteRange(text: string): string {
  let out = text;
  for (const m of text.matchAll(constraintRangeRegex)) {
    const replacement = `>= ${m[1]}, <= ${m[11]} `;
    out = out.replace(m[0], () => replacement);
  }
  return out;
}

/** A parsed constraint: OR of AND-groups of comparisons. */
export class Constraints {
  private constructor(
    private readonly groups: Comparison[][],
    /** Per group: some comparison names a pre-release, so pre-releases are admitted. */
    private readonly groupHasPre: boolean[],
    /** The text as given. */
    readonly original: string,
  ) {}

  /** Masterminds `NewConstraint`. Throws SemverError (`improper constraint: ...`). */
  static parse(text: string): Constraints {
    const rewritten = rewriteRange(text);
    const groups = rewritten.split('||').map((group) => {
      if (!validConstraintRegex.test(group)) throw new SemverError(`improper constraint: ${group}`);
      const found = [...group.matchAll(findConstraintRegex)].map((m) => m[0]);
      const parts = found.length > 0 ? found : [group];
      return parts.map(parseComparison);
    });
    return new Constraints(
      groups,
      groups.map((g) => g.some((c) => c.con.prerelease !== '')),
      text,
    );
  }

  /** True when some OR-group admits v's pre-release (if any) and has every comparison satisfied. */
  check(v: Version): boolean {
    return this.groups.some((group, i) => (v.prerelease === '' || this.groupHasPre[i]!) && group.every((c) => CHECKS[c.op](v, c) === undefined));
  }

  /** Like check, with Go's reasons when it fails (Masterminds `Validate`). */
  validate(v: Version): { ok: boolean; reasons: string[] } {
    const reasons: string[] = [];
    let prereleaseNoted = false;
    for (const [i, group] of this.groups.entries()) {
      const includePre = this.groupHasPre[i]!;
      let ok = true;
      for (const c of group) {
        if (!includePre && v.prerelease !== '') {
          if (!prereleaseNoted) {
            reasons.push(prereleaseReason(v));
            prereleaseNoted = true;
          }
          ok = false;
        } else {
          const reason = CHECKS[c.op](v, c);
          if (reason !== undefined) {
            reasons.push(reason);
            ok = false;
          }
        }
      }
      if (ok) return { ok: true, reasons: [] };
    }
    return { ok: false, reasons };
  }

  /** Go's `Constraints.String()`: AND-groups space-joined, ORs joined by ` || `. */
  toString(): string {
    return this.groups.map((g) => g.map((c) => c.op + c.orig).join(' ')).join(' || ');
  }
}

export function parseConstraint(text: string): Constraints {
  return Constraints.parse(text);
}

/** The constraint Helm and Flux use when none is given: any stable release. */
export const ANY_STABLE: Constraints = Constraints.parse('*');
