#!/usr/bin/env node
// Expected outputs of the HelmRelease post-renderer chain, from the real tools: helm v4.1.4
// `template` (its post-renderer runs on hooks and resources together, as helm-controller's default
// `combined` strategy does) with plugins/fluxchain, which runs helm-controller's chain with the
// kustomize built into kubectl. For each cases/<name>/hr.yaml: expected.yaml.
// Also the grade-api example's `build hr` golden (../local/build-fixtures/grade-api.golden).
// Usage: node test/reconcile/postrender-fixtures/gen.mjs   (needs `node scripts/tools.mjs` first)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../../..');
const helm = join(root, '.cache/tools/helm/helm');
const kubectl = join(root, '.cache/tools/kubectl/kubectl');

function template(hr, chart, valuesFile) {
  const tmp = mkdtempSync(join(tmpdir(), 'prfix-'));
  try {
    const spec = join(tmp, 'hr.json');
    writeFileSync(spec, JSON.stringify({ name: hr.metadata.name, namespace: hr.metadata.namespace, spec: hr.spec }));
    const target = hr.spec.targetNamespace;
    const release = hr.spec.releaseName ?? (target ? `${target}-${hr.metadata.name}` : hr.metadata.name);
    const args = ['template', release, chart, '--namespace', target ?? hr.metadata.namespace, '--post-renderer', 'fluxchain', '--include-crds'];
    if (valuesFile) args.push('-f', valuesFile);
    return execFileSync(helm, args, {
      encoding: 'utf8',
      env: { ...process.env, HELM_PLUGINS: join(here, 'plugins'), FLUXCHAIN_SPEC: spec, FLUXCHAIN_KUBECTL: kubectl, HELM_CONFIG_HOME: tmp, HELM_CACHE_HOME: tmp, HELM_DATA_HOME: tmp },
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

for (const name of readdirSync(join(here, 'cases')).sort()) {
  const dir = join(here, 'cases', name);
  const hr = YAML.parse(readFileSync(join(dir, 'hr.yaml'), 'utf8'));
  writeFileSync(join(dir, 'expected.yaml'), template(hr, join(here, 'chart/demo')));
  console.log(`${name}: ok`);
}

const example = YAML.parseAllDocuments(readFileSync(join(root, 'examples/clusters/my-cluster/apps/grade-api/helmrelease.yaml'), 'utf8'))[0].toJS();
writeFileSync(
  join(here, '../local/build-fixtures/grade-api.golden'),
  template(example, join(root, 'examples/charts/grade-api'), join(root, 'test/commands/build/fixtures/grade-api-values.yaml')),
);
console.log('grade-api golden: ok');
