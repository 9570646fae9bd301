// Start-up cost is a feature: the modules loaded before a command's action runs (the static
// import graph of the bundle's entry and of the command tree) must not contain the heavy
// libraries. Checked on the built bundle (dist/, built by the global setup).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const HEAVY: Record<string, string> = {
  '@kubernetes/client-node': 'HTTP protocol is not allowed when skipTLSVerify',
  yaml: 'Implicit keys need to be on a single line',
  ora: '⠋',
};

/** Files reached from `file` through static imports only (dynamic import() is lazy). */
function staticGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/(?:from|import)\s*"(\.\.?\/[^"]+)"/g)) staticGraph(join(dirname(file), m[1] as string), seen);
  return seen;
}

function dynamicTargets(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/import\("(\.\.?\/[^"]+)"\)/g)].map((m) => join(dirname(file), m[1] as string));
}

function heavyIn(files: Set<string>): string[] {
  const found: string[] = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const [lib, marker] of Object.entries(HEAVY)) if (text.includes(marker)) found.push(`${lib} in ${f}`);
  }
  return found;
}

describe('bundle start-up graph', () => {
  it('--version loads only the entry file', () => {
    expect([...staticGraph('dist/cli.js')]).toEqual(['dist/cli.js']);
  });

  it('the command tree (what every command loads before its action) has no heavy library', () => {
    const [runChunk] = dynamicTargets('dist/cli.js');
    expect(runChunk).toBeDefined();
    expect(heavyIn(staticGraph(runChunk as string))).toEqual([]);
  });

  it('client-node is bundled, but only behind a dynamic import', () => {
    const [runChunk] = dynamicTargets('dist/cli.js');
    const everything = new Set<string>();
    const visit = (f: string) => {
      if (everything.has(f)) return;
      for (const s of staticGraph(f)) {
        everything.add(s);
        for (const d of dynamicTargets(s)) visit(d);
      }
    };
    visit(runChunk as string);
    expect(heavyIn(everything).some((h) => h.startsWith('@kubernetes/client-node'))).toBe(true);
  });
});
