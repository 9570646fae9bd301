// The pieces of drift detection: JSON pointers, ignore-rule targets, patch counting, Secret masks.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/cluster/types.js';
import { applyIgnoreRules, compileIgnoreRules, countOps, ignoresWholeObject, IgnoreRuleError, jsonPatch, maskSecretPair, matchesSelector, parsePointer, targetMatches } from '../../../src/reconcile/drift/index.js';

const deployment = (extra: Partial<KubeObject['metadata']> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'apps', labels: { tier: 'front' }, ...extra },
});

describe('drift detection pieces', () => {
  it('parses RFC 6901 pointers with escapes and refuses malformed ones', () => {
    expect(parsePointer('/metadata/annotations/a~1b~0c')).toEqual(['metadata', 'annotations', 'a/b~c']);
    expect(() => parsePointer('spec')).toThrow('invalid JSON pointer "spec": must start with "/"');
    expect(() => parsePointer('/a~2')).toThrow(/bad escape/);
  });

  it('removes ignored paths only from the objects a target selects', () => {
    const live = { spec: { replicas: 3, template: { x: 1 } } };
    const desired = { spec: { replicas: 2, template: { x: 1 } } };
    applyIgnoreRules([{ paths: ['/spec/replicas'], target: { kind: 'Deployment' } }], deployment(), [live, desired]);
    expect(jsonPatch(live, desired)).toEqual([]);
    const svcLive = { spec: { replicas: 3 } };
    applyIgnoreRules([{ paths: ['/spec/replicas'], target: { kind: 'Deployment' } }], { ...deployment(), kind: 'StatefulSet' }, [svcLive]);
    expect(svcLive).toEqual({ spec: { replicas: 3 } });
  });

  it('matches targets by anchored regular expressions and label selectors', () => {
    expect(targetMatches({ group: 'apps', version: 'v1', kind: 'Deploy.*', name: 'w.b', namespace: 'apps' }, deployment())).toBe(true);
    expect(targetMatches({ kind: 'Deploy' }, deployment())).toBe(false);
    expect(targetMatches({ labelSelector: 'tier=front' }, deployment())).toBe(true);
    expect(targetMatches({ labelSelector: 'tier in (back, db)' }, deployment())).toBe(false);
    expect(matchesSelector('a,!b,c!=x', { a: '1', c: 'y' })).toBe(true);
    expect(matchesSelector('a notin (1)', { a: '1' })).toBe(false);
  });

  it('reads label and annotation selectors with the Kubernetes grammar, set-based terms included', () => {
    const labels = { app: 'web', tier: 'front', replicas: '3' };
    expect(matchesSelector('app in (web, api), tier notin (db,cache), !legacy', labels)).toBe(true);
    expect(matchesSelector('app in (api)', labels)).toBe(false);
    // notin and != also select objects without the key.
    expect(matchesSelector('zone notin (eu), zone!=us', labels)).toBe(true);
    expect(matchesSelector('replicas>2,replicas<4', labels)).toBe(true);
    expect(matchesSelector('replicas>3', labels)).toBe(false);
    // `in` is an identifier in a value position, not an operator.
    expect(matchesSelector('app in (in, web)', labels)).toBe(true);
    expect(matchesSelector('app==web,tier=front', labels)).toBe(true);
    expect(targetMatches({ annotationSelector: 'example.com/skip in (true,yes)' }, deployment({ annotations: { 'example.com/skip': 'yes' } }))).toBe(true);
    expect(targetMatches({ annotationSelector: 'example.com/skip' }, deployment())).toBe(false);
  });

  it('compiles target fields as Go regular expressions, anchored', () => {
    expect(targetMatches({ kind: '(?i)deployment' }, deployment())).toBe(true);
    expect(targetMatches({ name: 'we' }, deployment())).toBe(false);
    expect(targetMatches({ namespace: 'ap|apps' }, deployment())).toBe(true);
  });

  it('refuses a malformed selector with jsondiff\'s wording, before any object is compared', () => {
    expect(() => targetMatches({ labelSelector: 'tier in (front' }, deployment())).toThrow(
      "failed to create ignore rule selector: unable to parse requirement: found '', expected: ',' or ')'",
    );
    // Go's own text for the regexp (checked with go1.19 regexp.Compile).
    expect(() => targetMatches({ kind: 'Deploy[' }, deployment())).toThrow('failed to create ignore rule selector: error parsing regexp: missing closing ]: `[)$`');
    // The error says which rule and which field of its target.
    let err: unknown;
    try {
      compileIgnoreRules([{ paths: ['/spec'] }, { paths: ['/x'], target: { kind: 'Secret', annotationSelector: 'a=(b' } }]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IgnoreRuleError);
    expect((err as IgnoreRuleError).message).toMatch(/^failed to create ignore rule selector: /);
    expect((err as IgnoreRuleError).path).toBe('ignore[1].target.annotationSelector');
  });

  it('an ignore rule on the root path excludes the whole object', () => {
    expect(ignoresWholeObject([{ paths: [''], target: { kind: 'Deployment' } }], deployment())).toBe(true);
    expect(ignoresWholeObject([{ paths: [''], target: { kind: 'Service' } }], deployment())).toBe(false);
    expect(ignoresWholeObject([{ paths: ['/spec'] }], deployment())).toBe(false);
  });

  it('counts additions, changes and removals of the patch from live to desired', () => {
    const ops = jsonPatch({ a: 1, b: [1, 2, 3], gone: true }, { a: 2, b: [1, 2], added: 'x' });
    expect(ops).toEqual([
      { op: 'remove', path: '/gone' },
      { op: 'replace', path: '/a' },
      { op: 'remove', path: '/b/2' },
      { op: 'add', path: '/added' },
    ]);
    expect(countOps(ops)).toEqual({ additions: 1, changes: 1, removals: 2 });
  });

  it('masks Secret data, telling changed keys apart', () => {
    const s = (data: Record<string, string>): KubeObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data });
    const { before, after } = maskSecretPair(s({ same: 'YQ==', old: 'Yg==' }), s({ same: 'YQ==', old: 'Yw==', fresh: 'ZA==' }));
    expect(before!['data']).toEqual({ same: '***', old: '*** (before)' });
    expect(after['data']).toEqual({ same: '***', old: '*** (after)', fresh: '*** (after)' });
  });
});
