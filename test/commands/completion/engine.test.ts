// The completion engine on a small command tree, without a cluster: how the typed words are
// followed, which flag's value is being typed, and what is offered.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { complete, formatCompletion, walk, type Lookups } from '../../../src/commands/completion-engine.js';
import { helmReleaseKind } from '../../../src/kinds/registry.js';
import type { AnyFluxKind } from '../../../src/kinds/registry.js';

function tree(): Command {
  const root = new Command('flux-ts').option('-n, --namespace <ns>', 'namespace').option('--kubeconfig <path>', 'path to the kubeconfig file').option('--verbose', 'more');
  const rec = root.command('reconcile');
  rec.command('helmrelease').aliases(['hr']).argument('[name]').option('--with-source', 'source too');
  root.command('suspend').command('helmrelease').aliases(['hr']).argument('[name...]');
  root.command('secret', { hidden: true });
  return root;
}

const lookups = (names: string[] = ['a', 'b']): Lookups & { asked: string[] } => {
  const asked: string[] = [];
  return {
    asked,
    namespaces: async () => ['apps', 'infra'],
    kubeconfigNames: async () => ['kind-dev'],
    names: async (_kind, ns) => {
      asked.push(ns);
      return names;
    },
  };
};

const kindFor = (c: Command): AnyFluxKind | undefined => (c.name() === 'helmrelease' ? (helmReleaseKind as AnyFluxKind) : undefined);

async function offer(words: string[], l = lookups()) {
  return complete(tree(), { words, defaultNamespace: 'flux-system', kindFor }, l);
}

describe('completion engine', () => {
  it('follows aliases and records the namespace typed on the way', () => {
    const w = walk(tree(), ['reconcile', 'hr', '-n', 'apps', 'x', '']);
    expect([w.cmd.name(), w.positionals, w.typed.namespace]).toEqual(['helmrelease', 1, 'apps']);
    expect(walk(tree(), ['--namespace=infra', 'suspend', '']).typed.namespace).toBe('infra');
    expect(walk(tree(), ['reconcile', '-n', '']).pendingFlag?.long).toBe('--namespace');
  });

  it('offers visible sub-commands, then flags in scope', async () => {
    expect((await offer([''])).candidates).toEqual(['reconcile', 'suspend']);
    expect((await offer(['reconcile', 'hr', '--'])).candidates).toEqual(['--with-source', '--namespace', '--kubeconfig', '--verbose']);
  });

  it('offers names in the typed namespace, once for single-name commands', async () => {
    const l = lookups();
    expect(await offer(['reconcile', 'hr', '-n', 'apps', ''], l)).toEqual({ candidates: ['a', 'b'], directive: 4 });
    expect(l.asked).toEqual(['apps']);
    expect((await offer(['reconcile', 'hr', 'a', ''])).candidates).toEqual([]);
    expect((await offer(['suspend', 'hr', 'a', ''])).candidates).toEqual(['a', 'b']);
    const d = lookups();
    await offer(['suspend', 'hr', ''], d);
    expect(d.asked).toEqual(['flux-system']);
  });

  it('flag values: namespaces, files for paths', async () => {
    expect(await offer(['-n', 'i'])).toEqual({ candidates: ['infra'], directive: 4 });
    expect(await offer(['--kubeconfig', ''])).toEqual({ candidates: [], directive: 0 });
  });

  it('prints cobra’s format', () => {
    expect(formatCompletion({ candidates: ['a', 'b'], directive: 4 })).toBe('a\nb\n:4\n');
  });
});
