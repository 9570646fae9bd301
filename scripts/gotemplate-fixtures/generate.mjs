// Regenerates test/fixtures/gotemplate/expected/*.json from test/fixtures/gotemplate/cases/*.yaml
// by running each case through Go's own fmt and text/template (main.go). Needs Go (1.19 here):
//   node scripts/gotemplate-fixtures/generate.mjs [/path/to/go]
// CI has no Go: the outputs are committed. helm.yaml is checked with helm instead (helm-check.mjs).
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const casesDir = join(root, 'test/fixtures/gotemplate/cases');
const outDir = join(root, 'test/fixtures/gotemplate/expected');
const go = process.argv[2] ?? process.env.GO ?? '/usr/lib/go-1.19/bin/go';

mkdirSync(outDir, { recursive: true });
for (const file of readdirSync(casesDir).filter((f) => f.endsWith('.yaml') && f !== 'helm.yaml').sort()) {
  const doc = parse(readFileSync(join(casesDir, file), 'utf8'));
  const names = new Set();
  for (const c of doc.cases) {
    if (names.has(c.name)) throw new Error(`${file}: duplicate case name ${c.name}`);
    names.add(c.name);
  }
  // `defaults` (optional) holds fields shared by every case of the file, such as `data`.
  const runnable = doc.cases.map((c) => ({ ...(doc.defaults ?? {}), ...c }));
  const out = execFileSync(go, ['run', join(here, 'main.go')], {
    input: JSON.stringify({ kind: doc.kind, cases: runnable }),
    cwd: here,
    maxBuffer: 64 << 20,
  });
  const results = JSON.parse(out.toString('utf8'));
  const ordered = {};
  for (const c of runnable) ordered[c.name] = results[c.name];
  writeFileSync(join(outDir, basename(file, '.yaml') + '.json'), JSON.stringify(ordered, null, 2) + '\n');
  console.log(`${file}: ${runnable.length} cases`);
}
