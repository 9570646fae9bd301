// Bundles the CLI with esbuild: code splitting keeps heavy modules (client-node, yaml,
// the rendering engine) in lazy chunks so `flux-ts --version` starts fast.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

await build({
  entryPoints: { cli: 'src/cli/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __FLUX_TS_VERSION__: JSON.stringify(pkg.version) },
  // commander and client-node's dependencies are CommonJS and call require().
  banner: { js: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);" },
  logLevel: 'warning',
});
