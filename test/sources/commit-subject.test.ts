// The commit subject source-controller's GitRepository events name (fluxcd/pkg git
// Commit.ShortMessage): the first line, at most 50 characters (runes), then `...`.
import { describe, expect, it } from 'vitest';
import { shortCommitMessage } from '../../src/sources/reconcile-source.js';

describe('shortCommitMessage', () => {
  it('keeps a short subject and drops the body', () => {
    expect(shortCommitMessage('Fix the chart\n\nLonger explanation\n')).toBe('Fix the chart');
  });
  it('cuts a subject past 50 characters, counting characters rather than bytes', () => {
    expect(shortCommitMessage('x'.repeat(50))).toBe('x'.repeat(50));
    expect(shortCommitMessage(`${'é'.repeat(51)}\n`)).toBe(`${'é'.repeat(50)}...`);
  });
});
