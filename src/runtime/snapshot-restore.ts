// State that belongs to one process (clock anchors, the TZ read at start, files read from
// disk) must not outlive the process that computed it. The CLI starts from a V8 start-up
// snapshot (scripts/build.mjs) whose builder initialised every module and rendered a few
// charts: whatever a module cached then is in every later process, as of build time, unless
// it is dropped when the snapshot is deserialised. Modules register that reset here.
import { startupSnapshot } from 'node:v8';

/**
 * Runs `reset` in every process started from the snapshot being built, before any of its own
 * code. Outside a snapshot build (the ESM bundle, tests, TypeScript sources) it does nothing:
 * the module's state is then computed by the process that uses it.
 */
export function onSnapshotRestore(reset: () => void): void {
  if (startupSnapshot.isBuildingSnapshot()) startupSnapshot.addDeserializeCallback(reset);
}
