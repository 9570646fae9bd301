// kustomize's LabelTransformer and AnnotationsTransformer restricted to metadata/labels and
// metadata/annotations (created when missing): what helm-controller's origin labels and
// commonMetadata post-renderers configure.
import { setMetadataStrings, type JsonObject } from './resource.js';

export function setLabels(obj: JsonObject, labels: Readonly<Record<string, string>>): void {
  if (Object.keys(labels).length > 0) setMetadataStrings(obj, 'labels', labels);
}

export function setAnnotations(obj: JsonObject, annotations: Readonly<Record<string, string>>): void {
  if (Object.keys(annotations).length > 0) setMetadataStrings(obj, 'annotations', annotations);
}
