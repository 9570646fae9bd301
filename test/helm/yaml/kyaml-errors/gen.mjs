#!/usr/bin/env node
// Expected readings of template files as Helm 4 hands them to a post-renderer: each rendered file
// is read by kyaml's ByteReader (kio.ParseAll: split into pieces, one yaml.v3 document each).
// From the real helm (v4.1.4): `helm template` of a one-template chart whose template is the
// case text, through the `cat` postrenderer/v1 plugin (test/fixtures/template-postrender). For
// each case in cases.json: { error } with what follows "parsing <file>: ", or { output } with the
// documents helm printed (without its "# Source" lines). outputs.json: texts a post-renderer
// (plugins/emit) prints back for a one-ConfigMap chart; expected-outputs.json: { error } with
// what follows "error while parsing post rendered output: ", or { output }.
// Usage: node test/helm/yaml/kyaml-errors/gen.mjs   (needs `node scripts/tools.mjs` first)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../../..');
const helm = join(root, '.cache/tools/helm/helm');
const cases = JSON.parse(readFileSync(join(here, 'cases.json'), 'utf8'));
const tmp = mkdtempSync(join(tmpdir(), 'kyaml-'));
const expected = {};
try {
  const chart = join(tmp, 'c');
  mkdirSync(join(chart, 'templates'), { recursive: true });
  writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
  for (const [name, text] of Object.entries(cases)) {
    writeFileSync(join(chart, 'templates', 'cm.yaml'), text);
    const r = spawnSync(helm, ['template', 'r', chart, '--post-renderer', 'cat'], {
      encoding: 'utf8',
      env: { ...process.env, HELM_PLUGINS: join(root, 'test/fixtures/template-postrender/plugins'), HELM_CONFIG_HOME: tmp, HELM_CACHE_HOME: tmp, HELM_DATA_HOME: tmp },
    });
    const m = /parsing c\/templates\/cm\.yaml: (.*)/.exec(r.stderr);
    if (m) expected[name] = { error: m[1] };
    else if (r.status === 0) expected[name] = { output: r.stdout.replace(/^# Source: .*\n/gm, '') };
    else throw new Error(`${name}: unexpected helm failure: ${r.stderr}`);
  }
  const outputs = JSON.parse(readFileSync(join(here, 'outputs.json'), 'utf8'));
  const expectedOutputs = {};
  writeFileSync(join(chart, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
  for (const [name, text] of Object.entries(outputs)) {
    const file = join(tmp, 'output.yaml');
    writeFileSync(file, text);
    const r = spawnSync(helm, ['template', 'r', chart, '--post-renderer', 'emit'], {
      encoding: 'utf8',
      env: { ...process.env, KYAML_OUTPUT_FILE: file, HELM_PLUGINS: join(here, 'plugins'), HELM_CONFIG_HOME: tmp, HELM_CACHE_HOME: tmp, HELM_DATA_HOME: tmp },
    });
    const m = /error while parsing post rendered output: (.*)/.exec(r.stderr);
    if (m) expectedOutputs[name] = { error: m[1] };
    else if (r.status === 0) expectedOutputs[name] = { output: r.stdout.replace(/^# Source: .*\n/gm, '') };
    else throw new Error(`${name}: unexpected helm failure: ${r.stderr}`);
  }
  writeFileSync(join(here, 'expected-outputs.json'), `${JSON.stringify(expectedOutputs, null, 2)}\n`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
writeFileSync(join(here, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
