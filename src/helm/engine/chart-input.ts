// The view of a loaded chart the renderer needs. The chart loader's model is adapted to it
// (src/helm/template/chart-adapter.ts), so rendering depends on no loader detail.
import type { GoMap } from '../../gotemplate/value.js';
import type { ChartFile } from './files.js';

export interface RenderChart {
  /** Chart name as templates see it (the dependency alias when there is one). */
  name: string;
  /** Path of the chart in the tree: `root`, `root/charts/sub`, ... */
  fullPath: string;
  isRoot: boolean;
  /** `type: library`: only its partials (`_*`) are used. */
  isLibrary: boolean;
  /** Files under templates/ (names like `templates/deployment.yaml`), in load order. */
  templates: ChartFile[];
  /** Every other file of the chart (what `.Files` shows), in load order. */
  files: ChartFile[];
  /** Chart.yaml as Helm exposes it under `.Chart` (Go field names), without IsRoot. */
  metadata: GoMap;
  /** Enabled dependencies, in load order. */
  dependencies: RenderChart[];
}
