// The non-hermetic functions: a fixed clock makes now/ago/date deterministic; random functions
// keep to their alphabets, lengths and ranges; getHostByName follows Helm's --enable-dns.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatValue } from '../../../../../src/gotemplate/fmt.js';
import { GoNumber, type GoValue } from '../../../../../src/gotemplate/value.js';
import { GoTime, extraFuncs } from '../../../../../src/helm/funcs/sprig/extra/index.js';
import { UTC, localLocation } from '../../../../../src/helm/funcs/sprig/extra/gotime/location.js';
import { ALPHABETS } from '../../../../../src/helm/funcs/sprig/extra/random.js';
import { helmBin } from '../../../../support/tools.js';

// 2024-03-05 07:08:09.5 UTC, with a monotonic reading of 1.25 s, as time.Now returns.
const NOW = new GoTime(1709622489, 500_000_000, UTC, 1_250_000_000n);
const funcs = extraFuncs({ tz: 'UTC', now: () => NOW });
const call = (name: string, ...args: GoValue[]): GoValue => funcs[name]!.fn(...args);

describe('with a fixed clock', () => {
  it('now prints like Go, monotonic reading included', () => {
    expect(formatValue(call('now'))).toBe('2024-03-05 07:08:09.5 +0000 UTC m=+1.250000000');
  });

  it('dateModify keeps the monotonic reading; In and toDate results have none', () => {
    expect(formatValue(call('dateModify', '1h', call('now')))).toBe('2024-03-05 08:08:09.5 +0000 UTC m=+3601.250000000');
    expect(formatValue(call('toDate', '2006', '2024'))).toBe('2024-01-01 00:00:00 +0000 UTC');
  });

  it('date and friends fall back to now for values that are not times or integers', () => {
    expect(call('date', '2006-01-02 15:04', 'not a date')).toBe('2024-03-05 07:08');
    expect(call('date', '2006-01-02', 1.5)).toBe('2024-03-05');
    expect(call('htmlDate', null)).toBe('2024-03-05');
    expect(call('dateInZone', '15:04 MST', 'x', 'Asia/Tokyo')).toBe('16:08 JST');
  });

  it('ago rounds to seconds', () => {
    expect(call('ago', call('toDate', '2006-01-02 15:04:05', '2024-03-05 06:07:08'))).toBe('1h1m2s');
    expect(call('ago', 1709622489n)).toBe('1s');
    // Half a second either way rounds away from zero, as Duration.Round does.
    expect(call('ago', new GoNumber('int64', 1709622490n))).toBe('-1s');
    expect(call('ago', call('toDate', '2006-01-02', '2024-03-06'))).toBe('-16h51m51s');
    expect(call('ago', 'anything else')).toBe('0s');
  });

  it('durationRound of a time measures from now', () => {
    expect(call('durationRound', call('toDate', '2006-01-02', '2024-02-01'))).toBe('1mo');
    expect(call('durationRound', call('toDate', '2006-01-02', '2020-02-01'))).toBe('4y');
  });
});

describe('time.Local', () => {
  it('without zone files every named zone is UTC, as Go without tzdata', () => {
    const bare = extraFuncs({ tz: 'Europe/Berlin', zoneSources: ['/nonexistent/'], now: () => NOW });
    expect(bare.dateInZone!.fn('15:04 MST', NOW, 'Europe/Paris')).toBe('07:08 UTC');
    expect(bare.date!.fn('15:04 MST', NOW)).toBe('07:08 UTC');
  });

  it('ZONEINFO is searched first for named zones, as LoadLocation does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zoneinfo-'));
    try {
      // A zone file under a made-up name: only found through ZONEINFO.
      mkdirSync(join(dir, 'Test'));
      writeFileSync(join(dir, 'Test', 'Tokyo'), readFileSync('/usr/share/zoneinfo/Asia/Tokyo'));
      const withDir = extraFuncs({ tz: 'UTC', zoneinfo: dir, now: () => NOW });
      expect(withDir.dateInZone!.fn('15:04 MST', NOW, 'Test/Tokyo')).toBe('16:08 JST');
      expect(funcs.dateInZone!.fn('15:04 MST', NOW, 'Test/Tokyo')).toBe('07:08 UTC');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a zone given by TZ is named after it; unset TZ reads /etc/localtime as "Local"', () => {
    expect(localLocation('Asia/Tokyo').name).toBe('Asia/Tokyo');
    expect(localLocation(undefined).name).toBe('Local');
    expect(localLocation('').name).toBe('UTC');
  });
});

