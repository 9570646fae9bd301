// Every command of flux-ts, one line each. A command lives in src/commands/<verb>.ts and
// exports a RegisterCommand; keep imports here light (commands load heavy modules in actions).
import type { RegisterCommand } from './context.js';
import { registerGet } from '../commands/get.js';

export const COMMANDS: readonly RegisterCommand[] = [registerGet];
