import { describe, expect, it } from 'vitest';
import { startSpinner } from '../../src/cli/spinner.js';
import type { GlobalOptions } from '../../src/cli/globals.js';

const options = (color: boolean): GlobalOptions => ({
  namespace: 'flux-system',
  namespaceExplicit: false,
  allNamespaces: false,
  timeoutMs: 300_000,
  verbose: false,
  color,
  kube: {},
  kubeApi: { qps: 50, burst: 300 },
});

describe('spinner', () => {
  it('writes nothing when decoration is off (no TTY, CI, --no-color)', async () => {
    const writes: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => {
      writes.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      const s = await startSpinner({ options: options(false) }, 'waiting');
      s.update('still waiting');
      s.stop();
    } finally {
      process.stderr.write = original;
    }
    expect(writes).toEqual([]);
  });
});
