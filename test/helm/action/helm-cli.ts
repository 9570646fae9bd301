// Runs the official helm v4 binary against a test server (reference tool, test-time only).
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helmBin } from '../../support/tools.js';

export interface HelmRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function helmRunner(kubeconfig: string): (...args: string[]) => Promise<HelmRun> {
  const dir = mkdtempSync(join(tmpdir(), 'flux-ts-helm-'));
  const env = { ...process.env, KUBECONFIG: kubeconfig, HELM_CACHE_HOME: join(dir, 'cache'), HELM_CONFIG_HOME: join(dir, 'config'), HELM_DATA_HOME: join(dir, 'data') };
  return (...args) =>
    new Promise((res) =>
      execFile(helmBin, args, { env, timeout: 60_000 }, (e, stdout, stderr) => res({ code: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr })),
    );
}
