// The project's one test command (`npm test`): type-check, build, run the whole vitest
// suite, then print the plain `N passed, N failed` line that CI reads.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const run = (cmd, args, env = process.env) => spawnSync(cmd, args, { stdio: 'inherit', env }).status ?? 1;
const npx = (bin) => `node_modules/.bin/${bin}`;

let failed = 0;
if (run(npx('tsc'), ['--noEmit', '-p', 'tsconfig.json']) !== 0) {
  console.error('✗ type-check failed');
  failed += 1;
}
const built = run(process.execPath, ['scripts/build.mjs']) === 0;
if (!built) {
  console.error('✗ build failed');
  failed += 1;
}
const report = 'test-results.json';
rmSync(report, { force: true });
const extra = process.argv.slice(2);
// The suite's global setup builds dist/ unless told it is fresh (the build, with its start-up
// snapshot, takes a few seconds).
const status = run(npx('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra], built ? { ...process.env, FLUX_TS_REBUILD: '0' } : process.env);
let passed = 0;
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests;
  failed += r.numFailedTests + (r.numFailedTestSuites ?? 0);
} catch {
  failed += 1;
}
if (status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
