// The rendering engine: chart + values + release options + capabilities → rendered files,
// and Helm's renderResources on top (hooks, ordered manifests, notes, CRDs).
export { renderChart, sortTemplateNames, ParseCache, type RenderOptions, type RenderValues } from './render.js';
export { renderResources, KubeVersionIncompatibleError, type RenderedRelease, type RenderResourcesOptions, type RenderedCrd } from './resources.js';
export { renderChartView, chartMetadataMap } from './chart-view.js';
export type { RenderChart } from './chart-input.js';
export { makeCapabilities, makeVersionSet, hasApiVersion, parseKubeVersion, Capabilities, KubeVersion, HelmBuildInfo, type VersionSet, KubeVersionError, DEFAULT_API_VERSIONS, HELM_VERSION, type CapabilitiesOptions } from './capabilities.js';
export { goTemplateEngine } from './gotemplate-set.js';
export type { TemplateEngine, TemplateSet } from './template-set.js';
export { RenderError } from './errors.js';
export { helmRenderOptions } from './defaults.js';
