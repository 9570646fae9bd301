// The project's one test command (`npm test`): type-check, build, run the whole vitest
// suite, then print the plain `N passed, N failed` line that CI reads.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;
const npx = (bin) => `node_modules/.bin/${bin}`;

let failed = 0;
if (run(npx('tsc'), ['--noEmit', '-p', 'tsconfig.json']) !== 0) {
  console.error('✗ type-check failed');
  failed += 1;
}
if (run(process.execPath, ['scripts/build.mjs']) !== 0) {
  console.error('✗ build failed');
  failed += 1;
}
const report = 'test-results.json';
rmSync(report, { force: true });
const extra = process.argv.slice(2);
const status = run(npx('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra]);
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
