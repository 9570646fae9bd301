// Go-compatible YAML for Helm: reading as sigs.k8s.io/yaml + go-yaml v2 read (YAML 1.1 scalars,
// then JSON, so numbers are float64), and writing as Helm's toYaml writes.
export { parseValuesYaml, loadValues, readValues, mergeMaps, fromYaml, fromYamlArray, yamlToJson, yamlToJsonMap, yamlToJsonArray, splitYamlDocuments, YamlUnmarshalError } from './read.js';
export { parseAllDocuments, KUBECTL_JSON_SNIFF_BYTES } from './manifest-stream.js';
export { toYaml, marshalYaml, compareYamlKeys, YamlMarshalError } from './marshal.js';
export { decodeYaml, YamlMap, type YamlValue, type YamlKey } from './decode.js';
export { yamlValueToJson, yamlScalarAsString, newGoMap } from './tojson.js';
export { resolveScalar, readsBackAsString } from './resolve.js';
export { YamlSyntaxError } from './errors.js';
export { emitYamlV3, reemitYamlV3 } from './v3-emit.js';
export { annotateAndMerge, splitAndDeannotate, FILENAME_ANNOTATION } from './kyaml-stream.js';
