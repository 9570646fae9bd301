// State that belongs to one process (clock anchors, the TZ read at start, files read from
// disk) must not outlive the process that computed it. The CLI starts from a V8 start-up
// snapshot (scripts/build.mjs) whose builder initialised every module and rendered a few
// charts: whatever a module cached then is in every later process, as of build time, unless
// it is dropped when the snapshot is deserialised. Modules register that reset here.
import type * as V8 from 'node:v8';
import { builtinModule } from './builtin-module.js';

/** node:v8's snapshot API, in the process that builds a snapshot (`node --build-snapshot`) only. */
function snapshotBuilder(): typeof V8.startupSnapshot | undefined {
  // Other processes never load node:v8 for this: it and its bindings cost ~0.4 ms of every
  // start from the ESM bundle (the snapshot builder has it loaded already).
  if (!process.execArgv.includes('--build-snapshot')) return undefined;
  const { startupSnapshot } = builtinModule<typeof V8>('node:v8');
  return startupSnapshot.isBuildingSnapshot() ? startupSnapshot : undefined;
}

/**
 * Runs `reset` in every process started from the snapshot being built, before any of its own
 * code. Outside a snapshot build (the ESM bundle, tests, TypeScript sources) it does nothing:
 * the module's state is then computed by the process that uses it.
 */
export function onSnapshotRestore(reset: () => void): void {
  snapshotBuilder()?.addDeserializeCallback(reset);
}
