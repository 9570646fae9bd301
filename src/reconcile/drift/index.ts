// Drift detection and correction (helm-controller §3.7): server-side apply dry runs compared with
// the live objects, ignore rules, summaries, correction.
export { detectDrift, drifted, correctDrift, DRIFT_DETECTION_KEY, DEFAULT_FIELD_MANAGER, type DetectOptions, type ObjectDrift } from './detect.js';
export { applyIgnoreRules, compileIgnoreRules, ignoredPaths, ignoresWholeObject, targetMatches, matchesSelector, IgnoreRuleError, IGNORE_PATH_ROOT, type IgnoreRule, type IgnoreTarget } from './ignore.js';
export { jsonPatch, countOps, comparable, type PatchOp } from './compare.js';
export { parsePointer, removeAt } from './pointer.js';
export { maskSecretPair } from './mask.js';
