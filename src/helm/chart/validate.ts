// Helm's Metadata.Validate: required fields, a semantic version, the chart type, maintainers and
// dependency aliases. Strings are sanitised first (spaces normalised, unprintables dropped).
import type { Dependency, Maintainer, Metadata } from './types.js';

/** Helm's chart.ValidationError: printed as "validation: <text>". */
export class ChartValidationError extends Error {
  constructor(detail: string) {
    super(`validation: ${detail}`);
    this.name = 'ChartValidationError';
  }
}

// Go's unicode.IsSpace and unicode.IsPrint.
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;
const GO_PRINT = /[\p{L}\p{M}\p{N}\p{P}\p{S} ]/u;

export function sanitizeString(s: string): string {
  let out = '';
  for (const ch of s) {
    if (GO_SPACE.test(ch)) out += ' ';
    else if (GO_PRINT.test(ch)) out += ch;
  }
  return out;
}

const SEMVER = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;
const UINT64_MAX = 2n ** 64n - 1n;

/** Masterminds semver v3's NewVersion acceptance (the loose form: "1", "v1.2", "1.2.3-rc.1"). */
export function isValidSemver(v: string): boolean {
  const m = SEMVER.exec(v);
  if (!m) return false;
  for (const part of [m[1], m[2]?.slice(1), m[3]?.slice(1)]) {
    if (part !== undefined && BigInt(part) > UINT64_MAX) return false;
  }
  if (m[5] !== undefined) {
    for (const seg of m[5].split('.')) {
      if (/^[0-9]+$/.test(seg) && seg.length > 1 && seg.startsWith('0')) return false;
    }
  }
  return true;
}

const ALIAS = /^[a-zA-Z0-9_-]+$/;

function validateMaintainer(m: Maintainer | null): void {
  if (m === null) throw new ChartValidationError('maintainers must not contain empty or null nodes');
  m.name = sanitizeString(m.name);
  m.email = sanitizeString(m.email);
  m.url = sanitizeString(m.url);
}

export function validateDependency(d: Dependency | null): asserts d is Dependency {
  if (d === null) throw new ChartValidationError('dependencies must not contain empty or null nodes');
  d.name = sanitizeString(d.name);
  d.version = sanitizeString(d.version);
  d.repository = sanitizeString(d.repository);
  d.condition = sanitizeString(d.condition);
  d.tags = d.tags.map(sanitizeString);
  if (d.alias !== '' && !ALIAS.test(d.alias)) {
    throw new ChartValidationError(`dependency ${JSON.stringify(d.name)} has disallowed characters in the alias`);
  }
  d.dependsOn = d.dependsOn.map(sanitizeString);
}

/** Go's path/filepath.Base on "/" paths. */
function base(p: string): string {
  if (p === '') return '.';
  const t = p.replace(/\/+$/, '');
  if (t === '') return '/';
  return t.slice(t.lastIndexOf('/') + 1);
}

export function validateMetadata(md: Metadata): void {
  md.name = sanitizeString(md.name);
  md.description = sanitizeString(md.description);
  md.home = sanitizeString(md.home);
  md.icon = sanitizeString(md.icon);
  md.condition = sanitizeString(md.condition);
  md.tags = sanitizeString(md.tags);
  md.appVersion = sanitizeString(md.appVersion);
  md.kubeVersion = sanitizeString(md.kubeVersion);
  md.sources = md.sources.map(sanitizeString);
  md.keywords = md.keywords.map(sanitizeString);

  if (md.apiVersion === '') throw new ChartValidationError('chart.metadata.apiVersion is required');
  if (md.name === '') throw new ChartValidationError('chart.metadata.name is required');
  if (md.name !== base(md.name)) throw new ChartValidationError(`chart.metadata.name ${JSON.stringify(md.name)} is invalid`);
  if (md.version === '') throw new ChartValidationError('chart.metadata.version is required');
  if (!isValidSemver(md.version)) throw new ChartValidationError(`chart.metadata.version ${JSON.stringify(md.version)} is invalid`);
  if (!['', 'application', 'library'].includes(md.type)) throw new ChartValidationError('chart.metadata.type must be application or library');
  for (const m of md.maintainers) validateMaintainer(m);

  const seen = new Set<string>();
  for (const d of md.dependencies) {
    validateDependency(d);
    const key = d.alias !== '' ? d.alias : d.name;
    if (seen.has(key)) {
      throw new ChartValidationError(`more than one dependency with name or alias ${JSON.stringify(key)}`);
    }
    seen.add(key);
  }
}
