// Which chart version Flux picks: source-controller's getChartVersion (HTTP index) and
// getLastMatchingVersionOrConstraint (OCI tags). An exact string match wins; otherwise the
// highest version satisfying the constraint, where an empty constraint or `*` means the latest
// stable release. Versions must have three dot-separated parts (fluxcd/pkg version.ParseVersion).
import { Constraints, SemverError, compareVersions, parseVersion, type Version } from '../../semver/index.js';
import type { IndexChartVersion } from './repo-index.js';

/** fluxcd/pkg `version.ParseVersion`: NewVersion, but only for X.Y.Z-shaped text. */
export function parseFluxVersion(text: string): Version | undefined {
  if (text.split('.').length < 3) return undefined;
  try {
    return parseVersion(text);
  } catch {
    return undefined;
  }
}

export class VersionSelectionError extends Error {
  override name = 'VersionSelectionError';
  constructor(
    readonly kind: 'InvalidConstraint' | 'NoMatchingVersion',
    message: string,
  ) {
    super(message);
  }
}

function constraintFor(ver: string): Constraints {
  const text = ver === '' ? '*' : ver;
  try {
    return Constraints.parse(text);
  } catch (err) {
    if (err instanceof SemverError) throw new VersionSelectionError('InvalidConstraint', `invalid version constraint '${ver}': ${err.message}`);
    throw err;
  }
}

/** Summarises what exists, newest first, for "no match" messages. */
export function describeAvailable(versions: string[], limit = 10): string {
  if (versions.length === 0) return 'no versions available';
  const sorted = versions
    .map((v) => ({ v, p: parseFluxVersion(v) }))
    .sort((a, b) => (a.p && b.p ? compareVersions(b.p, a.p) : a.p ? -1 : b.p ? 1 : 0))
    .map((x) => x.v);
  const shown = sorted.slice(0, limit).join(', ');
  return sorted.length > limit ? `available: ${shown} and ${sorted.length - limit} more` : `available: ${shown}`;
}

/** The index entry Flux resolves `ver` to for chart `name`. */
export function selectIndexVersion(name: string, versions: IndexChartVersion[], ver: string): IndexChartVersion {
  if (ver !== '') {
    const exact = versions.find((cv) => cv.version === ver);
    if (exact !== undefined) return exact;
  }
  const constraint = constraintFor(ver === '*' ? '' : ver);
  let best: { cv: IndexChartVersion; v: Version } | undefined;
  for (const cv of versions) {
    const v = parseFluxVersion(cv.version);
    if (v === undefined || !constraint.check(v)) continue;
    if (best === undefined) {
      best = { cv, v };
      continue;
    }
    const d = compareVersions(v, best.v);
    // Equal versions (differing only in build metadata): the most recently created wins.
    if (d > 0 || (d === 0 && createdAfter(cv, best.cv))) best = { cv, v };
  }
  if (best === undefined) {
    throw new VersionSelectionError(
      'NoMatchingVersion',
      `no '${name}' chart with version matching '${ver}' found (${describeAvailable(versions.map((cv) => cv.version))})`,
    );
  }
  return best.cv;
}

function createdAfter(a: IndexChartVersion, b: IndexChartVersion): boolean {
  const ta = a.created === undefined ? 0 : Date.parse(a.created);
  const tb = b.created === undefined ? 0 : Date.parse(b.created);
  return (Number.isNaN(ta) ? 0 : ta) > (Number.isNaN(tb) ? 0 : tb);
}

/**
 * Helm's registry client Tags: tags with `_` read as `+`, kept only when StrictNewVersion
 * accepts them, sorted newest first, returned in canonical form.
 */
export function helmTagVersions(tags: string[]): string[] {
  const parsed: Version[] = [];
  for (const tag of tags) {
    const text = tag.replaceAll('_', '+');
    // StrictNewVersion: X.Y.Z without v and without leading zeros.
    if (!/^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.test(text)) continue;
    try {
      parsed.push(parseVersion(text));
    } catch {
      // invalid pre-release/metadata
    }
  }
  parsed.sort((a, b) => compareVersions(b, a));
  return parsed.map((v) => v.toString());
}

/** source-controller's getLastMatchingVersionOrConstraint over (Helm-normalised) tags. */
export function selectTag(tags: string[], ver: string): string {
  if (ver !== '') {
    const exact = tags.find((t) => t === ver);
    if (exact !== undefined) return exact;
  }
  const constraint = constraintFor(ver === '*' ? '' : ver);
  let best: Version | undefined;
  for (const tag of tags) {
    const v = parseFluxVersion(tag);
    if (v === undefined || !constraint.check(v)) continue;
    if (best === undefined || compareVersions(v, best) > 0) best = v;
  }
  if (best === undefined) {
    throw new VersionSelectionError(
      'NoMatchingVersion',
      `could not locate a version matching provided version string ${ver} (${describeAvailable(tags)})`,
    );
  }
  return best.original;
}
