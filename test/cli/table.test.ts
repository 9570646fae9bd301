import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { headerTitle, renderTable } from '../../src/cli/printers/table.js';
import { displayWidth } from '../../src/cli/printers/width.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/get/${name}`, import.meta.url), 'utf8');
const HEADER = ['Name', 'Revision', 'Suspended', 'Ready', 'Message'];

describe('table printer (flux TablePrinter over tablewriter v0.0.5)', () => {
  it('reproduces flux get.golden byte for byte', () => {
    const row = (name: string) => [name, 'main@sha1:696f056d', 'False', 'True', 'Fetched revision: main@sha1:696f056d'];
    expect(renderTable(HEADER, [row('podinfo'), row('podinfo-shard1'), row('podinfo-shard2')])).toBe(fixture('get.golden'));
  });

  it('pads an empty REVISION to the header width (get_status_ready_not_true.golden)', () => {
    const rows = [
      ['gr-failed', '', 'False', 'False', 'failed to checkout and determine revision'],
      ['gr-unknown', '', 'False', 'Unknown', 'reconciliation in progress'],
    ];
    expect(renderTable(HEADER, rows)).toBe(fixture('get_status_ready_not_true.golden'));
  });

  it('matches the helmrelease golden from flux-cli.md §0.3', () => {
    const msg = 'Helm install succeeded for release thrfg-1/thrfg.v1 with chart podinfo@6.3.5';
    const out = renderTable(HEADER, [['thrfg', '6.3.5', 'False', 'True', msg]]);
    expect(out).toBe(`NAME \tREVISION\tSUSPENDED\tREADY\tMESSAGE${' '.repeat(69)} \nthrfg\t6.3.5   \tFalse    \tTrue \t${msg}\t\n`);
  });

  it('prints nothing without header and rows, only the header without rows', () => {
    expect(renderTable(undefined, [])).toBe('');
    expect(renderTable([], [])).toBe('');
    expect(renderTable(['Name', 'Ready'], [])).toBe('NAME\tREADY \n');
  });

  it('omits the header line when the header is empty (--no-header)', () => {
    expect(renderTable(undefined, [['a', 'bb']])).toBe('a\tbb\t\n');
  });

  it('turns multi-line cells into several lines with two-space fillers', () => {
    const out = renderTable(['Name', 'Message'], [['x', 'line one\nline 2']]);
    expect(out).toBe('NAME\tMESSAGE  \nx   \tline one\t\n    \tline 2  \t\n');
    const filler = renderTable(undefined, [['abc', 'l1\nl2']]);
    expect(filler).toBe('abc\tl1\t\n   \tl2\t\n');
  });

  it('pads by display width: East Asian wide characters count 2, combining marks 0', () => {
    expect(displayWidth('日本')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('\u001b[31mred\u001b[0m')).toBe(3);
    expect(renderTable(['Name'], [['日本'], ['ab']])).toBe('NAME \n日本\t\nab  \t\n');
  });

  it('never truncates long values', () => {
    const long = 'x'.repeat(500);
    expect(renderTable(undefined, [[long]])).toBe(`${long}\t\n`);
  });
});

describe('header titles (tablewriter Title)', () => {
  it('upper-cases and maps underscores and dots', () => {
    expect(headerTitle('Name')).toBe('NAME');
    expect(headerTitle('last_seen')).toBe('LAST SEEN');
    expect(headerTitle('api.version')).toBe('API VERSION');
    expect(headerTitle('v1.2')).toBe('V1.2');
    expect(headerTitle('a.2')).toBe('A 2');
    expect(headerTitle('1.2')).toBe('1.2');
    expect(headerTitle('_')).toBe(' ');
  });
});
