// The heavy libraries behind a few Sprig functions (RE2 for the regex family, ASN.1/X.509 for
// certificates, bcrypt for htpasswd/bcrypt) cost tens of milliseconds to load, and most charts
// never call those functions. Template functions run synchronously, so the libraries are
// loaded with require() on first use: from node_modules when running from source, and from
// the CommonJS side bundles scripts/build.mjs writes to dist/lazy/ in the built CLI. They
// hold no classes of ours, so a separate copy of them is safe.
import { createRequire } from 'node:module';
import type * as AsnSchema from '@peculiar/asn1-schema';
import type * as AsnX509 from '@peculiar/asn1-x509';
import type * as Re2js from 're2js';

/** The bcryptjs functions Sprig's bcrypt/htpasswd use. */
export interface Bcrypt {
  encodeBase64(bytes: number[], length: number): string;
  hashSync(input: string, salt: string): string;
}

// Set by the bundler (scripts/build.mjs): the side bundles' directory relative to the chunks.
declare const __FLUX_TS_LAZY_DIR__: string;

const req = createRequire(import.meta.url);

/** The ASN.1 schema engine and the X.509 schemas registered with it: one copy of each. */
export interface Asn1 {
  schema: typeof AsnSchema;
  x509: typeof AsnX509;
}

/**
 * Side bundle file → what it exports, as the source gets it from node_modules. The bundle's
 * file holds exactly `module.exports = <the same expression>` (scripts/build.mjs).
 */
export const LAZY_LIBS = {
  're2js.cjs': "require('re2js')",
  // One file for both: the X.509 schemas must register with the same asn1-schema copy that
  // serializes them.
  'asn1.cjs': "{ schema: require('@peculiar/asn1-schema'), x509: require('@peculiar/asn1-x509') }",
  'bcryptjs.cjs': "require('bcryptjs')",
} as const;

function lazy<T>(file: keyof typeof LAZY_LIBS, fromSource: () => T): () => T {
  let mod: T | undefined;
  return () => (mod ??= typeof __FLUX_TS_LAZY_DIR__ === 'string' ? (req(`${__FLUX_TS_LAZY_DIR__}/${file}`) as T) : fromSource());
}

export const re2js = lazy<typeof Re2js>('re2js.cjs', () => req('re2js') as typeof Re2js);
export const asn1 = lazy<Asn1>('asn1.cjs', () => ({ schema: req('@peculiar/asn1-schema') as typeof AsnSchema, x509: req('@peculiar/asn1-x509') as typeof AsnX509 }));
export const bcryptjs = lazy<Bcrypt>('bcryptjs.cjs', () => req('bcryptjs') as Bcrypt);
