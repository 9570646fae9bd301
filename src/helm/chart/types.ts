// The chart model, mirroring Helm's pkg/chart/v2 (Chart, Metadata, Dependency, Lock, File).
// A loaded chart is plain data; dependency processing may disable subcharts and set `enabled`.
import type { GoMap, GoValue } from '../../gotemplate/value.js';

export const API_VERSION_V1 = 'v1';
export const API_VERSION_V2 = 'v2';

/** A file of the chart, its path relative to the chart root with "/" separators. */
export interface ChartFile {
  name: string;
  data: Uint8Array;
}

export interface Maintainer {
  name: string;
  email: string;
  url: string;
}

export interface Dependency {
  name: string;
  version: string;
  repository: string;
  condition: string;
  tags: string[];
  enabled: boolean;
  /** Each item is a string ("exports.data" / "data") or a map {child, parent}. */
  importValues: GoValue[];
  alias: string;
  dependsOn: string[];
}

/** The contents of Chart.yaml. Absent fields are "" / [] / false / null, as Go's zero values. */
export interface Metadata {
  name: string;
  home: string;
  sources: string[];
  version: string;
  description: string;
  keywords: string[];
  /** null entries are kept so validation can report them as Helm does. */
  maintainers: Array<Maintainer | null>;
  icon: string;
  apiVersion: string;
  condition: string;
  tags: string;
  appVersion: string;
  deprecated: boolean;
  /** null when Chart.yaml has no annotations (Go's nil map). */
  annotations: Record<string, string> | null;
  kubeVersion: string;
  dependencies: Array<Dependency | null>;
  type: string;
}

export interface Lock {
  /** RFC 3339 text as written in Chart.lock. */
  generated: string;
  digest: string;
  dependencies: Array<Dependency | null>;
}

export function emptyMetadata(): Metadata {
  return {
    name: '',
    home: '',
    sources: [],
    version: '',
    description: '',
    keywords: [],
    maintainers: [],
    icon: '',
    apiVersion: '',
    condition: '',
    tags: '',
    appVersion: '',
    deprecated: false,
    annotations: null,
    kubeVersion: '',
    dependencies: [],
    type: '',
  };
}

export function emptyDependency(): Dependency {
  return { name: '', version: '', repository: '', condition: '', tags: [], enabled: false, importValues: [], alias: '', dependsOn: [] };
}

/** A CRD file of a chart or one of its subcharts (Helm's chart.CRD). */
export interface CrdFile {
  /** The file name inside its chart ("crds/foo.yaml"). */
  name: string;
  /** The path including the subchart chain ("parent/charts/sub/crds/foo.yaml"). */
  filename: string;
  file: ChartFile;
}

export class Chart {
  /** Every file as read, for `helm show values`-like uses. */
  raw: ChartFile[] = [];
  metadata: Metadata = emptyMetadata();
  lock: Lock | null = null;
  templates: ChartFile[] = [];
  /** Default values from values.yaml (JSON-normalised). */
  values: GoMap = Object.create(null) as GoMap;
  /** values.schema.json, if present. */
  schema: Uint8Array | null = null;
  /** Every other file (README, crds/, files for .Files...). */
  files: ChartFile[] = [];

  private parentChart: Chart | null = null;
  private deps: Chart[] = [];

  name(): string {
    return this.metadata.name;
  }

  appVersion(): string {
    return this.metadata.appVersion;
  }

  parent(): Chart | null {
    return this.parentChart;
  }

  isRoot(): boolean {
    return this.parentChart === null;
  }

  root(): Chart {
    return this.parentChart ? this.parentChart.root() : this;
  }

  /** The subcharts (after dependency processing: only the enabled ones). */
  dependencies(): Chart[] {
    return this.deps;
  }

  addDependency(...charts: Chart[]): void {
    for (const c of charts) {
      c.parentChart = this;
      this.deps.push(c);
    }
  }

  setDependencies(...charts: Chart[]): void {
    this.deps = [];
    this.addDependency(...charts);
  }

  /**
   * A shallow copy (Go's `out := *c`): the same files and values, its own metadata copy and
   * its own list of (shallow-copied) subcharts, so an alias can rename it without touching
   * the original. The copy has no parent until added to one.
   */
  shallowCopy(): Chart {
    const out = new Chart();
    out.raw = this.raw;
    out.metadata = { ...this.metadata, dependencies: this.metadata.dependencies.map((d) => (d ? { ...d } : d)) };
    out.lock = this.lock;
    out.templates = this.templates;
    out.values = this.values;
    out.schema = this.schema;
    out.files = this.files;
    for (const d of this.deps) {
      const cpy = d.shallowCopyKeepingDeps();
      out.addDependency(cpy);
    }
    return out;
  }

  /** Go's `cpy := *dependency`: same metadata pointer and subcharts, new parent link. */
  private shallowCopyKeepingDeps(): Chart {
    const out = new Chart();
    out.raw = this.raw;
    out.metadata = this.metadata;
    out.lock = this.lock;
    out.templates = this.templates;
    out.values = this.values;
    out.schema = this.schema;
    out.files = this.files;
    out.deps = this.deps;
    return out;
  }

  /** "parent.sub" */
  chartPath(): string {
    return this.parentChart ? `${this.parentChart.chartPath()}.${this.name()}` : this.name();
  }

  /** "parent/charts/sub": the prefix of template names. */
  chartFullPath(): string {
    return this.parentChart ? `${this.parentChart.chartFullPath()}/charts/${this.name()}` : this.name();
  }

  isLibrary(): boolean {
    return this.metadata.type === 'library';
  }

  /** Files under crds/ with a manifest extension, this chart's first, then its subcharts'. */
  crdObjects(): CrdFile[] {
    const out: CrdFile[] = [];
    for (const f of this.files) {
      if (f.name.startsWith('crds/') && /\.(ya?ml|json)$/i.test(f.name)) {
        out.push({ name: f.name, filename: `${this.chartFullPath()}/${f.name}`, file: f });
      }
    }
    for (const d of this.deps) out.push(...d.crdObjects());
    return out;
  }
}
