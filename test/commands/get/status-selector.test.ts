import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/cluster/types.js';
import { matchesStatus, parseStatusSelector } from '../../../src/commands/shared/status-selector.js';

const withConditions = (...conditions: { type: string; status: string }[]): KubeObject => ({
  apiVersion: 'source.toolkit.fluxcd.io/v1',
  kind: 'GitRepository',
  metadata: { name: 'x' },
  status: { conditions },
});

describe('--status-selector', () => {
  it('parses type=status and type!=status (split at the first separator)', () => {
    expect(parseStatusSelector('ready=false')).toEqual({ type: 'ready', status: 'false', negate: false });
    expect(parseStatusSelector('Ready!=True')).toEqual({ type: 'Ready', status: 'True', negate: true });
    expect(parseStatusSelector('a=b=c')).toEqual({ type: 'a', status: 'b=c', negate: false });
  });

  it("rejects a selector without a separator with flux's message", () => {
    expect(() => parseStatusSelector('Ready')).toThrow('expected status selector in type=status or type!=status format, but found: Ready');
  });

  it('matches case-insensitively on the last condition of that type', () => {
    const o = withConditions({ type: 'Ready', status: 'False' }, { type: 'ready', status: 'True' });
    expect(matchesStatus(o, parseStatusSelector('READY=true'))).toBe(true);
    expect(matchesStatus(o, parseStatusSelector('Ready=False'))).toBe(false);
  });

  it('an object without the condition never matches = and always matches !=', () => {
    const o = withConditions({ type: 'Reconciling', status: 'True' });
    expect(matchesStatus(o, parseStatusSelector('Ready=True'))).toBe(false);
    expect(matchesStatus(o, parseStatusSelector('Ready!=True'))).toBe(true);
  });
});