describe('random values', () => {
  const only = (s: string, alphabet: string) => [...s].every((ch) => alphabet.includes(ch));

  it('keep to the goutils alphabets and requested lengths', () => {
    const cases: [string, string][] = [
      ['randAlphaNum', ALPHABETS.alphaNum],
      ['randAlpha', ALPHABETS.alpha],
      ['randNumeric', ALPHABETS.numeric],
      ['randAscii', ALPHABETS.ascii],
    ];
    for (const [fn, alphabet] of cases) {
      const s = call(fn, 500n) as string;
      expect(s).toHaveLength(500);
      expect(only(s, alphabet), `${fn} alphabet`).toBe(true);
      expect(call(fn, 0n)).toBe('');
      expect(call(fn, -3n)).toBe('');
    }
    expect(ALPHABETS.ascii).toHaveLength(95);
    expect(ALPHABETS.ascii[0]).toBe(' ');
    expect(ALPHABETS.ascii.at(-1)).toBe('~');
  });

  it('use the whole alphabet', () => {
    const seen = new Set(call('randAlphaNum', 5000n) as string);
    expect(seen.size).toBe(62);
  });

  it('randInt stays in [min, max) and is an int', () => {
    const values = new Set<bigint>();
    for (let i = 0; i < 300; i++) {
      const v = call('randInt', -2n, 3n) as bigint;
      expect(typeof v).toBe('bigint');
      expect(v >= -2n && v < 3n).toBe(true);
      values.add(v);
    }
    expect(values.size).toBe(5);
    expect(() => call('randInt', 3n, 1n)).toThrow('invalid argument to Intn');
  });

  it('shuffle permutes runes', () => {
    const s = 'héllo wörld 😀';
    const shuffled = call('shuffle', s) as string;
    expect([...shuffled].sort()).toEqual([...s].sort());
  });

  it('uuidv4 is a lower-case RFC 4122 version 4 UUID', () => {
    const u = call('uuidv4') as string;
    expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(call('uuidv4')).not.toBe(u);
  });

  it('randBytes is standard base64 of that many bytes', () => {
    const b = call('randBytes', 33n) as string;
    expect(Buffer.from(b, 'base64')).toHaveLength(33);
    expect(b).toMatch(/^[A-Za-z0-9+/]{44}$/);
    expect(() => call('randBytes', -1n)).toThrow('runtime error: makeslice: len out of range');
  });
});

describe('getHostByName', () => {
  it('answers "" without --enable-dns, as helm replaces it', () => {
    expect(call('getHostByName', 'localhost')).toBe('');
  });

  it('with --enable-dns resolves like helm does', () => {
    const withDns = extraFuncs({ enableDns: true });
    const chart = mkdtempSync(join(tmpdir(), 'sprig-dns-'));
    try {
      mkdirSync(join(chart, 'templates'));
      writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: dns\nversion: 0.1.0\n');
      writeFileSync(join(chart, 'templates', 'dns.yaml'), '# hosts {{ getHostByName "localhost" }} {{ getHostByName "10.1.2.3" }}\n');
      const out = execFileSync(helmBin, ['template', 'x', chart, '--enable-dns'], { encoding: 'utf8' });
      const helmLine = out.split('\n').find((l) => l.startsWith('# hosts'))!;
      const ours = `# hosts ${withDns.getHostByName!.fn('localhost')} ${withDns.getHostByName!.fn('10.1.2.3')}`;
      expect(ours).toBe(helmLine);
    } finally {
      rmSync(chart, { recursive: true, force: true });
    }
  });
});
