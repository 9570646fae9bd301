#!/usr/bin/env node
// Expected readings of the manifest streams in cases.json, from the real kubectl (v1.35, whose
// `-f` reader is apimachinery's YAMLOrJSONDecoder, as in Helm's kube client and Flux's
// ssa.ReadObjects). `kubectl label --local -f FILE -o json` decodes every document without a
// cluster and prints each object back (with the label it adds, removed here); a stream it cannot
// read ends in "error: error parsing FILE: MESSAGE". For each case: { objects } or { error }.
// Usage: node test/helm/yaml/streams/gen.mjs   (needs `node scripts/tools.mjs` first)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const kubectl = join(here, '../../../../.cache/tools/kubectl/kubectl');
const LABEL = 'flux-ts.probe/read';

/** kubectl prints one indented JSON object after another; each ends with a "}" line. */
function objectsOf(stdout) {
  const out = [];
  let cur = [];
  for (const line of stdout.split('\n')) {
    if (line === '' && cur.length === 0) continue;
    cur.push(line);
    if (line === '}') {
      out.push(JSON.parse(cur.join('\n')));
      cur = [];
    }
  }
  for (const o of out) {
    delete o.metadata.labels[LABEL];
    if (Object.keys(o.metadata.labels).length === 0) delete o.metadata.labels;
  }
  return out;
}

const cases = JSON.parse(readFileSync(join(here, 'cases.json'), 'utf8'));
const tmp = mkdtempSync(join(tmpdir(), 'streams-'));
const expected = {};
try {
  for (const [name, text] of Object.entries(cases)) {
    const file = join(tmp, 'case.yaml');
    writeFileSync(file, text);
    let stdout;
    let stderr = '';
    try {
      stdout = execFileSync(kubectl, ['label', '--local', '-f', file, `${LABEL}=x`, '-o', 'json'], {
        encoding: 'utf8',
        env: { ...process.env, KUBECONFIG: '/dev/null' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (e) {
      stdout = e.stdout;
      stderr = e.stderr;
    }
    const prefix = `error: error parsing ${file}: `;
    const errLine = stderr.split('\n').find((l) => l.startsWith('error: '));
    if (errLine !== undefined && !errLine.startsWith(prefix)) throw new Error(`${name}: unexpected kubectl error: ${errLine}`);
    if (errLine === undefined && /no objects passed/.test(stderr)) expected[name] = { objects: [] };
    else if (errLine !== undefined) expected[name] = { error: errLine.slice(prefix.length) };
    else expected[name] = { objects: objectsOf(stdout) };
    if (stderr !== '' && errLine === undefined && !/no objects passed/.test(stderr)) throw new Error(`${name}: unexpected kubectl stderr: ${stderr}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
writeFileSync(join(here, 'expected.json'), `${JSON.stringify(expected, null, 2)}\n`);
