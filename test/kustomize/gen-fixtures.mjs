#!/usr/bin/env node
// Regenerates the expected outputs of test/kustomize/fixtures/* with the real kustomize built
// into kubectl (`kubectl kustomize`), as helm-controller runs it: the case's resources.yaml as the
// only resource, its input.yaml's `patches` and `images`, no reordering (sortOptions fifo).
// Writes expected.yaml, or expected-error.txt when kustomize fails.
// Usage: node test/kustomize/gen-fixtures.mjs   (needs `node scripts/tools.mjs` first)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const kubectl = join(here, '../../.cache/tools/kubectl/kubectl');
const root = join(here, 'fixtures');

for (const name of readdirSync(root).sort()) {
  const dir = join(root, name);
  const input = YAML.parse(readFileSync(join(dir, 'input.yaml'), 'utf8')) ?? {};
  const tmp = mkdtempSync(join(tmpdir(), 'kfix-'));
  try {
    copyFileSync(join(dir, 'resources.yaml'), join(tmp, 'resources.yaml'));
    const k = { resources: ['resources.yaml'], sortOptions: { order: 'fifo' } };
    if (input.patches) k.patches = input.patches;
    if (input.images) k.images = input.images;
    writeFileSync(join(tmp, 'kustomization.yaml'), JSON.stringify(k));
    for (const f of ['expected.yaml', 'expected-error.txt']) if (existsSync(join(dir, f))) rmSync(join(dir, f));
    try {
      const out = execFileSync(kubectl, ['kustomize', tmp], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      writeFileSync(join(dir, 'expected.yaml'), out);
      console.log(`${name}: ok`);
    } catch (e) {
      writeFileSync(join(dir, 'expected-error.txt'), String(e.stderr).replaceAll(tmp, '<dir>'));
      console.log(`${name}: error`);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
