// Every case of test/fixtures/render/cases.json rendered by flux-ts and compared byte for
// byte with what helm v4.1.4 printed (stdout, and the error text on failure).
import { describe, expect, it } from 'vitest';
import { cases, errorText, expected, run, takeTree } from './harness.js';

describe('flux-ts template matches helm template', () => {
  for (const c of cases) {
    // A blocked case is expected to fail; once its blocker is fixed this turns red as a reminder
    // to drop the `blockedOn` mark.
    const test = c.blockedOn === undefined ? it : it.fails;
    test(`${c.name}: helm template ${c.args.join(' ')}${c.blockedOn ? ` (blocked on ${c.blockedOn})` : ''}`, async () => {
      const want = expected(c.name);
      if (c.outputDir) takeTree(c.outputDir);
      const got = await run(c);
      const tree = c.outputDir ? takeTree(c.outputDir) : undefined;
      expect(got.error).toBe(errorText(want.stderr));
      // Helm's log lines (coalescing warnings, skipped hooks, deprecation) come first.
      expect(got.warnings.map((w) => `${w}\n`).join('') + (got.error !== undefined ? `Error: ${got.error}\n` : '')).toBe(want.stderr);
      if (want.rc === 0) expect(got.stdout).toBe(want.stdout);
      if (want.tree) expect(tree).toEqual(want.tree);
    });
  }
});
