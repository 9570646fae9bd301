// Builds the renderer's view of a loaded chart (RenderChart) from the chart model: `.Chart`
// as Helm v4 exposes it (a map with Go field names: APIVersion, AppVersion, Dependencies as
// maps, Maintainers as maps...) and template/file lists per chart.
import { isGoMap, nilMap, typedMap, type GoMap, type GoValue } from '../../gotemplate/value.js';
import type { Chart, Dependency, Maintainer, Metadata } from '../chart/index.js';
import type { RenderChart } from './chart-input.js';

/** Helm's processImportValues rewrites every import-values entry as a map[string]string {child, parent}. */
function importValue(iv: GoValue): GoValue {
  if (!isGoMap(iv) || !Object.values(iv).every((x) => typeof x === 'string')) return iv;
  const m = typedMap(Object.create(null) as GoMap, 'map[string]string');
  for (const k of Object.keys(iv)) m[k] = iv[k];
  return m;
}

function dependencyMap(d: Dependency): GoMap {
  return {
    Alias: d.alias,
    Condition: d.condition,
    Enabled: d.enabled,
    ImportValues: d.importValues.map(importValue),
    Name: d.name,
    Repository: d.repository,
    Tags: [...d.tags],
    Version: d.version,
  };
}

function maintainerMap(m: Maintainer): GoMap {
  return { Email: m.email, Name: m.name, URL: m.url };
}

/** `.Chart` without IsRoot (the renderer adds it). */
export function chartMetadataMap(m: Metadata): GoMap {
  // Helm copies the Metadata field as it is: a map[string]string, nil without annotations.
  let annotations: GoMap;
  if (m.annotations === null) annotations = nilMap('map[string]string');
  else {
    annotations = typedMap({}, 'map[string]string');
    for (const [k, v] of Object.entries(m.annotations)) Object.defineProperty(annotations, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return {
    APIVersion: m.apiVersion,
    Annotations: annotations,
    AppVersion: m.appVersion,
    Condition: m.condition,
    Dependencies: m.dependencies.map((d): GoValue => (d === null ? null : dependencyMap(d))),
    Deprecated: m.deprecated,
    Description: m.description,
    Home: m.home,
    Icon: m.icon,
    Keywords: [...m.keywords],
    KubeVersion: m.kubeVersion,
    Maintainers: m.maintainers.map((x): GoValue => (x === null ? null : maintainerMap(x))),
    Name: m.name,
    Sources: [...m.sources],
    Tags: m.tags,
    Type: m.type,
    Version: m.version,
  };
}

export function renderChartView(c: Chart): RenderChart {
  return {
    name: c.name(),
    fullPath: c.chartFullPath(),
    isRoot: c.isRoot(),
    isLibrary: c.isLibrary(),
    templates: c.templates,
    files: c.files,
    metadata: chartMetadataMap(c.metadata),
    dependencies: c.dependencies().map(renderChartView),
  };
}
