// Bundles the CLI with esbuild: code splitting keeps heavy modules (client-node, yaml,
// the rendering engine) in lazy chunks so `flux-ts --version` starts fast.
// Usage: node scripts/build.mjs [--outdir DIR]   (default dist)
import { build } from 'esbuild';
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';

// The side bundles of src/helm/funcs/sprig/extra/lazy-libs.ts (file → exported expression),
// kept in step with its LAZY_LIBS by test/helm/funcs/sprig/extra/lazy-libs.test.ts.
const LAZY_LIBS = {
  're2js.cjs': "require('re2js')",
  'asn1.cjs': "{ schema: require('@peculiar/asn1-schema'), x509: require('@peculiar/asn1-x509') }",
  'bcryptjs.cjs': "require('bcryptjs')",
};

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' } } });
const outdir = values.outdir.replace(/\/+$/, '');

// Chunk names carry content hashes, so building over the old output would leave every stale
// chunk behind. Build into a fresh sibling directory and swap it in: the old tree never mixes
// with the new one, and the window without a dist/ is two renames long (tests of other
// processes may be running the CLI meanwhile).
const staging = `${outdir}.build-${process.pid}`;
rmSync(staging, { recursive: true, force: true });
try {
  await build({
    // The lookup worker (a thread `lookup` blocks on) is an entry of its own, placed among the
    // chunks so lookup.ts finds it next to itself (`new URL('./lookup-worker.js', import.meta.url)`).
    entryPoints: { cli: 'src/cli/main.ts', 'chunks/lookup-worker': 'src/helm/funcs/helm/lookup-worker.ts' },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    chunkNames: 'chunks/[name]-[hash]',
    // Code splitting puts every module in dist/chunks/; the lazily required libraries live in
    // dist/lazy/ (see src/helm/funcs/sprig/extra/lazy-libs.ts).
    define: { __FLUX_TS_VERSION__: JSON.stringify(pkg.version), __FLUX_TS_LAZY_DIR__: JSON.stringify('../lazy') },
    // commander and client-node's dependencies are CommonJS and call require().
    banner: { js: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);" },
    logLevel: 'warning',
  });
  // The heavy libraries a few Sprig functions need, as CommonJS files that those functions
  // require() synchronously on first call (templates execute synchronously).
  for (const [file, expr] of Object.entries(LAZY_LIBS)) {
    await build({
      stdin: { contents: `module.exports = ${expr};`, resolveDir: process.cwd(), loader: 'js' },
      outfile: `${staging}/lazy/${file}`,
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      minify: true,
      legalComments: 'none',
      logLevel: 'warning',
    });
  }
} catch (err) {
  rmSync(staging, { recursive: true, force: true });
  throw err;
}
// Another build (a parallel test run) may swap its own output in between our two renames; then
// ours finds dist/ again and moves that one aside too.
for (let attempt = 0; ; attempt++) {
  const old = `${outdir}.old-${process.pid}-${attempt}`;
  try {
    renameSync(outdir, old);
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
  }
  try {
    renameSync(staging, outdir);
    break;
  } catch (err) {
    if (!['ENOTEMPTY', 'EEXIST'].includes(err.code) || attempt >= 20) {
      rmSync(staging, { recursive: true, force: true });
      throw err;
    }
  } finally {
    rmSync(old, { recursive: true, force: true });
  }
}
