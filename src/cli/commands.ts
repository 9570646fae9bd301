// Every command of flux-ts, one line each. A command lives in src/commands/<verb>.ts and
// exports a RegisterCommand; keep imports here light (commands load heavy modules in actions).
import type { RegisterCommand } from './context.js';
import { registerCompletion } from '../commands/completion.js';
import { registerCheck } from '../commands/check.js';
import { registerController } from '../commands/controller.js';
import { registerDebug } from '../commands/debug.js';
import { registerDescribe } from '../commands/describe.js';
import { registerGet } from '../commands/get.js';
import { registerInstall } from '../commands/install.js';
import { registerPull } from '../commands/pull.js';
import { registerPush } from '../commands/push.js';
import { registerReconcile } from '../commands/reconcile.js';
import { registerResume } from '../commands/resume.js';
import { registerStats } from '../commands/stats.js';
import { registerSuspend } from '../commands/suspend.js';
import { registerTemplate } from '../commands/template.js';
import { registerTrace } from '../commands/trace.js';
import { registerUninstall } from '../commands/uninstall.js';
import { registerBuild } from '../commands/build.js';
import { registerDiff } from '../commands/diff.js';
import { registerEvents } from '../commands/events.js';
import { registerExport } from '../commands/export.js';
import { registerVersion } from '../commands/version.js';

export const COMMANDS: readonly RegisterCommand[] = [registerGet, registerTemplate, registerPull, registerPush, registerReconcile, registerSuspend, registerResume, registerDescribe, registerDebug, registerEvents, registerStats, registerExport, registerCompletion, registerBuild, registerInstall, registerDiff, registerController, registerUninstall, registerCheck, registerTrace, registerVersion];
