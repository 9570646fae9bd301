import { describe, expect, it } from 'vitest';
import { Chart, emptyDependency } from '../../../src/helm/chart/index.js';
import { releaseChartOf } from '../../../src/helm/release/chart-json.js';
import { goTimeFromNs } from '../../../src/helm/release/chart-modtimes.js';

describe('the chart as a release stores it', () => {
  it('omits empty metadata fields, encodes files as base64 and writes the zero schema time', () => {
    const c = new Chart();
    c.metadata = { ...c.metadata, name: 'app', version: '1.0.0', apiVersion: 'v2', dependencies: [{ ...emptyDependency(), name: 'db', version: '1.x', enabled: true }] };
    c.templates = [{ name: 'templates/a.yaml', data: new TextEncoder().encode('a: 1\n') }];
    c.values = { x: 1 } as never;
    expect(releaseChartOf(c)).toEqual({
      metadata: { name: 'app', version: '1.0.0', apiVersion: 'v2', dependencies: [{ name: 'db', version: '1.x', enabled: true }] },
      lock: null,
      templates: [{ name: 'templates/a.yaml', data: 'YTogMQo=' }],
      values: { x: 1 },
      schema: null,
      schemamodtime: '0001-01-01T00:00:00Z',
      files: [],
    });
  });

  it('formats times as Go marshals them (nanoseconds, trailing zeros trimmed)', () => {
    expect(goTimeFromNs(1795500585123456789n)).toBe('2026-11-24T06:09:45.123456789Z');
    expect(goTimeFromNs(1795500585120000000n)).toBe('2026-11-24T06:09:45.12Z');
    expect(goTimeFromNs(1795500585000000000n)).toBe('2026-11-24T06:09:45Z');
  });
});
