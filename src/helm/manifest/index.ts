export { splitManifests } from './split.js';
export { sortManifests, ManifestParseError, type Manifest, type SortedManifests } from './sort.js';
export { INSTALL_ORDER, UNINSTALL_ORDER, hasSurrogates, sortByKind, type KindSortOrder } from './kind-order.js';
export { isTestHook, type Hook, type HookEvent } from './hooks.js';
export { parseHead, defaultYamlToJson, type SimpleHead, type YamlToJson } from './head.js';
