// Index loading: the fast line scanner must read exactly what the YAML parser reads, and hand
// anything unusual to it; entries Flux would drop are dropped; JSON indexes work.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIndex, scanHelmYaml, slowYaml } from '../../src/sources/helm/repo-index.js';
import { helmPackage, helmRepoIndex, tempDir } from './helpers.js';

let helmIndex: string;
let dir: string;

beforeAll(() => {
  dir = tempDir();
  for (const v of ['1.0.0', '1.1.0-rc.1', '2.0.0+build.1']) helmPackage(dir, v);
  helmPackage(dir, '0.1.0', { name: 'other' });
  helmRepoIndex(dir, 'https://charts.example.com/stable');
  helmIndex = readFileSync(join(dir, 'index.yaml'), 'utf8');
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the fast scanner', () => {
  it('reads a `helm repo index` file exactly like the YAML parser', () => {
    const fast = scanHelmYaml(helmIndex);
    expect(fast).toBeDefined();
    expect(fast).toEqual(slowYaml(helmIndex));
    expect(fast!.entries.get('podinfo-lite')!.map((e) => e.version).sort()).toEqual(['1.0.0', '1.1.0-rc.1', '2.0.0+build.1']);
    expect(fast!.entries.get('other')![0]!.urls).toEqual(['https://charts.example.com/stable/other-0.1.0.tgz']);
  });

  const tricky: [string, string][] = [
    ['flow-style urls', 'apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 1.0.0\n    urls: [a-1.0.0.tgz]\n'],
    ['anchors', 'apiVersion: v1\nentries:\n  a:\n  - name: &n a\n    version: 1.0.0\n    urls:\n    - x.tgz\n  b:\n  - name: *n\n    version: 2.0.0\n'],
    ['multi-line plain version', 'apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 1.0.0\n      -rc.1\n'],
    ['flow mapping entries', 'apiVersion: v1\nentries: {a: [{name: a, version: 1.0.0}]}\n'],
  ];
  it.each(tricky)('hands %s to the YAML parser and gets the same result', (_name, text) => {
    expect(scanHelmYaml(text)).toBeUndefined();
    expect(() => parseIndex(text)).not.toThrow();
  });

  it('refuses tab indentation like the YAML parser', () => {
    expect(scanHelmYaml('apiVersion: v1\nentries:\n\ta:\n')).toBeUndefined();
    expect(() => parseIndex('apiVersion: v1\nentries:\n\ta:\n')).toThrowError(/^error unmarshaling index: Tabs are not allowed/);
  });

  it('handles indented sequences, quoting, comments and CRLF', () => {
    const text = [
      'apiVersion: "v1"',
      '# comment',
      'entries:',
      '  "quoted-chart":',
      '    - name: \'quoted-chart\'',
      '      version: "1.10"',
      '      description: |',
      '        version: 9.9.9',
      '        name: not-this',
      '      urls:',
      '        - "https://x/y.tgz" # trailing comment',
      '      digest: abc',
      'generated: now',
      '',
    ].join('\r\n');
    const fast = scanHelmYaml(text);
    expect(fast).toEqual(slowYaml(text));
    expect(fast!.entries.get('quoted-chart')).toEqual([{ name: 'quoted-chart', version: '1.10', urls: ['https://x/y.tgz'], digest: 'abc' }]);
  });
});

describe('parseIndex', () => {
  it('reads JSON indexes and drops entries Flux would drop', () => {
    const json = JSON.stringify({
      apiVersion: 'v1',
      entries: {
        a: [
          { name: 'a', version: '1.0.0', urls: ['a-1.0.0.tgz'], digest: 'd' },
          { name: 'a', version: 'not-semver', urls: ['x.tgz'] },
          { name: '', version: '2.0.0', urls: ['y.tgz'] },
        ],
      },
    });
    expect(parseIndex(json).entries.get('a')).toEqual([{ name: 'a', version: '1.0.0', urls: ['a-1.0.0.tgz'], digest: 'd' }]);
  });

  it('refuses empty and API-less indexes with Helm texts', () => {
    expect(() => parseIndex('')).toThrowError('empty index.yaml file');
    expect(() => parseIndex('entries: {}\n')).toThrowError('no API version specified');
    expect(() => parseIndex('apiVersion: v1\nentries: [\n')).toThrowError(/^error unmarshaling index: /);
  });
});
