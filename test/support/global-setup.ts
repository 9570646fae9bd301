// Runs once before the suite: the CLI tests execute the real bundle, and the reference
// tools (helm, kubectl) come out of their npm package.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export default function setup(): void {
  if (!existsSync('dist/cli.js') || process.env.FLUX_TS_REBUILD !== '0') {
    execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  }
  execFileSync(process.execPath, ['scripts/tools.mjs'], { stdio: 'ignore' });
}
