// trace's "Last reconciled at" times against Go's own output (fixtures/go-times.json, made by
// fixtures/go-times/main.go with Go's time package): RFC 3339 in, Time.String in the zone.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { goLocal, goTimeString } from '../../../src/commands/trace-time.js';
import { localLocation } from '../../../src/helm/funcs/sprig/extra/gotime/location.js';

const GO_TIMES = JSON.parse(readFileSync(new URL('./fixtures/go-times.json', import.meta.url), 'utf8')) as Record<string, Record<string, string>>;

describe('goTimeString', () => {
  for (const [zone, cases] of Object.entries(GO_TIMES)) {
    if (zone === 'zero') continue;
    it(`prints as Go does in ${zone}`, () => {
      const loc = localLocation(zone);
      for (const [input, expected] of Object.entries(cases)) expect(goTimeString(input, loc)).toBe(expected);
    });
  }

  it("prints Go's zero time for a missing or malformed time, whatever the zone", () => {
    const zero = GO_TIMES['zero']!['']!;
    expect(goTimeString(undefined, localLocation('Europe/Berlin'))).toBe(zero);
    expect(goTimeString('yesterday', localLocation('UTC'))).toBe(zero);
  });

  it('takes the zone from TZ, UTC when TZ is empty', () => {
    expect(goTimeString('2021-07-16T15:42:20Z', goLocal({ TZ: '' }))).toBe('2021-07-16 15:42:20 +0000 UTC');
    expect(goTimeString('2021-07-16T15:42:20Z', goLocal({ TZ: 'Europe/Berlin' }))).toBe(GO_TIMES['Europe/Berlin']!['2021-07-16T15:42:20Z']);
  });
});
