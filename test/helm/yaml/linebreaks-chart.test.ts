// Manifests holding NEL, LS and PS (escaped and raw): printed by `template`, and re-read and
// re-written as kyaml (go-yaml v3) does when a postrenderer/v1 plugin (`cat`) runs. Expected
// outputs from helm: test/fixtures/yaml/linebreaks-chart/generate.sh.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fluxCommand, helmEnv } from '../template/helm-live.js';

const dir = join(import.meta.dirname, '../../fixtures/yaml/linebreaks-chart');
const env = helmEnv({ HELM_PLUGINS: join(dir, '../../template-postrender/plugins') });

describe('NEL, LS and PS in rendered manifests', () => {
  it('are printed as the templates wrote them', async () => {
    const out = await fluxCommand(['rel', join(dir, 'chart')], env);
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe(readFileSync(join(dir, 'template.out'), 'utf8'));
  });

  it('are re-read as line breaks and re-written as go-yaml v3 writes them, through a post-renderer', async () => {
    const out = await fluxCommand(['rel', join(dir, 'chart'), '--post-renderer', 'cat'], env);
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe(readFileSync(join(dir, 'postrender.out'), 'utf8'));
  });
});
