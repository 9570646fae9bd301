// `get` table rows from a kind's columns: NAMESPACE (with -A), NAME (`kind/name` in `get all`),
// then the kind's own columns.
import type { KubeObject } from '../cluster/types.js';
import type { FluxKind, TableColumn } from '../kinds/kind.js';

export interface RowOptions {
  allNamespaces: boolean;
  /** `get all`: NAME becomes `<lower-cased kind>/<name>`. */
  includeKind: boolean;
  showSource: boolean;
}

function visibleColumns<T extends KubeObject>(kind: FluxKind<T>, opts: RowOptions): readonly TableColumn<T>[] {
  return kind.columns.filter((c) => c.option === undefined || (c.option === 'showSource' && opts.showSource));
}

export function tableHeader<T extends KubeObject>(kind: FluxKind<T>, opts: RowOptions): string[] {
  return [...(opts.allNamespaces ? ['Namespace'] : []), 'Name', ...visibleColumns(kind, opts).map((c) => c.header)];
}

export function tableRow<T extends KubeObject>(kind: FluxKind<T>, obj: T, opts: RowOptions): string[] {
  const name = opts.includeKind ? `${obj.kind.toLowerCase()}/${obj.metadata.name}` : obj.metadata.name;
  return [...(opts.allNamespaces ? [obj.metadata.namespace ?? ''] : []), name, ...visibleColumns(kind, opts).map((c) => c.cell(obj))];
}
