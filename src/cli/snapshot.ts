// Entry of the start-up snapshots. scripts/build.mjs bundles it into one CommonJS file per
// snapshot (every command; `template` alone, with commands-template.ts for commands.ts) and runs
// `node --build-snapshot` on each; bin/flux-ts starts node from a blob when it fits the node
// it finds. While the snapshot is built, this runs the warm-up command lines it is given
// (offline `template CHART` renders), so the modules they use are initialised and their
// functions compiled when a command starts; the deserialised main function then runs the CLI
// on the real arguments.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startupSnapshot } from 'node:v8';
import { run, runProcess } from './run.js';
import { pauseBaselineCompiler } from '../runtime/baseline-compiler.js';

async function warmUp(commands: readonly (readonly string[])[]): Promise<void> {
  for (const args of commands) {
    let errors = '';
    const io = { stdout: { write: () => true }, stderr: { write: (s: string) => (errors += s) }, env: {}, isTTY: false };
    const code = await run(args, io);
    const what = `warm-up \`flux-ts ${args.join(' ')}\``;
    if (code !== 0) throw new Error(`${what} failed: ${errors.trim()}`);
    // A snapshot may not hold files loaded through require() (node refuses to start from it).
    const required = Object.keys(createRequire(import.meta.url).cache);
    if (required.length > 0) throw new Error(`${what} loaded ${required.join(', ')} through require()`);
  }
}

/**
 * Ends the process once `template` is done. Letting node wind down by itself frees the whole
 * heap page by page (~2 ms of a small chart's ~50). Only when nothing is left to write: stdout
 * and stderr are synchronous for files, pipes and terminals on Linux, not for every pipe
 * elsewhere. `template` leaves no other work behind; other commands (events still being sent,
 * say) end the ordinary way.
 */
function finish(args: readonly string[], code: number): void {
  process.exitCode = code;
  if (args[0] === 'template' && process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
}

/** The node built-in modules loaded so far (their code cache in the blob is never read again). */
function loadedBuiltins(): string[] {
  const list = (process as unknown as { moduleLoadList?: string[] }).moduleLoadList ?? [];
  return list.filter((entry) => entry.startsWith('NativeModule ')).map((entry) => entry.slice('NativeModule '.length));
}

if (!startupSnapshot.isBuildingSnapshot()) throw new Error('snapshot.ts is the entry of `node --build-snapshot` (scripts/build.mjs)');
startupSnapshot.setDeserializeMainFunction(() => {
  // bin/flux-ts runs `node ... --snapshot-blob BLOB -- ARGS`: argv is [node, ...ARGS].
  const args = process.argv.slice(1);
  // Most `template` runs are small charts: src/runtime/baseline-compiler.ts.
  if (args[0] === 'template') pauseBaselineCompiler();
  void runProcess(args).then((code) => finish(args, code));
});
// argv at build time: [node, entry, JSON list of command lines, file for the loaded built-ins].
const [warmUps = '[]', builtinsFile] = process.argv.slice(2);
warmUp(JSON.parse(warmUps) as string[][]).then(
  () => {
    if (builtinsFile) writeFileSync(builtinsFile, `${JSON.stringify(loadedBuiltins())}\n`);
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
