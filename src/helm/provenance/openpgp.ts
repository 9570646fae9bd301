// openpgp.js (LGPL-3.0-or-later) is loaded at run time from node_modules, as its own module,
// never bundled into flux-ts's chunks or start-up snapshot: users can replace it, as the LGPL
// asks, and flux-ts (Apache-2.0) does not ship it inside its own files. Loaded only when
// `--verify` needs it.
import { createRequire } from 'node:module';

type OpenPgp = typeof import('openpgp');

let lib: OpenPgp | undefined;

export function openpgp(): OpenPgp {
  lib ??= createRequire(import.meta.url)('openpgp') as OpenPgp;
  return lib;
}
