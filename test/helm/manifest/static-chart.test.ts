// A chart whose templates contain no actions renders to itself, so Helm's ordering, hook
// separation and printing can be checked against real `helm template` output without the
// template engine. Expected outputs: test/fixtures/render/expected (generate.mjs).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INSTALL_ORDER, sortManifests } from '../../../src/helm/manifest/index.js';
import { templateStdout, type CrdFile } from '../../../src/helm/template/output.js';

const fixtures = join(import.meta.dirname, '../../fixtures/render');

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)).map((p) => `${n}/${p}`) : [n]));
}

/** Template files and CRDs of a static chart and its subcharts, keyed as Helm names them. */
function staticChart(dir: string, fullPath: string, files: Map<string, string>, crds: CrdFile[]): void {
  const all = walk(dir);
  for (const f of all) {
    if (f.startsWith('crds/') && /\.(ya?ml|json)$/.test(f)) crds.push({ filename: `${fullPath}/${f}`, data: readFileSync(join(dir, f), 'utf8') });
  }
  for (const f of all) {
    if (f.startsWith('templates/') && !f.endsWith('NOTES.txt')) files.set(`${fullPath}/${f}`, readFileSync(join(dir, f), 'utf8'));
  }
  const charts = join(dir, 'charts');
  for (const sub of readdirSync(dir).includes('charts') ? readdirSync(charts).sort() : []) {
    staticChart(join(charts, sub), `${fullPath}/charts/${sub}`, files, crds);
  }
}

function render(opts: { includeCrds?: boolean; skipTests?: boolean; disableHooks?: boolean; showOnly?: string[] }): string {
  const files = new Map<string, string>();
  const crds: CrdFile[] = [];
  staticChart(join(fixtures, 'charts/static-hooks'), 'h1', files, crds);
  const { hooks, manifests } = sortManifests(files, INSTALL_ORDER);
  return templateStdout({
    crds,
    hooks,
    manifests,
    includeCrds: opts.includeCrds ?? false,
    skipTests: opts.skipTests ?? false,
    disableHooks: opts.disableHooks ?? false,
    showOnly: opts.showOnly ?? [],
  });
}

const expected = (name: string): string => readFileSync(join(fixtures, 'expected', `${name}.out`), 'utf8');

describe('helm template output of a static chart', () => {
  it('orders resources by install kind order, unknown kinds last and alphabetically, then hooks', () => {
    expect(render({})).toBe(expected('static-hooks'));
  });

  it('prints CRDs of the chart and its subcharts first with --include-crds and drops test hooks with --skip-tests', () => {
    expect(render({ includeCrds: true, skipTests: true })).toBe(expected('static-hooks-crds-skip-tests'));
  });

  it('leaves hooks out with --no-hooks', () => {
    expect(render({ disableHooks: true })).toBe(expected('static-hooks-no-hooks'));
  });

  it('keeps the documents of the templates named by --show-only, globs included, in pattern order', () => {
    expect(render({ showOnly: ['templates/a-secret.yaml', 'charts/dep/templates/*'] })).toBe(expected('static-hooks-show-only'));
    expect(render({ showOnly: ['templates/all.yaml'] })).toBe(expected('static-hooks-show-only-all'));
  });

  it('fails with Helm\'s message when --show-only names no rendered template', () => {
    expect(() => render({ showOnly: ['templates/nope.yaml'] })).toThrow('could not find template templates/nope.yaml in chart');
    expect(() => render({ showOnly: ['templates/NOTES.txt'] })).toThrow('could not find template templates/NOTES.txt in chart');
  });
});
