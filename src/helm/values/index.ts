// Values: coalescing with chart defaults, dependency processing, schema validation, the
// top-level render object, and the user's -f/--set values.
export { coalesceValues, mergeValues, coalesceTables, mergeTables, deepCopy, CoalesceError, GLOBAL_KEY, type CoalesceOptions } from './coalesce.js';
export { processDependencies, isCompatibleRange, type DependencyOptions } from './dependencies.js';
export { validateAgainstSchema, validateAgainstSingleSchema, SchemaValidationError } from './schema.js';
export { toRenderValues, releaseValue, type ReleaseOptions, type TopValues, type ToRenderValuesOptions } from './render-values.js';
export { mergeUserValues, readLocalFile, localFileReader, ValuesOptionError, type ValueOptions, type ValuesReader } from './options.js';
export { pathValue, table, NoTableError, NoValueError } from './table.js';
export { slogLine, printfLine, type HelmLog } from './log.js';
export { goV } from './gofmt.js';
