// Entry point of the bundled CLI. Keep this module light: commands load their heavy
// dependencies lazily so that `flux-ts --version` costs little more than `node -e 0`.
declare const __FLUX_TS_VERSION__: string;
const VERSION = typeof __FLUX_TS_VERSION__ === 'string' ? __FLUX_TS_VERSION__ : '0.0.0-dev.0';

const { Command } = await import('commander');
const program = new Command('flux-ts');
program.version(`flux-ts version ${VERSION}`, '--version', 'version for flux-ts');
await program.parseAsync(process.argv);
