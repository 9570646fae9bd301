// Entry point of the bundled CLI. Keep this module light: commands load their heavy
// dependencies lazily so that `flux-ts --version` costs little more than `node -e 0`.
import { run } from './run.js';

process.exitCode = await run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  isTTY: process.stdout.isTTY === true,
});
