// The version flux-ts reports (injected by the bundler; a dev placeholder when run from source).
declare const __FLUX_TS_VERSION__: string;

export const VERSION = typeof __FLUX_TS_VERSION__ === 'string' ? __FLUX_TS_VERSION__ : '0.0.0-dev.0';

/** What `--version` prints, in flux's form (`flux version 2.9.0`). */
export const VERSION_LINE = `flux-ts version ${VERSION}`;
