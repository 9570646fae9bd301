// `--post-renderer NAME`: Helm 4 runs a postrenderer/v1 plugin over every rendered document
// (hooks included), each annotated with its file name, and re-reads the answer as kustomize's
// kyaml re-emits YAML. Compared with the real helm using the same plugin directory (HELM_PLUGINS).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparable, fluxCommand, helmEnv, helmTemplate, type Printed } from './helm-live.js';

const fixtures = join(import.meta.dirname, '../../fixtures/template-postrender');
const renderCharts = join(import.meta.dirname, '../../fixtures/render/charts');
const env = helmEnv({ HELM_PLUGINS: join(fixtures, 'plugins') });

async function same(args: string[]): Promise<Printed> {
  const helm = await helmTemplate(args, fixtures, env);
  const ours = await fluxCommand(args, env);
  expect(comparable(ours)).toEqual(comparable(helm));
  return helm;
}

describe('post-renderer plugins', () => {
  it('re-emits documents as kyaml does: styles, comments, flow collections, anchors kept', async () => {
    const out = await same(['rel', join(fixtures, 'charts/styles'), '--post-renderer', 'cat']);
    expect(out.stdout).toContain('flowseq: [1, 2, 3]');
  });

  it('passes the plugin\'s own arguments, then --post-renderer-args, with ${HELM_PLUGIN_DIR} expanded', async () => {
    const out = await same(['rel', join(renderCharts, 'basic'), '--post-renderer', 'args', '--post-renderer-args', 'one', '--post-renderer-args', 'two words']);
    expect(out.stdout).toContain('post-rendered-by: "args one two words"');
  });

  it('files documents that lost their annotation under generated-by-postrender-<n>.yaml', () => same(['rel', join(renderCharts, 'basic'), '--post-renderer', 'rename']));

  it('runs the plugin in the process environment, without helm\'s settings as HELM_* variables', async () => {
    const out = await same(['rel', join(renderCharts, 'basic'), '--post-renderer', 'env', '--debug', '--qps', '3', '--repository-config', '/x.yaml']);
    expect(out.stdout).toContain('HELM_PLUGIN_NAME');
    expect(out.stdout).not.toContain('HELM_QPS');
    // --debug logs the command as exec.Cmd prints it: the path found in $PATH, then the arguments.
    await same(['rel', join(renderCharts, 'basic'), '--post-renderer', 'cat', '--debug']);
    await same(['rel', join(renderCharts, 'basic'), '--post-renderer', 'args', '--post-renderer-args', 'two words', '--debug']);
  });

  it('reports a plugin that fails, prints nothing, or does not exist', async () => {
    await same(['rel', join(renderCharts, 'basic'), '--post-renderer', 'fail']);
    await same(['rel', join(renderCharts, 'basic'), '--post-renderer', 'empty']);
    await same(['rel', join(renderCharts, 'basic'), '--post-renderer', 'nope']);
    await same(['rel', join(renderCharts, 'basic'), '--post-renderer', './plugins/cat/plugin.yaml']);
  });

  it('refuses plugin runtimes other than subprocess with a clear error', async () => {
    const ours = await fluxCommand(['rel', join(renderCharts, 'basic'), '--post-renderer', 'wasm'], { ...env, HELM_PLUGINS: join(fixtures, 'plugins-wasm') });
    expect(ours.stderr).toBe('Error: error while running post render on files: failed to invoke post-renderer plugin "wasm": the "extism/v1" plugin runtime is not supported by flux-ts (only "subprocess")\n\nUse --debug flag to render out invalid YAML\n');
  });
});

describe('other fixture charts through `cat`', () => {
  const root = join(import.meta.dirname, '../../..');
  const more = ['examples/charts/grade-api', 'test/fixtures/apiserver/charts/demo', 'test/fixtures/sources/charts/podinfo-lite', 'test/fixtures/charts/parent', 'test/fixtures/charts/coalesce', 'test/fixtures/charts/v1chart', 'test/fixtures/engine/charts/named-maps', 'test/fixtures/engine/charts/struct-printing', 'test/fixtures/engine/charts/yaml-bom', 'test/fixtures/sprig/core/charts/core'];
  for (const chart of more) {
    it(chart, () => same(['rel', join(root, chart), '--post-renderer', 'cat']));
  }
});

describe('every render fixture chart through `cat`', () => {
  // err-recursion needs the CLI's larger stack (bin/flux-ts) for Helm's 1000 nested includes.
  for (const name of readdirSync(renderCharts).sort().filter((n) => n !== 'err-recursion')) {
    it(name, () => same(['rel', join(renderCharts, name), '--post-renderer', 'cat']));
  }
});
