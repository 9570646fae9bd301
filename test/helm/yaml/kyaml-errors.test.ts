// Rendered templates as Helm 4 reads them for a post-renderer (kyaml's ByteReader: pieces split
// on "---" lines, one yaml.v3 document each): which documents come out, and syntax errors in
// libyaml's words with yaml.v3's line rule (the context's line first). Expected results come
// from the real helm through the `cat` plugin, and for what a post-renderer prints back through
// kyaml-errors/plugins/emit (kyaml-errors/gen.mjs).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fluxCommand, helmEnv } from '../template/helm-live.js';

const dir = 'test/helm/yaml/kyaml-errors';
const cases = JSON.parse(readFileSync(`${dir}/cases.json`, 'utf8')) as Record<string, string>;
const expected = JSON.parse(readFileSync(`${dir}/expected.json`, 'utf8')) as Record<string, { error?: string; output?: string }>;
const env = helmEnv({ HELM_PLUGINS: join(import.meta.dirname, '../../fixtures/template-postrender/plugins') });

describe('templates read for a post-renderer, as helm reads them', () => {
  it.each(Object.keys(cases))('%s', async (name) => {
    const chart = join(mkdtempSync(join(tmpdir(), 'kyaml-case-')), 'c');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
    writeFileSync(join(chart, 'templates', 'cm.yaml'), cases[name]!);
    const out = await fluxCommand(['r', chart, '--post-renderer', 'cat'], env);
    const want = expected[name]!;
    if (want.error !== undefined) {
      expect(out.stderr).toContain(`parsing c/templates/cm.yaml: ${want.error}\n`);
    } else {
      expect(out.stderr).toBe('');
      expect(out.stdout.replace(/^# Source: .*\n/gm, '')).toBe(want.output);
    }
  });
});

describe('post-renderer output, as helm reads it back', () => {
  const outputs = JSON.parse(readFileSync(`${dir}/outputs.json`, 'utf8')) as Record<string, string>;
  const expectedOutputs = JSON.parse(readFileSync(`${dir}/expected-outputs.json`, 'utf8')) as Record<string, { error?: string; output?: string }>;

  it.each(Object.keys(outputs))('%s', async (name) => {
    const tmp = mkdtempSync(join(tmpdir(), 'kyaml-output-'));
    const chart = join(tmp, 'c');
    mkdirSync(join(chart, 'templates'), { recursive: true });
    writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
    writeFileSync(join(chart, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
    writeFileSync(join(tmp, 'output.yaml'), outputs[name]!);
    const out = await fluxCommand(['r', chart, '--post-renderer', 'emit'], helmEnv({ HELM_PLUGINS: join(import.meta.dirname, 'kyaml-errors/plugins'), KYAML_OUTPUT_FILE: join(tmp, 'output.yaml') }));
    const want = expectedOutputs[name]!;
    if (want.error !== undefined) {
      expect(out.stderr).toContain(`error while parsing post rendered output: ${want.error}\n`);
    } else {
      expect(out.stderr).toBe('');
      expect(out.stdout.replace(/^# Source: .*\n/gm, '')).toBe(want.output);
    }
  });
});
