// valuesFrom composition (fluxcd/pkg chartutil semantics) and its helpers.
export { composeValues, readValues, DEFAULT_VALUES_KEY, type ValuesReference, type ComposeOptions } from './compose.js';
export { mergeMaps } from './merge.js';
export { replacePathValue, replacePathLiteralValue } from './replace-path.js';
export { ValuesReferenceError, type ValuesReferenceReason } from './errors.js';
export { clusterValuesSource, secretValuesObject, configMapValuesObject, type ValuesObject, type ValuesObjectKind, type ValuesObjectSource } from './source.js';
export { composeValuesTrackingSecrets, maskValues, secretMaskingHelmLog, sensitiveValues, type ComposedValues, type ValuesPath } from './secret-paths.js';
