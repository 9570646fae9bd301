// Writes the flux-ts `get` goldens for helmreleases.yaml (npx tsx test/commands/get/write-goldens.ts).
// There is no flux binary offline: each output was reviewed line by line against the rules of
// flux-cli.md §0.3/§1 before it was committed; the byte layout itself is pinned by flux's own
// goldens (flux-port.test.ts). Re-run only when a rule deliberately changes, and review the diff.
import { writeFileSync } from 'node:fs';
import { GOLDEN_CASES, GOLDEN_VARS } from './cases.js';
import { fixture, fluxTs, render, startFluxServer } from './harness.js';

const server = await startFluxServer(render(fixture('helmreleases.yaml'), GOLDEN_VARS));
try {
  for (const c of GOLDEN_CASES) {
    const out = await fluxTs(server, c.args);
    if (out.code !== 0) throw new Error(`${c.args.join(' ')} failed: ${out.stderr}`);
    writeFileSync(new URL(`../../fixtures/get/${c.golden}`, import.meta.url), out.stdout);
  }
} finally {
  await server.close();
}
