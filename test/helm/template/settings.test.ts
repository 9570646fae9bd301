// helm's EnvSettings for template (settings.ts): flags over HELM_* variables over helmpath
// defaults, the HELM_* environment plugins and lookups see, and the client-side rate limit the
// --dry-run=server client gets from --qps / --burst-limit (client-go's defaults for 0).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultTemplateEnv } from '../../../src/helm/template/env.js';
import { parseTemplateArgs } from '../../../src/helm/template/flags.js';
import { runTemplate } from '../../../src/helm/template/run.js';
import { helmSettings, kubeRateLimit, settingsEnv } from '../../../src/helm/template/settings.js';
import type { RateLimit } from '../../../src/cluster/rate-limit.js';

const basic = join(import.meta.dirname, '../../fixtures/render/charts/basic');

describe('helm settings', () => {
  it('defaults follow helmpath: HELM_*_HOME, then XDG_*_HOME/helm, then ~/.config|.cache/helm', () => {
    expect(helmSettings({}, { HOME: '/h' })).toEqual({
      debug: false,
      qps: 0,
      burstLimit: 100,
      registryConfig: '/h/.config/helm/registry/config.json',
      repositoryConfig: '/h/.config/helm/repositories.yaml',
      repositoryCache: '/h/.cache/helm/repository',
      contentCache: '/h/.cache/helm/content',
      colorMode: 'auto',
    });
    const s = helmSettings({}, { HOME: '/h', XDG_CONFIG_HOME: '/x', HELM_CACHE_HOME: '/c' });
    expect([s.repositoryConfig, s.repositoryCache, s.contentCache]).toEqual(['/x/helm/repositories.yaml', '/c/repository', '/c/content']);
  });

  it('HELM_* variables, then flags, win; bad numbers in variables fall back silently', () => {
    const env = { HOME: '/h', HELM_DEBUG: 'T', HELM_QPS: '2.5', HELM_BURST_LIMIT: 'many', HELM_REPOSITORY_CONFIG: '/r.yaml', HELM_COLOR: 'NEVER' };
    const s = helmSettings({}, env);
    expect([s.debug, s.qps, s.burstLimit, s.repositoryConfig, s.colorMode]).toEqual([true, 2.5, 100, '/r.yaml', 'never']);
    const f = helmSettings({ debug: false, qps: 1, burstLimit: 3, repositoryConfig: '/flag.yaml', colorMode: 'always' }, env);
    expect([f.debug, f.qps, f.burstLimit, f.repositoryConfig, f.colorMode]).toEqual([false, 1, 3, '/flag.yaml', 'always']);
    expect(helmSettings({}, { NO_COLOR: '1', HELM_COLOR: 'always' }).colorMode).toBe('never');
    expect(() => helmSettings({ colorMode: 'rainbow' }, {})).toThrow('invalid color mode "rainbow": must be one of: never, auto, always');
  });

  it('the environment handed on carries the settings as HELM_* variables', () => {
    const s = helmSettings({ registryConfig: '/reg.json', qps: 2 }, { HOME: '/h', OTHER: 'kept' });
    expect(settingsEnv(s, { OTHER: 'kept' })).toMatchObject({ OTHER: 'kept', HELM_REGISTRY_CONFIG: '/reg.json', HELM_QPS: '2.00', HELM_BURST_LIMIT: '100', HELM_DEBUG: 'false' });
  });

  it('rate limit: 0 means client-go defaults (5 qps, burst 10), a negative qps none', () => {
    expect(kubeRateLimit({ qps: 0, burstLimit: 100 })).toEqual({ qps: 5, burst: 100 });
    expect(kubeRateLimit({ qps: 20, burstLimit: 0 })).toEqual({ qps: 20, burst: 10 });
    expect(kubeRateLimit({ qps: -1, burstLimit: 100 })).toEqual({ qps: 0, burst: 0 });
  });

  it('--qps and --burst-limit reach the --dry-run=server client', async () => {
    const seen: Array<RateLimit | undefined> = [];
    for (const args of [['--qps', '7', '--burst-limit', '9'], []]) {
      const env = defaultTemplateEnv(process.cwd(), {}, { env: { HOME: '/nonexistent' } });
      env.openServer = (_kube, o) => {
        seen.push(o?.rateLimit);
        return Promise.reject(new Error('no cluster here'));
      };
      const r = await runTemplate(parseTemplateArgs(['rel', basic, '--dry-run=server', ...args]), env);
      expect(r.error).toBe('cluster reachability check failed: no cluster here');
    }
    expect(seen).toEqual([
      { qps: 7, burst: 9 },
      { qps: 5, burst: 100 },
    ]);
  });
});
