// The other flags of `helm template`: checked, applied or accepted exactly as helm v4.1.4 does
// (its output for the same arguments, in the same run, is the expected one).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparable, fluxCommand, helmEnv, helmTemplate } from './helm-live.js';

const charts = join(import.meta.dirname, '../../fixtures/render/charts');
const env = helmEnv();

async function same(args: string[]): Promise<void> {
  const [helm, ours] = [await helmTemplate(args, charts, env), await fluxCommand(args, env)];
  expect(comparable(ours)).toEqual(comparable(helm));
}

describe('helm template flags', () => {
  it('-l/--labels: key=value pairs, system labels refused', async () => {
    await same(['rel', join(charts, 'basic'), '-l', 'team=a,tier=b', '--labels', 'x=y']);
    await same(['rel', join(charts, 'basic'), '-l', 'owner=me']);
    await same(['rel', join(charts, 'basic'), '-l', 'nope']);
  });

  it('--wait: strategies, deprecated booleans, bad values', async () => {
    for (const v of ['--wait=watcher', '--wait=legacy', '--wait=true', '--wait=false', '--wait=bogus']) await same(['rel', join(charts, 'basic'), v]);
    await same(['rel', join(charts, 'basic'), '--wait']);
  });

  it('install flags that change nothing template prints', () =>
    same([
      'rel',
      join(charts, 'basic'),
      '--create-namespace',
      '--description',
      'x',
      '--force-conflicts',
      '--hide-notes',
      '--render-subchart-notes',
      '--replace',
      '--rollback-on-failure',
      '--wait-for-jobs',
      '--skip-crds',
      '--take-ownership',
      '--disable-openapi-validation',
      '--devel',
      '--dependency-update',
    ]));

  it('--atomic and --force are deprecated', async () => {
    await same(['rel', join(charts, 'basic'), '--atomic']);
    await same(['rel', join(charts, 'basic'), '--force']);
  });

  it('mutually exclusive flags', async () => {
    await same(['rel', join(charts, 'basic'), '--force', '--force-conflicts']);
    await same(['rel', join(charts, 'basic'), '--force-replace', '--force-conflicts', '--validate', '--dry-run=client']);
  });

  it('--verify of an unpacked chart', () => same(['rel', join(charts, 'basic'), '--verify']));

  it('an unknown flag is refused', async () => {
    const ours = await fluxCommand(['rel', join(charts, 'basic'), '--no-such-flag'], env);
    expect(ours.status).toBe(1);
    expect(ours.stderr).toContain('--no-such-flag');
  });
});
