// Half of Sprig's function map (the "core" families: strings, conversions, math, defaults,
// JSON, reflection, lists, dicts, semver), with Sprig v3's semantics as Helm 4 ships them.
// The other half (dates, crypto, encoding, regexps, paths, random, URLs...) lives elsewhere.
import type { FuncMap } from '../../../../gotemplate/value.js';
import { conversionFuncs } from './conversion.js';
import { defaultsFuncs } from './defaults.js';
import { dictFuncs } from './dicts.js';
import { jsonFuncs } from './json.js';
import { listFuncs } from './lists.js';
import { mathFuncs } from './math.js';
import { reflectFuncs } from './reflect.js';
import { semverFuncs } from './semver.js';
import { stringFuncs } from './strings.js';

/** A fresh copy of the core families' functions (callers may add to or remove from it). */
export function coreFuncs(): FuncMap {
  return { ...sharedCoreFuncs() };
}

let shared: Readonly<FuncMap> | undefined;

/**
 * The core families' functions, built once per process: they keep no state of their own, and
 * building ~200 closures cost ~0.5 ms of every cold `template` run (the start-up snapshot now
 * holds them built). Read-only: copy it to change it.
 */
export function sharedCoreFuncs(): Readonly<FuncMap> {
  return (shared ??= Object.freeze(buildCoreFuncs()));
}

function buildCoreFuncs(): FuncMap {
  return {
    ...stringFuncs(),
    ...conversionFuncs(),
    ...mathFuncs(),
    ...defaultsFuncs(),
    ...jsonFuncs(),
    ...reflectFuncs(),
    ...listFuncs(),
    ...dictFuncs(),
    ...semverFuncs(),
  };
}

export { unmarshal, decodeJson, JsonError } from './json.js';
export { isEmpty, deepEqual } from './reflect.js';
export { strval } from './format.js';
export { toInt64, toFloat64, toInt } from './cast.js';
export { mergeMaps, deepCopy } from './dicts.js';
