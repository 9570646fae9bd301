// Coalescing rules, with the chart tree and expectations of Helm's coalesce_test.go.
import { describe, expect, it } from 'vitest';
import type { GoMap, GoValue } from '../../../src/gotemplate/value.js';
import { Chart } from '../../../src/helm/chart/types.js';
import { coalesceTables, coalesceValues, deepCopy, mergeTables, mergeValues } from '../../../src/helm/values/coalesce.js';
import { loadValues } from '../../../src/helm/yaml/read.js';

const userYaml = `
top: yup
bottom: null
right: Null
left: NULL
front: ~
back: ""
nested:
  boat: null

global:
  name: Ishmael
  subject: Queequeg
  nested:
    boat: true

pequod:
  boat: null
  global:
    name: Stinky
    harpooner: Tashtego
    nested:
      boat: false
      sail: true
      foo2: null
  ahab:
    scope: whale
    boat: null
    nested:
      foo: true
      boat: null
    object: null
`;

function chart(name: string, values: Record<string, unknown>, ...deps: Chart[]): Chart {
  const c = new Chart();
  c.metadata.name = name;
  c.values = loadValues(JSON.stringify(values));
  c.addDependency(...deps);
  return c;
}

function moby(): Chart {
  return chart(
    'moby',
    {
      back: 'exists', bottom: 'exists', front: 'exists', left: 'exists', name: 'moby', nested: { boat: true }, override: 'bad', right: 'exists', scope: 'moby', top: 'nope',
      global: { nested2: { l0: 'moby' } },
      pequod: { boat: 'maybe', ahab: { boat: 'maybe', nested: { boat: 'maybe' } } },
    },
    chart(
      'pequod',
      { name: 'pequod', scope: 'pequod', global: { nested2: { l1: 'pequod' } }, boat: false, ahab: { boat: false, nested: { boat: false } } },
      chart('ahab', {
        global: { nested: { foo: 'bar', foo2: 'bar2' }, nested2: { l2: 'ahab' } },
        scope: 'ahab', name: 'ahab', boat: true, nested: { foo: false, boat: true }, object: { foo: 'bar' },
      }),
    ),
    chart('spouter', { scope: 'spouter', global: { nested2: { l1: 'spouter' } } }),
  );
}

/** What {{ .a.b.c }} would print: "<no value>" for a missing or null value. */
function at(v: GoMap, path: string): string {
  let cur: GoValue = v;
  for (const p of path.split('.')) {
    if (cur === null || cur === undefined || typeof cur !== 'object' || Array.isArray(cur)) return '<no value>';
    cur = (cur as GoMap)[p];
  }
  return cur === null || cur === undefined ? '<no value>' : String(cur);
}

const shared: Array<[string, string]> = [
  ['top', 'yup'], ['back', ''], ['name', 'moby'], ['global.name', 'Ishmael'], ['global.subject', 'Queequeg'], ['global.harpooner', '<no value>'],
  ['pequod.name', 'pequod'], ['pequod.ahab.name', 'ahab'], ['pequod.ahab.scope', 'whale'], ['pequod.ahab.nested.foo', 'true'],
  ['pequod.ahab.global.name', 'Ishmael'], ['pequod.ahab.global.nested.foo', 'bar'], ['pequod.ahab.global.subject', 'Queequeg'],
  ['pequod.ahab.global.harpooner', 'Tashtego'], ['pequod.global.name', 'Ishmael'], ['pequod.global.nested.foo', '<no value>'],
  ['pequod.global.subject', 'Queequeg'], ['spouter.global.name', 'Ishmael'], ['spouter.global.harpooner', '<no value>'],
  ['global.nested.boat', 'true'], ['pequod.global.nested.boat', 'true'], ['spouter.global.nested.boat', 'true'],
  ['pequod.global.nested.sail', 'true'], ['spouter.global.nested.sail', '<no value>'],
  ['global.nested2.l0', 'moby'], ['global.nested2.l1', '<no value>'], ['global.nested2.l2', '<no value>'],
  ['pequod.global.nested2.l0', 'moby'], ['pequod.global.nested2.l1', 'pequod'], ['pequod.global.nested2.l2', '<no value>'],
  ['pequod.ahab.global.nested2.l0', 'moby'], ['pequod.ahab.global.nested2.l1', 'pequod'], ['pequod.ahab.global.nested2.l2', 'ahab'],
  ['spouter.global.nested2.l0', 'moby'], ['spouter.global.nested2.l1', 'spouter'], ['spouter.global.nested2.l2', '<no value>'],
];

describe('CoalesceValues', () => {
  const vals = loadValues(userYaml);
  const before = deepCopy(vals);
  const v = coalesceValues(moby(), vals);

  it.each(shared)('.%s is %j', (path, want) => {
    expect(at(v, path)).toBe(want);
  });

  it('removes keys the user set to null, at every level', () => {
    for (const k of ['bottom', 'right', 'left', 'front']) expect(k in v).toBe(false);
    expect('boat' in (v['nested'] as GoMap)).toBe(false);
    const pequod = v['pequod'] as GoMap;
    expect('boat' in pequod).toBe(false);
    const ahab = pequod['ahab'] as GoMap;
    expect('boat' in ahab).toBe(false);
    expect('boat' in (ahab['nested'] as GoMap)).toBe(false);
    expect('object' in ahab).toBe(false);
    expect(at(v, 'pequod.ahab.global.nested.foo2')).toBe('<no value>');
  });

  it('does not change its arguments', () => {
    expect(vals).toEqual(before);
  });
});

describe('MergeValues', () => {
  const v = mergeValues(moby(), loadValues(userYaml));
  it.each(shared)('.%s is %j', (path, want) => {
    expect(at(v, path)).toBe(want);
  });
  it('keeps the nulls', () => {
    for (const k of ['bottom', 'right', 'left', 'front']) expect(v[k]).toBeNull();
    expect('boat' in (v['nested'] as GoMap)).toBe(true);
  });
});

describe('CoalesceTables and MergeTables', () => {
  const dst = () =>
    loadValues(JSON.stringify({ name: 'Ishmael', address: { street: '123 Spouter Inn Ct.', city: 'Nantucket', country: null }, details: { friends: ['Tashtego'] }, boat: 'pequod', hole: null }));
  const src = () =>
    loadValues(JSON.stringify({ occupation: 'whaler', address: { state: 'MA', street: '234 Spouter Inn Ct.', country: 'US' }, details: 'empty', boat: { mast: true }, hole: 'black' }));

  it('lets dst win, fills from src, and drops keys dst nulls', () => {
    const warnings: string[] = [];
    const d = coalesceTables(dst(), src(), { log: (l) => warnings.push(l) })!;
    expect(d).toEqual({ name: 'Ishmael', occupation: 'whaler', address: { street: '123 Spouter Inn Ct.', city: 'Nantucket', state: 'MA' }, details: { friends: ['Tashtego'] }, boat: 'pequod' });
    expect(warnings).toEqual([
      'level=INFO msg="warning: cannot overwrite table with non table for boat (map[mast:true])"',
      'level=INFO msg="warning: destination for details is a table. Ignoring non-table value (empty)"',
    ]);
  });

  it('keeps nulls when merging', () => {
    const d = mergeTables(dst(), src())!;
    expect(d['hole']).toBeNull();
    expect((d['address'] as GoMap)['country']).toBeNull();
  });

  it('returns dst when src is nil (--reuse-values with no changes)', () => {
    const d = dst();
    expect(coalesceTables(d, null)).toBe(d);
  });
});
