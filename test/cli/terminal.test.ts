import { describe, expect, it } from 'vitest';
import { useColor, useSpinner } from '../../src/cli/terminal.js';

describe('colours and spinners', () => {
  it('decorate only an interactive terminal outside CI', () => {
    expect(useColor({ isTTY: true, env: {}, noColorFlag: false })).toBe(true);
    expect(useSpinner({ isTTY: true, env: {}, noColorFlag: false })).toBe(true);
  });

  it('stay off when stdout is not a terminal, in CI, with NO_COLOR or --no-color', () => {
    expect(useColor({ isTTY: false, env: {}, noColorFlag: false })).toBe(false);
    expect(useColor({ isTTY: true, env: { CI: 'true' }, noColorFlag: false })).toBe(false);
    expect(useSpinner({ isTTY: true, env: { CI: '1' }, noColorFlag: false })).toBe(false);
    expect(useColor({ isTTY: true, env: { NO_COLOR: '1' }, noColorFlag: false })).toBe(false);
    expect(useColor({ isTTY: true, env: {}, noColorFlag: true })).toBe(false);
  });

  it('treat CI=false and an empty NO_COLOR as unset', () => {
    expect(useColor({ isTTY: true, env: { CI: 'false', NO_COLOR: '' }, noColorFlag: false })).toBe(true);
  });
});
