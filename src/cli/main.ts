// Entry point of the bundled CLI. Keep this module light: commands load their heavy
// dependencies lazily so that `flux-ts --version` costs little more than `node -e 0`.
import { VERSION_LINE } from './version.js';

const args = process.argv.slice(2);
if (args.length === 1 && args[0] === '--version') {
  // The most common probe answers before the command tree (and commander) is even loaded.
  process.stdout.write(`${VERSION_LINE}\n`);
} else {
  const { run } = await import('./run.js');
  process.exitCode = await run(args, {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    isTTY: process.stdout.isTTY === true,
  });
}
