// Bundles the CLI with esbuild: code splitting keeps heavy modules (client-node, yaml,
// the rendering engine) in lazy chunks so `flux-ts --version` starts fast. Then builds the
// start-up snapshots bin/flux-ts prefers (see buildSnapshots below).
// Usage: node scripts/build.mjs [--outdir DIR] [--no-snapshot]   (default dist)
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readFileSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { pruneCodeCache } from './snapshot-code-cache.mjs';

// The side bundles of src/helm/funcs/sprig/extra/lazy-libs.ts (file → exported expression),
// kept in step with its LAZY_LIBS by test/helm/funcs/sprig/extra/lazy-libs.test.ts.
const LAZY_LIBS = {
  're2js.cjs': "require('re2js')",
  'asn1.cjs': "{ schema: require('@peculiar/asn1-schema'), x509: require('@peculiar/asn1-x509') }",
  'bcryptjs.cjs': "require('bcryptjs')",
};

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' }, 'no-snapshot': { type: 'boolean', default: false }, 'no-minify': { type: 'boolean', default: false } } });
const outdir = values.outdir.replace(/\/+$/, '');
const define = { __FLUX_TS_VERSION__: JSON.stringify(pkg.version), __FLUX_TS_LAZY_DIR__: JSON.stringify('../lazy') };
// What every bundle below shares: minified, self-contained code for this project's node.
// (--no-minify keeps names, for CPU profiles.)
const nodeBundle = { bundle: true, platform: 'node', target: 'node20', minify: !values['no-minify'], legalComments: 'none', logLevel: 'warning' };

// The start-up snapshot: node's user-land snapshot (v8.startupSnapshot) of the whole CLI as one
// CommonJS bundle, its modules initialised and compiled by rendering a few charts while it is
// built. Starting node from it skips loading, compiling and initialising ~0.5 MB of modules
// (bin/flux-ts: about half the start-up cost of `flux-ts template`).
//
// Node refuses a blob built by another node version or with other V8 flags, so bin/flux-ts uses
// it only when `snapshot/stamp` names the node version it finds and this dist/ directory (the
// bundle resolves dist/lazy/, node_modules and the lookup worker from the absolute dist/ path it
// was built for), and when NODE_OPTIONS is empty; otherwise it runs the ESM bundle (cli.js).
// A snapshot that cannot be built, or renders differently from the ESM bundle, is left out with
// a warning: the CLI then starts the ordinary way.
const finalDist = join(realpathSync(dirname(resolve(outdir))), basename(resolve(outdir)));
const snapshotDir = (staging) => `${staging}/snapshot`;

// The snapshots: `flux-ts` holds every command; `template` (started by bin/flux-ts when the first
// argument is `template`) the template command alone, with commands-template.ts in place of
// commands.ts: a smaller heap to deserialise and one command to set up, for the command that
// runs most often and whose start-up is most of its run on small charts.
// The template snapshot also leaves @kubernetes/client-node out (see sideLibrary): `template`
// needs it only against a live cluster (lookup, --dry-run=server), and its ~0.9 MB of source
// deserialised on every run cost more (~4 ms CPU) than loading it from a file on that rare path
// (~13 ms). The full snapshot keeps it: most of its commands talk to a cluster.
// `builtinCodeCache`: which of node's code cache entries for its own modules the blob keeps
// (pruneBuiltinCodeCache): those of the modules it does not hold loaded, for commands that load
// http, https... later; none for `template`, which loads no other built-in module unless it
// downloads a chart (then the network costs far more than compiling them).
const SNAPSHOTS = {
  'flux-ts': { commands: undefined, sideLibraries: [], builtinCodeCache: 'not-loaded' },
  template: { commands: 'src/cli/commands-template.ts', sideLibraries: ['@kubernetes/client-node'], builtinCodeCache: 'none' },
};

