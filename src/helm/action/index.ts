// Helm actions against the cluster, one module each; see README.md for the lifecycle and the
// locking choice.
export { type ActionConfig, CanceledError, DEFAULT_FIELD_MANAGER, DEFAULT_TIMEOUT_MS, OperationInProgressError } from './config.js';
export { install, type InstallOptions } from './install.js';
export { ReleaseActionError } from './release-error.js';
export { upgrade, type UpgradeOptions } from './upgrade.js';
export { rollback, type RollbackOptions } from './rollback.js';
export { uninstall, type UninstallOptions, type UninstallResult } from './uninstall.js';
export { runTests, type TestOptions } from './test.js';
export { unlock } from './unlock.js';
export { type CrdPolicy } from './crds.js';
export { type ReleaseSource, type RenderContext } from './render.js';
export { chartSource, type ChartSourceOptions } from './source.js';
