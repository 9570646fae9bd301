// The body of `diff hr`: build from disk, compare each object of the release manifest with the
// cluster through server-side apply dry runs (the drift detector helm-controller uses), print
// `► Kind/ns/name created|drifted` with a unified diff of the YAML, then `► Kind/ns/name deleted`
// for what an upgrade would prune. Secret data is masked.
import { createTwoFilesPatch } from 'diff';
import type { Cluster, KubeObject } from '../cluster/types.js';
import type { GoValue } from '../gotemplate/value.js';
import { withOwnership } from '../helm/action/ownership.js';
import { marshalYaml, parseAllDocuments } from '../helm/yaml/index.js';
import { applyIgnoreRules, comparable, detectDrift, IgnoreRuleError, maskSecretPair, type IgnoreRule, type ObjectDrift } from '../reconcile/drift/index.js';
import { buildFromDir, type BuildOptions, type BuiltRelease } from '../reconcile/local/build.js';
import { objectSubject, prunedObjects } from './diff-prune.js';

export interface DiffOutput {
  stdout: string;
  /** true when the cluster differs from the build. */
  changed: boolean;
}

function isObject(v: unknown): v is KubeObject {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return typeof o['apiVersion'] === 'string' && typeof o['kind'] === 'string' && o['metadata'] !== null && typeof o['metadata'] === 'object';
}

/** The release manifest's objects in install order (hooks are not part of drift). */
export function releaseObjects(built: BuiltRelease): KubeObject[] {
  const out: KubeObject[] = [];
  for (const m of built.rendered.manifests) {
    // As Helm applies them: stamped with the release's ownership label and annotations.
    for (const doc of parseAllDocuments(m.content)) if (isObject(doc)) out.push(withOwnership(doc, { name: built.releaseName, namespace: built.releaseNamespace }));
  }
  return out;
}

function yamlOf(obj: KubeObject | undefined): string {
  return obj === undefined ? '' : marshalYaml(obj as unknown as GoValue);
}

/** A unified diff between the live object and what applying the build would make of it. */
export function objectDiff(d: ObjectDrift, ignore: readonly IgnoreRule[]): string {
  const id = objectSubject(d.desired);
  const live = d.live ? comparable(d.live) : undefined;
  const after = comparable(d.merged ?? d.desired);
  applyIgnoreRules(ignore, d.desired, live ? [live, after] : [after]);
  const masked = maskSecretPair(live, after);
  const patch = createTwoFilesPatch(`live ${id}`, `desired ${id}`, yamlOf(masked.before), yamlOf(masked.after), '', '', { context: 3 });
  // Drop jsdiff's "=====" banner line; keep the ---/+++ headers and hunks.
  return patch.split('\n').filter((l) => !/^=+$/.test(l)).join('\n');
}

export async function diffBuilt(cluster: Cluster, built: BuiltRelease, signal?: AbortSignal): Promise<DiffOutput> {
  const hr = built.helmRelease;
  const ignore = (hr.spec?.driftDetection?.ignore ?? []) as IgnoreRule[];
  let results: ObjectDrift[];
  try {
    results = await detectDrift(cluster, releaseObjects(built), { namespace: built.releaseNamespace, ignore, ...(signal ? { signal } : {}) });
  } catch (e) {
    // Name the HelmRelease and the field of a malformed ignore rule.
    if (e instanceof IgnoreRuleError) throw new Error(`HelmRelease ${hr.metadata.namespace ?? built.releaseNamespace}/${hr.metadata.name}: spec.driftDetection.${e.path}: ${e.message}`);
    throw e;
  }
  let stdout = '';
  let changed = false;
  for (const r of results) {
    const id = objectSubject(r.desired);
    if (r.entry.type === 'create') {
      stdout += `► ${id} created\n`;
      changed = true;
    } else if (r.entry.type === 'update') {
      stdout += `► ${id} drifted\n${objectDiff(r, ignore)}`;
      if (!stdout.endsWith('\n')) stdout += '\n';
      changed = true;
    }
  }
  signal?.throwIfAborted();
  const pruned = await prunedObjects(cluster, {
    releaseName: built.releaseName,
    releaseNamespace: built.releaseNamespace,
    storageNamespace: hr.spec?.storageNamespace || hr.metadata.namespace || built.releaseNamespace,
    target: results.map((r) => r.desired),
  });
  for (const o of pruned) stdout += `► ${objectSubject(o)} deleted\n`;
  if (pruned.length > 0) changed = true;
  return { stdout, changed };
}

export async function runDiff(cluster: Cluster, opts: BuildOptions, signal?: AbortSignal): Promise<DiffOutput> {
  return diffBuilt(cluster, await buildFromDir(opts), signal);
}
