// The function map templates see, as Helm 4 assembles it (pkg/engine/funcs.go): Sprig's map
// without env/expandenv, plus Helm's own serialisation functions and lookup. include, tpl,
// required and fail are bound to the executing template set by the renderer (bound.ts).
import type { FuncMap } from '../../../gotemplate/value.js';
import { sharedCoreFuncs } from '../sprig/core/index.js';
import { extraFuncs, type ExtraFuncsOptions } from '../sprig/extra/index.js';
import { lookupFunc, type SyncLookup } from './lookup.js';
import { serializeFuncs } from './serialize.js';
import { tomlFuncs } from './toml.js';

export interface HelmFuncsOptions extends ExtraFuncsOptions {
  /** A synchronous cluster client for `lookup`; without one it returns empty maps. */
  lookup?: SyncLookup;
}

export function helmFuncMap(opts: HelmFuncsOptions = {}): FuncMap {
  const { lookup, ...extra } = opts;
  const funcs: FuncMap = { ...sharedCoreFuncs(), ...extraFuncs(extra) };
  delete funcs['env'];
  delete funcs['expandenv'];
  Object.assign(funcs, sharedHelmFuncs(), { lookup: lookupFunc(lookup) });
  return funcs;
}

let shared: Readonly<FuncMap> | undefined;

/** Helm's own functions that take no options: built once per process, as sharedCoreFuncs. */
function sharedHelmFuncs(): Readonly<FuncMap> {
  return (shared ??= Object.freeze({ ...serializeFuncs(), ...tomlFuncs() }));
}
