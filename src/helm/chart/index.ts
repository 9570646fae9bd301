// Helm charts as data: the model, and loading from directories, archives or memory.
export { Chart, API_VERSION_V1, API_VERSION_V2, emptyMetadata, emptyDependency, type ChartFile, type Metadata, type Dependency, type Maintainer, type Lock, type CrdFile } from './types.js';
export { loadChart, loadDir, loadArchive, loadChartArchiveFile, loadChartArchive, loadFiles, ChartLoadError, type LoadOptions } from './load.js';
export { loadArchiveFiles, ArchiveError, MAX_DECOMPRESSED_CHART_SIZE, MAX_DECOMPRESSED_FILE_SIZE } from './archive.js';
export { IgnoreRules, goPathMatch, HELM_IGNORE } from './ignore.js';
export { ChartValidationError, validateMetadata, validateDependency, isValidSemver, sanitizeString } from './validate.js';
export { decodeMetadata, decodeLock, ChartFileError } from './chartfile.js';
