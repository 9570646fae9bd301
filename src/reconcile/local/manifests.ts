// The offline model's input: every Kubernetes object in the YAML files under a directory, read
// as the API server would store them after `kubectl apply` (sigs.k8s.io/yaml semantics, so
// numbers and YAML 1.1 scalars come out as Flux's controllers see them).
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { KubeObject } from '../../cluster/types.js';
import { parseAllDocuments } from '../../helm/yaml/index.js';

/** An object with the file it came from (for error messages). */
export interface LocalObject {
  object: KubeObject;
  file: string;
}

const MANIFEST = /\.ya?ml$/i;

/** Directories that never hold cluster manifests (VCS metadata, dependencies). */
function skippedDir(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

async function manifestFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) {
      if (!skippedDir(e.name)) out.push(...(await manifestFiles(path)));
    } else if (e.isFile() && MANIFEST.test(e.name)) {
      out.push(path);
    }
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A Kubernetes object has apiVersion, kind and metadata.name; anything else is not one. */
function asObject(v: unknown): KubeObject | undefined {
  if (!isRecord(v)) return undefined;
  const meta = v['metadata'];
  if (typeof v['apiVersion'] !== 'string' || typeof v['kind'] !== 'string' || !isRecord(meta) || typeof meta['name'] !== 'string') return undefined;
  return v as KubeObject;
}

/**
 * Reads every `*.yaml`/`*.yml` file under `dir` (sorted, recursively, dot-directories skipped).
 * Documents that are not Kubernetes objects (Helm values files, kustomize configs without a
 * name) are ignored; a file that is not valid YAML is an error naming the file.
 */
export async function readManifestDir(dir: string): Promise<LocalObject[]> {
  let files: string[];
  try {
    files = await manifestFiles(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(`cannot read manifests from ${dir}: ${code === 'ENOENT' ? 'no such directory' : code === 'ENOTDIR' ? 'not a directory' : (e as Error).message}`);
  }
  const out: LocalObject[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    let docs: unknown[];
    try {
      docs = parseAllDocuments(text);
    } catch (e) {
      throw new Error(`${relative(process.cwd(), file) || file}: ${(e as Error).message.split('\n')[0]}`);
    }
    for (const doc of docs) {
      if (isRecord(doc) && doc['kind'] === 'List' && Array.isArray(doc['items'])) {
        for (const item of doc['items']) {
          const obj = asObject(item);
          if (obj) out.push({ object: obj, file });
        }
        continue;
      }
      const obj = asObject(doc);
      if (obj) out.push({ object: obj, file });
    }
  }
  return out;
}
