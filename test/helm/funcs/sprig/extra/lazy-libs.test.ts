// The heavy libraries of the regex, certificate and bcrypt functions are required on first use:
// from node_modules when running from source, from dist/lazy/ in the built CLI. The bundle must
// hold exactly the side bundles lazy-libs.ts names, each exporting what the source loads.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asn1, bcryptjs, LAZY_LIBS, re2js } from '../../../../../src/helm/funcs/sprig/extra/lazy-libs.js';

const dist = resolve(import.meta.dirname, '../../../../../dist');
const req = createRequire(import.meta.url);

describe('lazy libraries', () => {
  it('dist/lazy holds one side bundle per LAZY_LIBS entry', () => {
    expect(readdirSync(join(dist, 'lazy')).sort()).toEqual(Object.keys(LAZY_LIBS).sort());
  });

  it('each side bundle exports what the source loads from node_modules', () => {
    const fromSource: Record<keyof typeof LAZY_LIBS, unknown> = { 're2js.cjs': re2js(), 'asn1.cjs': asn1(), 'bcryptjs.cjs': bcryptjs() };
    const shape = (m: unknown): unknown =>
      Object.fromEntries(Object.entries(m as Record<string, unknown>).map(([k, v]) => [k, v !== null && typeof v === 'object' ? Object.keys(v).sort() : typeof v]));
    for (const file of Object.keys(LAZY_LIBS) as Array<keyof typeof LAZY_LIBS>) {
      expect(shape(req(join(dist, 'lazy', file))), file).toEqual(shape(fromSource[file]));
    }
  });

  it('no code chunk of the bundle contains them (they load only when a template calls them)', () => {
    const markers = ['RE2JSSyntaxException', 'Cannot get schema for ', 'Invalid salt version'];
    const files = [join(dist, 'cli.js'), ...readdirSync(join(dist, 'chunks')).filter((f) => f.endsWith('.js')).map((f) => join(dist, 'chunks', f))];
    const found = files.flatMap((f) => markers.filter((m) => readFileSync(f, 'utf8').includes(m)).map((m) => `${m} in ${f}`));
    expect(found).toEqual([]);
  });
});
