// Entry of the start-up snapshot. scripts/build.mjs bundles it into one CommonJS file and runs
// `node --build-snapshot` on it; bin/flux-ts starts node from that blob when it fits the node
// it finds. While the snapshot is built, this renders the warm-up charts named on the command
// line, so the CLI's modules are already initialised and their functions compiled when a
// command starts; the deserialised main function then runs the CLI on the real arguments.
import { createRequire } from 'node:module';
import { startupSnapshot } from 'node:v8';
import { run, runProcess } from './run.js';

async function warmUp(charts: readonly string[]): Promise<void> {
  for (const chart of charts) {
    let errors = '';
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => (errors += s) }, env: {}, isTTY: false };
    const code = await run(['template', chart], io);
    if (code !== 0) throw new Error(`warm-up render of ${chart} failed: ${errors.trim()}`);
    // A snapshot may not hold files loaded through require() (node refuses to start from it):
    // the libraries loaded that way (dist/lazy/, ajv) stay out of the warm-up.
    const required = Object.keys(createRequire(import.meta.url).cache);
    if (required.length > 0) throw new Error(`warm-up render of ${chart} required ${required.join(', ')}: choose a warm-up chart that does not`);
  }
}

if (!startupSnapshot.isBuildingSnapshot()) throw new Error('snapshot.ts is the entry of `node --build-snapshot` (scripts/build.mjs)');
startupSnapshot.setDeserializeMainFunction(() => {
  // bin/flux-ts runs `node ... --snapshot-blob BLOB -- ARGS`: argv is [node, ...ARGS].
  void runProcess(process.argv.slice(1)).then((code) => {
    process.exitCode = code;
  });
});
// argv at build time: [node, entry, ...warm-up charts].
warmUp(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
