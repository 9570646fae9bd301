import { posix } from 'node:path';
// How `helm template` prints what it rendered: CRDs (with --include-crds), then the release
// manifest in install order, then hooks in kind order; `--show-only` re-splits that text and keeps
// the documents whose `# Source:` path matches; `--output-dir` writes files instead.
import type { Hook, Manifest } from '../manifest/index.js';
import { isTestHook, splitManifests } from '../manifest/index.js';
import { trimGoSpace } from '../manifest/gospace.js';
import { goPathMatch } from '../chart/ignore.js';

export interface CrdFile {
  /** Path shown in `# Source:`, e.g. `mychart/crds/crd.yaml`. */
  filename: string;
  data: string;
}

export interface TemplateOutputInput {
  crds: CrdFile[];
  manifests: Manifest[];
  hooks: Hook[];
  includeCrds: boolean;
  skipTests: boolean;
  /** --no-hooks */
  disableHooks: boolean;
  /** --show-only patterns */
  showOnly: string[];
}

export class ShowOnlyError extends Error {}

/** The release manifest as Helm builds it (renderResources, stdout mode). */
export function releaseManifest(input: Pick<TemplateOutputInput, 'crds' | 'manifests' | 'includeCrds'>): string {
  let b = '';
  if (input.includeCrds) for (const crd of input.crds) b += `---\n# Source: ${crd.filename}\n${crd.data}\n`;
  for (const m of input.manifests) b += `---\n# Source: ${m.name}\n${m.content}\n`;
  return b;
}

function visibleHooks(input: Pick<TemplateOutputInput, 'hooks' | 'skipTests' | 'disableHooks'>): Hook[] {
  if (input.disableHooks) return [];
  return input.hooks.filter((h) => !(input.skipTests && isTestHook(h)));
}

/** Everything `helm template` writes to stdout when no --output-dir is given. */
export function templateStdout(input: TemplateOutputInput): string {
  let manifests = `${trimGoSpace(releaseManifest(input))}\n`;
  for (const h of visibleHooks(input)) manifests += `---\n# Source: ${h.path}\n${h.manifest}\n`;
  return showOnlyFilter(manifests, input.showOnly);
}

/**
 * With --debug, a failed render still prints what the release holds: the manifest text
 * (empty, or every rendered file when the YAML could not be parsed), through --show-only.
 */
export function debugStdout(manifest: string, showOnly: string[]): string {
  return showOnlyFilter(`${trimGoSpace(manifest)}\n`, showOnly);
}

/** --show-only: the documents of `manifests` whose `# Source:` path matches, pattern by pattern. */
function showOnlyFilter(manifests: string, showOnly: string[]): string {
  if (showOnly.length === 0) return manifests;
  const docs = splitManifests(manifests);
  const sourceRe = /# Source: [^/]+\/(.+)/;
  const selected: string[] = [];
  // filepath.ToSlash is the identity on Linux, so backslashes stay as typed.
  for (const pattern of showOnly) {
    let missing = true;
    for (const doc of docs) {
      const m = sourceRe.exec(doc);
      if (m === null) continue;
      if (!goPathMatch(pattern, m[1]!)) continue;
      selected.push(doc);
      missing = false;
    }
    if (missing) throw new ShowOnlyError(`could not find template ${pattern} in chart`);
  }
  return selected.map((d) => `---\n${d}\n`).join('');
}

export interface OutputDirInput extends TemplateOutputInput {
  outputDir: string;
  releaseName: string;
  /** --release-name: write under <output-dir>/<release name>/ */
  useReleaseName: boolean;
}

/** The filesystem operations --output-dir needs (injected so tests can use a temp dir). */
export interface OutputFs {
  exists(path: string): boolean;
  mkdirp(dir: string): void;
  write(path: string, data: string): void;
  append(path: string, data: string): void;
}

/** strings.Join([]string{dir, name}, "/"): no cleaning, as Helm writes it. */
function joinPath(a: string, b: string): string {
  return `${a}/${b}`;
}

/**
 * `helm template --output-dir`: CRDs go under the output dir, manifests and hooks under
 * the output dir (or <dir>/<release> with --release-name); documents of one template share a
 * file. Returns what Helm prints to stdout ("wrote <file>" per document, then a blank line).
 */
export function writeOutputDir(input: OutputDirInput, fs: OutputFs): { stdout: string; error?: Error } {
  let stdout = '';
  const writeToFile = (dir: string, name: string, data: string, append: boolean): void => {
    const file = joinPath(dir, name);
    fs.mkdirp(file.slice(0, file.lastIndexOf('/')));
    const text = `---\n# Source: ${name}\n${data}\n`;
    if (append) fs.append(file, text);
    else fs.write(file, text);
    stdout += `wrote ${file}\n`;
  };
  const written = new Set<string>();
  if (input.includeCrds) {
    for (const crd of input.crds) {
      writeToFile(input.outputDir, crd.filename, crd.data, written.has(crd.filename));
      written.add(crd.filename);
    }
  }
  // filepath.Join cleans the path; the plain output dir is used as typed.
  const dir = input.useReleaseName ? posix.join(input.outputDir, input.releaseName) : input.outputDir;
  for (const m of input.manifests) {
    writeToFile(dir, m.name, m.content, written.has(m.name));
    written.add(m.name);
  }
  const hookWritten = new Set<string>();
  for (const h of visibleHooks(input)) {
    if (fs.exists(joinPath(dir, h.path))) hookWritten.add(h.path);
    writeToFile(dir, h.path, h.manifest, hookWritten.has(h.path));
  }
  // The release manifest is empty in this mode, so Helm prints a lone newline, and --show-only
  // finds nothing in it.
  if (input.showOnly.length > 0) return { stdout, error: new ShowOnlyError(`could not find template ${input.showOnly[0]} in chart`) };
  return { stdout: `${stdout}\n` };
}
