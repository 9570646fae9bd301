// kustomize's transformers for objects in memory (no Flux knowledge): strategic merge and
// JSON 6902 patches with target selectors, image replacement, labels and annotations, and
// kustomize's YAML reading and writing.
export { kustomize, type Kustomization } from './build.js';
export { applyPatch, parsePatch, type PatchSpec, type ParsedPatch } from './patch.js';
export { applyStrategicMerge } from './smp.js';
export { applyJson6902 } from './json6902.js';
export { transformImages, splitImage, updateImage, type ImageRule } from './images.js';
export { setLabels, setAnnotations } from './metadata.js';
export { compileSelector, type Selector, type CompiledSelector } from './selector.js';
export { parseResources, checkResources, resourceYaml, resourcesYaml } from './stream.js';
export { KustomizeError, gvkOf, nameOf, namespaceOf, idOf, isObject, type JsonObject, type JsonValue, type Gvk } from './resource.js';
