// The command list of the template-only start-up snapshot: scripts/build.mjs bundles it in
// place of commands.ts for dist/snapshot/template.blob, which bin/flux-ts starts when the first
// argument is `template`. One command instead of every one: a smaller heap to deserialise and
// less to set up per run. `template`'s help, usage and errors never name its siblings, so they
// are the same as from the full command tree (scripts/build.mjs checks them before keeping it).
import type { RegisterCommand } from './context.js';
import { registerTemplate } from '../commands/template.js';

export const COMMANDS: readonly RegisterCommand[] = [registerTemplate];
