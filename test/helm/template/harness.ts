// Runs the `flux-ts template` logic (runTemplate) on the fixture cases of test/fixtures/render
// and reads what real `helm template` printed for them (expected/<case>.out|.err|.rc).
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { join, resolve } from 'node:path';
import { defaultTemplateEnv } from '../../../src/helm/template/env.js';
import { parseTemplateArgs } from '../../../src/helm/template/flags.js';
import { runTemplate, type TemplateResult } from '../../../src/helm/template/run.js';

const execFileAsync = promisify(execFile);

export const fixtures = resolve(import.meta.dirname, '../../fixtures/render');

export interface Case {
  name: string;
  args: string[];
  /** Run in a child Node with this --stack-size (deep include recursion needs Helm's 1000 levels). */
  stackSizeKb?: number;
  /** --output-dir cases: the directory (relative to the fixtures) whose files are compared. */
  outputDir?: string;
  /** A known gap outside the renderer: the case must still fail until it is fixed. */
  blockedOn?: string;
}

export const cases: Case[] = JSON.parse(readFileSync(join(fixtures, 'cases.json'), 'utf8')) as Case[];

export function expected(name: string): { stdout: string; stderr: string; rc: number; tree?: Record<string, string> } {
  const base = join(fixtures, 'expected', name);
  const tree = existsSync(`${base}.tree.json`) ? (JSON.parse(readFileSync(`${base}.tree.json`, 'utf8')) as Record<string, string>) : undefined;
  return {
    stdout: readFileSync(`${base}.out`, 'utf8'),
    stderr: readFileSync(`${base}.err`, 'utf8'),
    rc: Number(readFileSync(`${base}.rc`, 'utf8').trim()),
    ...(tree ? { tree } : {}),
  };
}

/** The files under `dir` (relative to the fixtures), path → content; the directory is then removed. */
export function takeTree(dir: string): Record<string, string> {
  const tree: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const n of readdirSync(join(fixtures, d)).sort()) {
      const p = `${d}/${n}`;
      if (statSync(join(fixtures, p)).isDirectory()) walk(p);
      else tree[p] = readFileSync(join(fixtures, p), 'utf8');
    }
  };
  if (existsSync(join(fixtures, dir))) walk(dir);
  rmSync(join(fixtures, dir), { recursive: true, force: true });
  return tree;
}

/** Helm's stderr without its log lines: the text after "Error: ", if any. */
export function errorText(stderr: string): string | undefined {
  const lines = stderr.split('\n').filter((l) => !l.startsWith('level='));
  const text = lines.join('\n').replace(/\n$/, '');
  return text.startsWith('Error: ') ? text.slice('Error: '.length) : undefined;
}

export async function run(c: Case): Promise<TemplateResult> {
  if (c.stackSizeKb === undefined) return runTemplate(parseTemplateArgs(c.args), defaultTemplateEnv(fixtures));
  const script = join(import.meta.dirname, 'run-case.mts');
  const { stdout } = await execFileAsync(process.execPath, [`--stack-size=${c.stackSizeKb}`, '--import', 'tsx', script, fixtures, ...c.args], { maxBuffer: 64 << 20 });
  return JSON.parse(stdout) as TemplateResult;
}
