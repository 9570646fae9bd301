// The render options flux-ts uses everywhere: Go's text/template, Helm's function map
// (optionally with a cluster for `lookup`), include/tpl/required/fail bound per set.
import { boundFuncs } from '../funcs/helm/bound.js';
import { helmFuncMap, type HelmFuncsOptions } from '../funcs/helm/funcmap.js';
import { toYaml } from '../yaml/index.js';
import { goTemplateEngine } from './gotemplate-set.js';
import type { RenderOptions } from './render.js';

export function helmRenderOptions(funcs: HelmFuncsOptions = {}): RenderOptions {
  return { engine: goTemplateEngine, funcs: helmFuncMap(funcs), boundFuncs, toYaml: (m) => toYaml(m) };
}
