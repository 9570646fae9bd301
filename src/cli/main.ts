// Entry point of the bundled CLI. Keep this module light: commands load their heavy
// dependencies lazily so that `flux-ts --version` costs little more than `node -e 0`.
// Deliberately not imported from version.ts: a shared module would become a chunk of its own
// and cost one more file load on this path.
declare const __FLUX_TS_VERSION__: string;

const args = process.argv.slice(2);
if (args.length === 1 && args[0] === '--version' && !process.env.FLUX_SYSTEM_NAMESPACE) {
  // The most common probe answers before the command tree (and commander) is even loaded.
  // (With FLUX_SYSTEM_NAMESPACE set, the full path runs so an invalid value is warned about.)
  process.stdout.write(`flux-ts version ${typeof __FLUX_TS_VERSION__ === 'string' ? __FLUX_TS_VERSION__ : '0.0.0-dev.0'}\n`);
} else {
  const { runProcess } = await import('./run.js');
  process.exitCode = await runProcess(args);
}
