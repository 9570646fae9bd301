// Every case of test/fixtures/provenance/expected.json: what helm v4.1.4 printed for
// `helm template --verify ...` on a chart archive on disk, and what flux-ts's provenance check
// says about the same archive, .prov and keyring (nothing when helm rendered the chart).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyLocalChart } from '../../../src/helm/provenance/index.js';

const fixtures = join(import.meta.dirname, '../../fixtures/provenance');

interface HelmCase {
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  status: number;
  stdout: string;
  stderr: string;
}

const cases = Object.entries(JSON.parse(readFileSync(join(fixtures, 'expected.json'), 'utf8')) as Record<string, HelmCase>);

/** The --keyring value and the chart of a case's arguments. */
function parse(args: string[]): { keyring?: string; chart: string } {
  const at = args.indexOf('--keyring');
  return { ...(at >= 0 ? { keyring: args[at + 1]!.replace('<fixtures>', fixtures) } : {}), chart: args[args.length - 1]! };
}

describe('helm template --verify on archives on disk', () => {
  it.each(cases)('%s', async (_name, c) => {
    const { keyring, chart } = parse(c.args);
    const cwd = resolve(fixtures, c.cwd ?? '.');
    const env = { HOME: '<home>', ...(c.env ?? {}) };
    let error = '';
    try {
      await verifyLocalChart(resolve(cwd, chart), keyring, env, (p) => resolve(cwd, p));
    } catch (e) {
      error = `Error: ${(e as Error).message}\n`.split(fixtures).join('<fixtures>');
    }
    expect(error).toBe(c.status === 0 ? '' : c.stderr);
  });

  it('covers good and failing cases', () => {
    expect(cases.filter(([, c]) => c.status === 0).length).toBeGreaterThan(10);
    expect(cases.filter(([, c]) => c.status !== 0).length).toBeGreaterThan(30);
  });
});
