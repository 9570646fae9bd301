// kustomize's patches and images against the real kustomize (kubectl kustomize), case by case:
// test/kustomize/fixtures/<case>/{resources,input}.yaml and the output gen-fixtures.mjs recorded.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { kustomize, parseResources, resourcesYaml, type ImageRule, type PatchSpec } from '../../src/kustomize/index.js';

const root = join(import.meta.dirname, 'fixtures');

describe('kustomize patches and images match kubectl kustomize', () => {
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    const input = (parse(readFileSync(join(dir, 'input.yaml'), 'utf8')) ?? {}) as { patches?: PatchSpec[]; images?: ImageRule[] };
    const run = () => resourcesYaml(kustomize(parseResources(readFileSync(join(dir, 'resources.yaml'), 'utf8')), { patches: input.patches ?? [], images: input.images ?? [] }));
    if (existsSync(join(dir, 'expected.yaml'))) {
      it(name, () => {
        expect(run()).toBe(readFileSync(join(dir, 'expected.yaml'), 'utf8'));
      });
    } else {
      it(`${name} fails as kustomize does`, () => {
        // kustomize wraps the cause in what it was doing; the cause is ours to match.
        const kustomizeSays = readFileSync(join(dir, 'expected-error.txt'), 'utf8');
        let ours = '';
        try {
          run();
        } catch (e) {
          ours = (e as Error).message;
        }
        expect(ours).not.toBe('');
        // We also name the object (`Kind namespace/name: `); kustomize does not.
        expect(kustomizeSays).toContain(ours.replace(/^[A-Za-z]+ [^ :]+: /, ''));
      });
    }
  }
});
