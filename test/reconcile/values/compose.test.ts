// Facts from fluxcd/pkg chartutil values_test.go (TestChartValuesFromReferences), ported.
import { describe, expect, it } from 'vitest';
import { composeValues, readValues, ValuesReferenceError, type ValuesReference } from '../../../src/reconcile/values/index.js';
import { fakeSource } from './fake-source.js';

const cm = (name: string, data?: Record<string, string>) => ({ kind: 'ConfigMap' as const, name, data });
const secret = (name: string, data?: Record<string, string>) => ({ kind: 'Secret' as const, name, data });

async function compose(objects: Parameters<typeof fakeSource>[0], refs: ValuesReference[], inline?: string) {
  const { source } = fakeSource(objects);
  return composeValues(source, '', inline ? readValues(inline) : undefined, refs);
}

describe('composeValues (valuesFrom as Flux composes it)', () => {
  it('merges documents in order, maps and scalars replacing each other both ways', async () => {
    const got = await compose(
      [cm('values', { 'values.yaml': 'flat: value\nnested:\n  configuration: value\n' }), secret('values', { 'values.yaml': 'flat:\n  nested: value\nnested: value\n' })],
      [{ kind: 'ConfigMap', name: 'values' }, { kind: 'Secret', name: 'values' }],
      '\nother: values\n',
    );
    expect(got).toEqual({ flat: { nested: 'value' }, nested: 'value', other: 'values' });
  });

  it('writes a targetPath value into nested maps', async () => {
    const got = await compose([secret('values', { single: 'value' })], [{ kind: 'Secret', name: 'values', valuesKey: 'single', targetPath: 'merge.at.specific.path' }]);
    expect(got).toEqual({ merge: { at: { specific: { path: 'value' } } } });
  });

  it('lets a nested targetPath beat inline values (the aliasing quirk)', async () => {
    const got = await compose(
      [cm('values', { 'values.yaml': 'flat: value\nnested:\n  configuration:\n  - one\n  - two\n  - three\n' }), secret('values', { key: 'value' })],
      [{ kind: 'Secret', name: 'values', valuesKey: 'key', targetPath: 'nested.configuration[0]' }, { kind: 'ConfigMap', name: 'values' }],
      '\nnested:\n  configuration:\n  - list\n  - item\n  - option\n',
    );
    expect(got).toEqual({ flat: 'value', nested: { configuration: ['value', 'item', 'option'] } });
  });

  it('sets a string list item by index', async () => {
    const got = await compose(
      [cm('values', { 'values.yaml': 'flat: value\nnested:\n  configuration:\n  - list\n  - item\n  - option\n' }), secret('values', { 'values.yaml': 'foo' })],
      [{ kind: 'ConfigMap', name: 'values' }, { kind: 'Secret', name: 'values', targetPath: 'nested.configuration[1]' }],
      '\nother: values\n',
    );
    expect(got).toEqual({ flat: 'value', nested: { configuration: ['list', 'foo', 'option'] }, other: 'values' });
  });

  it('lets inline values beat a top-level targetPath key', async () => {
    const got = await compose([secret('s', { v: 'fromSecret' })], [{ kind: 'Secret', name: 's', valuesKey: 'v', targetPath: 'foo' }], 'foo: inline\n');
    expect(got).toEqual({ foo: 'inline' });
  });

  it('lets inline values win again when an earlier document created the parent map', async () => {
    const got = await compose(
      [cm('c', { 'values.yaml': 'a:\n  x: 1\n' }), secret('s', { v: 'fromSecret' })],
      [{ kind: 'ConfigMap', name: 'c' }, { kind: 'Secret', name: 's', valuesKey: 'v', targetPath: 'a.b' }],
      'a:\n  b: inline\n',
    );
    expect(got).toEqual({ a: { x: 1, b: 'inline' } });
  });

  it.each([
    ['Secret', "could not resolve Secret chart values reference '/missing' with key 'values.yaml': secrets \"missing\" not found"],
    ['ConfigMap', "could not resolve ConfigMap chart values reference '/missing' with key 'values.yaml': configmaps \"missing\" not found"],
  ])('fails on a missing %s, naming it', async (kind, message) => {
    await expect(compose([], [{ kind, name: 'missing' }])).rejects.toThrow(message);
  });

  it.each(['Secret', 'ConfigMap'])('skips a missing optional %s', async (kind) => {
    const skipped: string[] = [];
    const { source } = fakeSource([]);
    const got = await composeValues(source, 'ns', undefined, [{ kind, name: 'missing', optional: true }], { onSkipped: (m) => skipped.push(m) });
    expect(got).toEqual({});
    expect(skipped[0]).toMatch(/^could not resolve optional \w+ chart values reference 'ns\/missing'/);
  });

  it.each([
    ['Secret', secret('values')],
    ['ConfigMap', cm('values')],
  ] as const)('fails on a missing key in a %s', async (kind, obj) => {
    await expect(compose([obj], [{ kind, name: 'values', valuesKey: 'nonexisting' }])).rejects.toThrow(
      `could not resolve ${kind} chart values reference '/values' with key 'nonexisting': key not found`,
    );
  });

  it('refuses an unsupported kind', async () => {
    const err = await compose([], [{ kind: 'Unsupported', name: '' }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValuesReferenceError);
    expect((err as Error).message).toBe("could not resolve Unsupported chart values reference '/' with key 'values.yaml': unsupported values reference kind");
  });

  it('refuses a document that is not a map', async () => {
    const err = await compose([cm('values', { 'values.yaml': '\ninvalid' })], [{ kind: 'ConfigMap', name: 'values' }]).catch((e: unknown) => e);
    expect((err as ValuesReferenceError).reason).toBe('failed to read values data');
    expect((err as Error).message).toMatch(/^could not resolve ConfigMap chart values reference '\/values' with key 'values.yaml': error unmarshaling JSON/);
  });

  it('reads each object once, and an absent optional object stays absent', async () => {
    const { source, reads } = fakeSource([{ ...cm('a', { 'values.yaml': 'x: 1', other: 'z: 2' }), namespace: 'ns' }]);
    const got = await composeValues(source, 'ns', undefined, [
      { kind: 'ConfigMap', name: 'a' },
      { kind: 'ConfigMap', name: 'a', valuesKey: 'other' },
      { kind: 'Secret', name: 'gone', optional: true },
      { kind: 'Secret', name: 'gone', optional: true },
    ]);
    expect(got).toEqual({ x: 1, z: 2 });
    expect(reads).toEqual(['ConfigMap/ns/a', 'Secret/ns/gone']);
  });

  it('refuses a non-literal value the --set grammar cannot read, keeps it verbatim with literal', async () => {
    const objects = [cm('values', { config: 'endpoints: [a,b,c]' })];
    const ref: ValuesReference = { kind: 'ConfigMap', name: 'values', valuesKey: 'config', targetPath: 'externalConfig.application\\.yml.content' };
    const err = await compose(objects, [ref]).catch((e: unknown) => e);
    expect((err as ValuesReferenceError).reason).toBe('failed to merge value');
    expect(await compose(objects, [{ ...ref, literal: true }])).toEqual({ externalConfig: { 'application.yml': { content: 'endpoints: [a,b,c]' } } });
  });

  it('keeps a multi-line HOCON document verbatim with literal', async () => {
    const hocon = 'akka {\n  loglevel = "INFO"\n  actor { provider = "cluster", serializers = { java = "x" } }\n}\n';
    expect(await compose([cm('h', { conf: hocon })], [{ kind: 'ConfigMap', name: 'h', valuesKey: 'conf', targetPath: 'app.conf', literal: true }])).toEqual({ app: { conf: hocon } });
  });

  it('ignores literal without targetPath (the document is merged at the root)', async () => {
    expect(await compose([cm('v', { 'values.yaml': 'a: b' })], [{ kind: 'ConfigMap', name: 'v', literal: true }])).toEqual({ a: 'b' });
  });

  it('flux2#2625: a broker list is an error unless literal; the error does not quote the Secret', async () => {
    const objects = [secret('k', { brokers: 'kafka01.net:9092,kafka02.net:9092,kafka03.net:9092' })];
    const ref: ValuesReference = { kind: 'Secret', name: 'k', valuesKey: 'brokers', targetPath: 'kafka.brokers' };
    const err = (await compose(objects, [ref]).catch((e: unknown) => e)) as ValuesReferenceError;
    expect(err.message).toBe("could not resolve Secret chart values reference '/k' with key 'brokers': failed to merge value");
    expect(err.cause).toBeInstanceOf(Error);
    expect(await compose(objects, [{ ...ref, literal: true }])).toEqual({ kafka: { brokers: 'kafka01.net:9092,kafka02.net:9092,kafka03.net:9092' } });
  });
});
