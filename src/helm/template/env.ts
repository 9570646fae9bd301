// The real environment of `flux-ts template`: files relative to a working directory, the
// chart loader, the Go template engine with Helm's function map.
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { loadChart } from '../chart/index.js';
import { goTemplateEngine } from '../engine/gotemplate-set.js';
import { helmRenderOptions } from '../engine/defaults.js';
import { helmFuncMap, type HelmFuncsOptions } from '../funcs/helm/funcmap.js';
import { localFileReader } from '../values/index.js';
import { urlAwareReader } from '../values/options.js';
import { httpValuesGetter } from './http-values.js';
import type { TemplateEnv } from './run.js';

export function defaultTemplateEnv(cwd: string = process.cwd(), funcs: HelmFuncsOptions = {}): TemplateEnv {
  const at = (p: string): string => (isAbsolute(p) ? p : resolve(cwd, p));
  return {
    render: helmRenderOptions(funcs),
    renderWithDns: () => helmRenderOptions({ ...funcs, enableDns: true }),
    read: urlAwareReader(localFileReader(cwd), httpValuesGetter()),
    fs: {
      exists: (p) => existsSync(at(p)),
      mkdirp: (d) => mkdirSync(at(d), { recursive: true }),
      write: (p, d) => writeFileSync(at(p), d),
      append: (p, d) => appendFileSync(at(p), d),
    },
    renderNameTemplate: (t) => {
      // action.TemplateName: Sprig's functions, no data.
      const set = goTemplateEngine.newSet('name-template', helmFuncMap(funcs), 'zero');
      set.parse('name-template', t);
      return set.execute('name-template', null);
    },
    exists: (p) => existsSync(at(p)),
    loadChart: (p) => loadChart(at(p)),
    fetchChart: async (chart, repo, version) => {
      // Resolved as Flux's source-controller resolves it, saved to a temporary directory.
      const { pullChart } = await import('../../sources/index.js');
      const dir = mkdtempSync(join(tmpdir(), 'flux-ts-template-'));
      try {
        const pulled = await pullChart({ chart, ...(repo !== undefined ? { repoUrl: repo } : {}), version: version === '' ? '*' : version, destination: dir });
        return await loadChart(pulled.path!);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