// A library a snapshot leaves out, by its importer (the one module of flux-ts that imports it):
// its file in dist/snapshot/ (only the snapshots use it) and the names that module imports from it.
const SIDE_LIBRARIES = {
  '@kubernetes/client-node': { importer: 'src/cluster/client-node.ts', file: 'client-node.cjs' },
};

/** The names `importer` imports from `library` (`import { A, B } from 'library'`), for its side bundle. */
function importedNames(library) {
  const { importer } = SIDE_LIBRARIES[library];
  const names = [];
  for (const [, clause, from] of readFileSync(importer, 'utf8').matchAll(/^import\s+([^;]*?)\s+from\s+'([^']+)';/gm)) {
    if (from !== library && !from.startsWith(`${library}/`)) continue;
    const named = from === library ? /^(type\s+)?\{([^}]*)\}$/.exec(clause) : null;
    if (!named) throw new Error(`${importer}: \`import ${clause} from '${from}'\`: only \`import { ... } from '${library}'\` can go to its side bundle`);
    if (named[1]) continue;
    for (const item of named[2].split(',').map((n) => n.trim())) if (item && !item.startsWith('type ')) names.push(item.split(/\s+as\s+/)[0]);
  }
  if (names.length === 0) throw new Error(`${importer} imports nothing from ${library}`);
  return names;
}

/** In a snapshot bundle, `library` is loaded from its side bundle in dist/snapshot/ on first use. */
function sideLibrary(library) {
  const { file } = SIDE_LIBRARIES[library];
  const at = join(snapshotDir(finalDist), file);
  return {
    name: `side-library:${library}`,
    setup(b) {
      b.onResolve({ filter: new RegExp(`^${library.replace(/[/.]/g, '\\$&')}$`) }, (args) => {
        // The side bundle exports what its importer imports, nothing for anyone else.
        if (args.importer !== resolve(SIDE_LIBRARIES[library].importer)) return { errors: [{ text: `${library} is imported by ${args.importer}, not only by ${SIDE_LIBRARIES[library].importer}` }] };
        return { path: library, namespace: 'side-library' };
      });
      // Not `require`: the snapshot's own require only loads built-in modules.
      b.onLoad({ filter: /.*/, namespace: 'side-library' }, () => ({ loader: 'js', contents: `module.exports = require('node:module').createRequire(${JSON.stringify(at)})(${JSON.stringify(at)});` }));
    },
  };
}

/** The CLI as one CommonJS file (bundled together with the ESM build: same sources). */
function bundleForSnapshot(staging, name) {
  const { commands, sideLibraries } = SNAPSHOTS[name];
  return build({
    entryPoints: ['src/cli/snapshot.ts'],
    outfile: `${snapshotDir(staging)}/${name}.cjs`,
    ...nodeBundle,
    format: 'cjs',
    // One file with no chunks: where the ESM bundle's modules find their neighbours
    // (createRequire, the lookup worker) is the chunks directory of the final dist/.
    // import.meta.resolve only serves runs from TypeScript sources; it throws here.
    define: { ...define, 'import.meta.url': JSON.stringify(pathToFileURL(join(finalDist, 'chunks', 'snapshot.js')).href), 'import.meta.resolve': '__fluxTsNoImportMetaResolve' },
    banner: { js: "function __fluxTsNoImportMetaResolve(){throw new Error('import.meta.resolve is not available in the start-up snapshot')}" },
    plugins: [lazyBuiltins, bundledRequires, ...(commands ? [commandList(commands)] : []), ...sideLibraries.map(sideLibrary)],
  });
}

/** Bundles `file` wherever src/cli/commands.ts is imported. */
function commandList(file) {
  return {
    name: 'command-list',
    setup(b) {
      b.onResolve({ filter: /^\.\/commands\.js$/ }, (args) => (resolve(args.resolveDir) === resolve('src/cli') ? { path: resolve(file) } : undefined));
    },
  };
}

