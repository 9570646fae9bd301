// How flux names the namespace scope in messages: `"<ns>"` (Go %q), or `any` with -A.
import { goQuote } from '../../cli/go-quote.js';

export function namespaceNameOrAny(allNamespaces: boolean, namespace: string): string {
  return allNamespaces ? 'any' : goQuote(namespace);
}
