// The second half of Sprig's function map as Helm exposes it: dates, regular expressions,
// encodings and checksums, crypto and certificates, random values, paths, network and URLs.
// (Sprig's env and expandenv are left out, as Helm removes them.)
import type { FuncMap } from '../../../../gotemplate/value.js';
import { cryptoFuncs } from './crypto.js';
import { dateFuncs } from './dates.js';
import { encodingFuncs } from './encoding.js';
import { networkFuncs } from './network.js';
import { type ExtraFuncsOptions, resolveOptions } from './options.js';
import { pathFuncs } from './paths.js';
import { randomFuncs } from './random.js';
import { regexFuncs } from './regex.js';

export type { ExtraFuncsOptions } from './options.js';
export { GoTime } from './gotime/time.js';
export { SprigCertificate } from './crypto/certs.js';

export function extraFuncs(options: ExtraFuncsOptions = {}): FuncMap {
  const o = resolveOptions(options);
  return {
    ...dateFuncs(o),
    ...regexFuncs(),
    ...encodingFuncs(),
    ...cryptoFuncs(o),
    ...randomFuncs(o),
    ...pathFuncs(),
    ...networkFuncs(o),
  };
}
