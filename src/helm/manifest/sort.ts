// Helm's SortManifests: rendered files (path → text) become ordered resource documents and
// hooks. Files are visited in path order, documents in file order; partials (`_*`) and blank
// files are skipped; then both lists are stable-sorted by kind.
import { parseHead, type SimpleHead, type YamlToJson } from './head.js';
import { HOOK_ANNOTATION, HOOK_DELETE_ANNOTATION, HOOK_OUTPUT_LOG_ANNOTATION, HOOK_WEIGHT_ANNOTATION, parseHookEvents, parseHookWeight, parsePolicyList, type Hook } from './hooks.js';
import { compareBytes, hasSurrogates, sortByKind, type KindSortOrder } from './kind-order.js';
import { isGoBlank } from './gospace.js';
import { splitManifests } from './split.js';

export interface Manifest {
  /** Template path, e.g. `mychart/templates/deployment.yaml`. */
  name: string;
  content: string;
  head: SimpleHead;
}

export interface SortedManifests {
  hooks: Hook[];
  manifests: Manifest[];
}

/** A document that is not valid YAML; Helm's message, e.g. `YAML parse error on c/templates/x.yaml: ...`. */
export class ManifestParseError extends Error {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`YAML parse error on ${path}: ${detail}`);
  }
}

function baseName(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

export function sortManifests(
  files: ReadonlyMap<string, string> | Record<string, string>,
  order: KindSortOrder,
  yamlToJson?: YamlToJson,
  /** Told about documents dropped for naming an unknown hook event (Helm logs them). */
  onUnknownHook?: (hookTypes: string) => void,
): SortedManifests {
  const entries: [string, string][] = files instanceof Map ? [...files.entries()] : Object.entries(files);
  // Paths without surrogates compare natively (compareBytes would test both on every comparison).
  if (entries.some(([path]) => hasSurrogates(path))) entries.sort((a, b) => compareBytes(a[0], b[0]));
  else entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const hooks: Hook[] = [];
  const generic: Manifest[] = [];
  for (const [path, content] of entries) {
    if (baseName(path).startsWith('_')) continue;
    if (isGoBlank(content)) continue;
    for (const doc of splitManifests(content)) {
      let head: SimpleHead;
      try {
        head = parseHead(doc, yamlToJson);
      } catch (e) {
        throw new ManifestParseError(path, e instanceof Error ? e.message : String(e));
      }
      const annotations = head.metadata?.annotations;
      const hookValue = annotations?.[HOOK_ANNOTATION];
      if (annotations === undefined || Object.keys(annotations).length === 0 || hookValue === undefined) {
        generic.push({ name: path, content: doc, head });
        continue;
      }
      const events = parseHookEvents(hookValue);
      if (events === undefined) {
        // An unknown hook event: Helm logs it and drops the document.
        onUnknownHook?.(hookValue);
        continue;
      }
      hooks.push({
        name: head.metadata?.name ?? '',
        kind: head.kind,
        path,
        manifest: doc,
        events,
        weight: parseHookWeight(annotations[HOOK_WEIGHT_ANNOTATION]),
        deletePolicies: parsePolicyList(annotations[HOOK_DELETE_ANNOTATION]),
        outputLogPolicies: parsePolicyList(annotations[HOOK_OUTPUT_LOG_ANNOTATION]),
      });
    }
  }
  return {
    hooks: sortByKind(hooks, (h) => h.kind, order),
    manifests: sortByKind(generic, (m) => m.head.kind, order),
  };
}
