// Renders the cases of test/fixtures/gotemplate/cases/helm.yaml with the official helm binary
// and writes what it printed to test/fixtures/gotemplate/expected/helm.json. Each case is a
// one-template chart: templates/t.yaml holds "# " + the case's template, values.yaml its values.
// Helm 4 reformats some Go errors; they are turned back into Go's one-line form here, so the
// expectation is the message of Go 1.25's text/template.
//   node scripts/gotemplate-fixtures/helm-check.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { ensureTools } from '../tools.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const { helm } = ensureTools();
const doc = parse(readFileSync(join(root, 'test/fixtures/gotemplate/cases/helm.yaml'), 'utf8'));

/** Helm 4's error texts back to Go's "template: ..." message. */
function goMessage(stderr) {
  const text = stderr.replace(/\n+Use --debug flag to render out invalid YAML\n*$/, '').replace(/^Error: /, '');
  let m = /^parse error at \((.*):(\d+)\): ([\s\S]*)$/.exec(text);
  if (m) return `template: ${m[1]}:${m[2]}: ${m[3]}`;
  m = /^(.*:\d+:\d+)\n {2}executing "(.*)" at <([\s\S]*)>:\n {4}([\s\S]*)$/.exec(text);
  if (m) return `template: ${m[1]}: executing "${m[2]}" at <${m[3]}>: ${m[4]}`;
  return text.trimEnd();
}

const results = {};
for (const c of doc.cases) {
  const dir = mkdtempSync(join(tmpdir(), 'gotemplate-helm-'));
  try {
    mkdirSync(join(dir, 'c', 'templates'), { recursive: true });
    writeFileSync(join(dir, 'c', 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
    writeFileSync(join(dir, 'c', 'values.yaml'), c.values ? stringify(c.values) : '{}\n');
    writeFileSync(join(dir, 'c', 'templates', 't.yaml'), '# ' + c.template + '\n');
    try {
      const out = execFileSync(helm, ['template', join(dir, 'c')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
      const prefix = '---\n# Source: c/templates/t.yaml\n# ';
      if (!out.startsWith(prefix)) throw new Error(`${c.name}: unexpected helm output ${JSON.stringify(out)}`);
      results[c.name] = { output: out.slice(prefix.length).replace(/\n$/, '') };
    } catch (e) {
      if (!e.stderr) throw e;
      results[c.name] = { error: goMessage(e.stderr.toString()) };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
writeFileSync(join(root, 'test/fixtures/gotemplate/expected/helm.json'), JSON.stringify(results, null, 2) + '\n');
console.log(`helm.yaml: ${doc.cases.length} cases`);