/**
 * Builds the blobs from those bundles, checks each against the ESM bundle, and stamps them.
 * `bundleProblems`: snapshot name → why its bundle failed (left out).
 */
function buildSnapshots(staging, bundleProblems) {
  const dir = snapshotDir(staging);
  // The same V8 flags as at run time (a blob only loads under the flags it was built with).
  const launcher = readFileSync(new URL('../bin/flux-ts', import.meta.url), 'utf8');
  const launcherFlags = (name) => {
    const found = new RegExp(`^${name}='([^']*)'$`, 'm').exec(launcher)?.[1]?.split(' ').filter(Boolean);
    if (!found) throw new Error(`bin/flux-ts: no ${name}='...' line (node flags the snapshot is built with)`);
    return found;
  };
  // The launcher's flags for every run, then those for runs from the snapshot alone.
  const flags = launcherFlags('flags');
  const blobFlags = [...flags, ...launcherFlags('snapshot_flags')];
  // Offline command lines whose code the snapshot holds ready: rendering charts that use many
  // of the engine's functions. (Not `build hr`: it loads node's HTTP internals, which call
  // Array methods the snapshot builder's context does not have yet.)
  const warmUp = ['examples/charts/grade-api', 'test/fixtures/render/charts/basic', 'test/fixtures/render/charts/features']
    .filter((c) => existsSync(c))
    .map((c) => ['template', resolve(c)]);
  // And the flags CI jobs pass (a name, -n, -f, --set...), so their parsing is compiled too.
  const grade = resolve('examples/charts/grade-api');
  if (existsSync(`${grade}/values.yaml`)) {
    warmUp.push(['template', 'rel', grade, '-n', 'team', '-f', `${grade}/values.yaml`, '--set', 'replicaCount=3,image.tag=v1', '--set-string', 'a.b[0]=x', '--show-only', 'templates/deployment.yaml']);
  }
  // What each blob must answer exactly as the ESM bundle does (the template blob only ever
  // runs `template ...`: its help and a usage error too, which print the command tree's words).
  const checks = {
    'flux-ts': [['--version'], ...warmUp],
    template: [...warmUp, ['template', '--help'], ['template'], ['template', '--no-such-flag']],
  };
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const node = (args) => spawnSync(process.execPath, args, { env, encoding: 'utf8', maxBuffer: 1 << 26 });
  // The ESM bundle's answers, once per command line (both blobs are checked on the warm-ups).
  const esmAnswers = new Map();
  const fromEsmBundle = (args) => {
    const key = JSON.stringify(args);
    if (!esmAnswers.has(key)) esmAnswers.set(key, node([...flags, `${staging}/cli.js`, ...args]));
    return esmAnswers.get(key);
  };
  const kept = [];
  for (const name of Object.keys(SNAPSHOTS)) {
    const entry = `${dir}/${name}.cjs`;
    const blob = `${dir}/${name}.blob`;
    let problem = bundleProblems[name];
    if (!problem) {
      const builtins = `${dir}/${name}.builtins.json`;
      const made = node([...blobFlags, '--snapshot-blob', blob, '--build-snapshot', entry, JSON.stringify(warmUp), builtins]);
      if (made.status !== 0) problem = `node --build-snapshot failed: ${made.stderr.trim().split('\n').slice(-3).join(' ')}`;
      else pruneBuiltinCodeCache(blob, builtins, SNAPSHOTS[name].builtinCodeCache);
    }
    for (const args of problem ? [] : checks[name]) {
      const fromBlob = node([...blobFlags, '--snapshot-blob', blob, '--', ...args]);
      const fromEsm = fromEsmBundle(args);
      if (fromBlob.status !== fromEsm.status || fromBlob.stdout !== fromEsm.stdout || fromBlob.stderr !== fromEsm.stderr) {
        problem = `\`flux-ts ${args.join(' ')}\` from the snapshot differs from the ESM bundle (exit ${fromBlob.status} vs ${fromEsm.status})${fromBlob.stderr ? `: ${fromBlob.stderr.trim()}` : ''}`;
        break;
      }
    }
    rmSync(entry, { force: true });
    if (problem) {
      rmSync(blob, { force: true });
      console.warn(`⚠ start-up snapshot ${name}.blob left out (flux-ts starts without it): ${problem}`);
    } else kept.push(name);
  }
  // Without the full snapshot, the template one alone is not used either (bin/flux-ts looks
  // for the full one first).
  if (!kept.includes('flux-ts')) {
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  // snapshot/node: the node binary that built (and alone can load) the blobs, and the flags
  // they were built with. bin/flux-ts checks with shell builtins that PATH finds this file,
  // unmodified since the stamp was written, and that its own flags are still these.
  writeFileSync(`${dir}/node`, `${process.execPath}\n${blobFlags.join(' ')}\n`);
  writeFileSync(`${dir}/stamp`, `${process.version} ${finalDist}\n`);
}

/**
 * Drops from `blob` node's code cache of its own modules, read and copied at every start
 * (scripts/snapshot-code-cache.mjs): all of it (`keep` 'none'), or that of the modules the
 * snapshot holds loaded (listed in `builtinsFile` by the snapshot's entry) and of node's
 * bootstrap, which never compile again. A blob whose code cache cannot be read is left as it is.
 */
function pruneBuiltinCodeCache(blob, builtinsFile, keep) {
  const loaded = new Set(JSON.parse(readFileSync(builtinsFile, 'utf8')));
  rmSync(builtinsFile);
  const bootstrap = /^internal\/(bootstrap|per_context|main)\//;
  const drop = keep === 'none' ? () => true : (id) => loaded.has(id) || bootstrap.test(id);
  const pruned = pruneCodeCache(readFileSync(blob), drop);
  if (pruned) writeFileSync(blob, pruned.blob);
  else console.warn(`⚠ ${basename(blob)}: no code cache found at its end; left as node wrote it`);
}

// Built-in modules the snapshot may not hold loaded: worker_threads (a process started from a
// snapshot whose builder had it loaded cannot start Workers: its cwd cache is not restored)
// and http/https (their parsers are native handles the snapshot cannot serialise; node 20's
// builder even fails to load them). In the snapshot bundle each is a stand-in whose exports
// load the real module on first use; the engine imports them at the top of modules that the
// warm-up renders initialise.
const LAZY_BUILTINS = ['worker_threads', 'http', 'https'];

const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    const filter = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`);
    b.onResolve({ filter }, (args) => (args.namespace === 'lazy-builtins' ? { path: `node:${args.path.replace(/^node:/, '')}`, external: true } : { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtins' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtins' }, (args) => {
      // The export names of this node's module (the snapshot only runs on the node that built it).
      const names = Object.keys(createRequire(import.meta.url)(`node:${args.path}`));
      return {
        resolveDir: process.cwd(),
        loader: 'js',
        contents: `let real;
const load = () => (real ??= require('node:${args.path}'));
for (const name of ${JSON.stringify(names)}) Object.defineProperty(module.exports, name, { enumerable: true, get: () => load()[name] });`,
      };
    });
  },
};

// What the engine require()s at run time through createRequire and the warm-up renders load:
// ajv for values.schema.json (src/helm/values/schema.ts). A snapshot cannot hold files loaded
// by node's require(), so in the snapshot bundle these are bundled modules, still initialised
// on first use; any other id goes to node's require(). The lazy side bundles (LAZY_LIBS) are
// not among them: no warm-up chart calls their functions (the warm-up would fail if one did),
// and their ~0.35 MB of source would be deserialised on every run; the snapshot loads them
// from dist/lazy/ as the ESM bundle does.
const BUNDLED_REQUIRES = {
  ajv: "require('ajv')",
  'ajv/dist/2019': "require('ajv/dist/2019')",
  'ajv/dist/2020': "require('ajv/dist/2020')",
  'ajv-formats': "require('ajv-formats')",
};

/** node:module with a createRequire that answers BUNDLED_REQUIRES from the bundle. */
const bundledRequires = {
  name: 'bundled-requires',
  setup(b) {
    b.onResolve({ filter: /^(node:)?module$/ }, (args) => (args.namespace === 'bundled-requires' ? { path: 'node:module', external: true } : { path: 'module', namespace: 'bundled-requires' }));
    b.onLoad({ filter: /.*/, namespace: 'bundled-requires' }, () => ({
      resolveDir: process.cwd(),
      loader: 'js',
      contents: `const real = require('node:module');
const bundled = { ${Object.entries(BUNDLED_REQUIRES).map(([id, expr]) => `${JSON.stringify(id)}: () => (${expr})`).join(', ')} };
module.exports = { ...real, createRequire(from) {
  const req = real.createRequire(from);
  return Object.assign((id) => (Object.hasOwn(bundled, id) ? bundled[id]() : req(id)), { resolve: req.resolve, cache: req.cache });
} };`,
    }));
  },
};

// Chunk names carry content hashes, so building over the old output would leave every stale
// chunk behind. Build into a fresh sibling directory and swap it in: the old tree never mixes
// with the new one, and the window without a dist/ is two renames long (tests of other
// processes may be running the CLI meanwhile).
const staging = `${outdir}.build-${process.pid}`;
rmSync(staging, { recursive: true, force: true });
try {
  const esm = build({
    // The lookup worker (a thread `lookup` blocks on) is an entry of its own, placed among the
    // chunks so lookup.ts finds it next to itself (`new URL('./lookup-worker.js', import.meta.url)`).
    entryPoints: { cli: 'src/cli/main.ts', 'chunks/lookup-worker': 'src/helm/funcs/helm/lookup-worker.ts' },
    outdir: staging,
    ...nodeBundle,
    splitting: true,
    format: 'esm',
    sourcemap: 'linked',
    chunkNames: 'chunks/[name]-[hash]',
    // Code splitting puts every module in dist/chunks/; the lazily required libraries live in
    // dist/lazy/ (see src/helm/funcs/sprig/extra/lazy-libs.ts).
    define,
    // commander and client-node's dependencies are CommonJS and call require().
    banner: { js: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);" },
  });
  // Both bundles at once, so they read the same sources (the tree may be edited meanwhile).
  // (A snapshot bundle that fails leaves the snapshot out, not the build.)
  const bundled = values['no-snapshot'] ? [] : Object.keys(SNAPSHOTS).map((name) => bundleForSnapshot(staging, name).then(() => [name, undefined], (err) => [name, `bundling failed: ${err.message}`]));
  const [, ...snapshotBundles] = await Promise.all([esm, ...bundled]);
  // The heavy libraries a few Sprig functions need, as CommonJS files that those functions
  // require() synchronously on first call (templates execute synchronously).
  // The libraries a snapshot leaves out, with just the names their importer uses.
  if (!values['no-snapshot']) {
    for (const library of new Set(Object.values(SNAPSHOTS).flatMap((s) => s.sideLibraries))) {
      await build({
        stdin: { contents: `export { ${importedNames(library).join(', ')} } from '${library}';`, resolveDir: process.cwd(), loader: 'js' },
        outfile: `${snapshotDir(staging)}/${SIDE_LIBRARIES[library].file}`,
        ...nodeBundle,
        format: 'cjs',
      });
    }
  }
  for (const [file, expr] of Object.entries(LAZY_LIBS)) {
    await build({
      stdin: { contents: `module.exports = ${expr};`, resolveDir: process.cwd(), loader: 'js' },
      outfile: `${staging}/lazy/${file}`,
      ...nodeBundle,
      format: 'cjs',
    });
  }
  if (snapshotBundles.length > 0) buildSnapshots(staging, Object.fromEntries(snapshotBundles.filter(([, problem]) => problem)));
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
