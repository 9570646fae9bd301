// Sparkplug, V8's baseline compiler, compiles a function to machine code once it has run a
// little. A long render earns that back; a small chart's `flux-ts template` does not: it spends
// ~3 ms of its ~46 ms of CPU compiling code that then runs a few more times (bench/render).
// The template start-up snapshot pauses it for small charts and the renderer resumes it for
// large ones. (V8 reads the flag each time it considers a function, so it can change mid-run.)
import type * as V8 from 'node:v8';
import { builtinModule } from './builtin-module.js';

let paused = false;

function setFlag(flag: string): void {
  builtinModule<typeof V8>('node:v8').setFlagsFromString(flag);
}

/** Until resumeBaselineCompiler: functions stay in V8's interpreter, then go to its optimising compiler. */
export function pauseBaselineCompiler(): void {
  if (paused) return;
  setFlag('--no-sparkplug');
  paused = true;
}

/** Undoes pauseBaselineCompiler (nothing if it was not paused). */
export function resumeBaselineCompiler(): void {
  if (!paused) return;
  setFlag('--sparkplug');
  paused = false;
}
