// Masterminds/semver v3.4-compatible versions and constraints (what Helm, Flux and Sprig use).
export {
  Version,
  SemverError,
  parseVersion,
  tryParseVersion,
  parseStrictVersion,
  compareVersions,
  comparePrerelease,
  ErrInvalidSemVer,
  ErrEmptyString,
  ErrInvalidCharacters,
  ErrSegmentStartsZero,
  ErrInvalidMetadata,
  ErrInvalidPrerelease,
} from './version.js';
export { Constraints, parseConstraint, ANY_STABLE } from './constraints.js';
