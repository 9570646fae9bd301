// `-o json|yaml`: the objects as one `List` (apiVersion v1), the shape `kubectl get -o json`
// prints, so scripts can use the same jq/yq paths (.items[].status...).

export type OutputFormat = 'table' | 'json' | 'yaml';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'yaml'];

export interface ListDocument {
  apiVersion: 'v1';
  items: unknown[];
  kind: 'List';
  metadata: { resourceVersion: string };
}

export function toListDocument(items: unknown[]): ListDocument {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}

/** kubectl's JSON layout: 4-space indent and a final newline. */
export function renderJson(doc: unknown): string {
  return JSON.stringify(doc, null, 4) + '\n';
}

/** YAML without line folding (long messages stay on one line); yaml is loaded only here. */
export async function renderYaml(doc: unknown): Promise<string> {
  const mod = await import('yaml');
  // In the esbuild bundle a dynamic import of this CommonJS package yields only `default`.
  const yaml = typeof mod.stringify === 'function' ? mod : (mod as unknown as { default: typeof mod }).default;
  return yaml.stringify(doc, { lineWidth: 0, indentSeq: false });
}
