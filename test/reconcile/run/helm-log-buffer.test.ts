// helm-controller's log buffer (internal/action/log.go and its tests): the last ten records,
// time-stamped in RFC 3339 with nanoseconds, a repeated record counted on the line before it.
import { describe, expect, it } from 'vitest';
import type { HelmLogRecord } from '../../../src/helm/action/log.js';
import { HelmLogBuffer } from '../../../src/reconcile/run/helm-log-buffer.js';

const rec = (msg: string): HelmLogRecord => ({ level: 'DEBUG', msg, attrs: [] });

/** A clock one second further on each call, from 2024-01-02T03:04:05.120Z. */
function ticking(): () => Date {
  let t = Date.parse('2024-01-02T03:04:05.120Z');
  return () => {
    const d = new Date(t);
    t += 1000;
    return d;
  };
}

describe('HelmLogBuffer', () => {
  it('is empty until something is logged', () => {
    expect(new HelmLogBuffer(ticking()).toString()).toBe('');
  });

  it('stamps each line with the time it was logged', () => {
    const b = new HelmLogBuffer(ticking());
    b.append(rec('a'));
    b.append({ level: 'WARN', msg: 'b', attrs: [['name', 'web']] });
    expect(b.toString()).toBe('2024-01-02T03:04:05.12Z: a: {}\n2024-01-02T03:04:06.12Z: warning: b: {"name":"web"}');
  });

  it('keeps the last ten lines', () => {
    const b = new HelmLogBuffer(ticking());
    for (let i = 0; i < 12; i++) b.append(rec(`line ${i}`));
    const lines = b.toString().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(/: line 2: \{\}$/);
    expect(lines[9]).toMatch(/: line 11: \{\}$/);
  });

  it('counts a repeated line instead of storing it again, showing its first and last time', () => {
    const b = new HelmLogBuffer(ticking());
    b.append(rec('wait'));
    b.append(rec('wait'));
    expect(b.toString()).toBe('2024-01-02T03:04:05.12Z: wait: {}\n2024-01-02T03:04:06.12Z: wait: {}');
    b.append(rec('wait'));
    b.append(rec('wait'));
    b.append(rec('done'));
    expect(b.toString()).toBe(
      '2024-01-02T03:04:05.12Z: wait: {}\n2024-01-02T03:04:08.12Z: wait: {} (2 duplicate lines omitted)\n2024-01-02T03:04:09.12Z: done: {}',
    );
  });

  it('says "line" for one omitted duplicate', () => {
    const b = new HelmLogBuffer(ticking());
    for (let i = 0; i < 3; i++) b.append(rec('wait'));
    expect(b.toString()).toBe('2024-01-02T03:04:05.12Z: wait: {}\n2024-01-02T03:04:07.12Z: wait: {} (1 duplicate line omitted)');
  });
});
