// The work queue's guarantees: one entry per key, never one key in two workers, a key added
// while processing comes back after done(), delayed adds keep the earliest, backoff doubles.
import { describe, expect, it } from 'vitest';
import { WorkQueue } from '../../src/controller/workqueue.js';
import { jittered } from '../../src/controller/jitter.js';

describe('WorkQueue', () => {
  it('deduplicates keys waiting in the queue', async () => {
    const q = new WorkQueue();
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.length).toBe(2);
    expect(await q.get()).toBe('a');
    expect(await q.get()).toBe('b');
  });

  it('does not hand out a key that is being processed; re-queues it after done', async () => {
    const q = new WorkQueue();
    q.add('a');
    const first = await q.get();
    q.add('a');
    expect(q.length).toBe(0);
    let second: string | undefined;
    void q.get().then((k) => (second = k));
    await Promise.resolve();
    expect(second).toBeUndefined();
    q.done(first as string);
    await Promise.resolve();
    expect(second).toBe('a');
  });

  it('wakes a waiting worker on add', async () => {
    const q = new WorkQueue();
    const got = q.get();
    q.add('x');
    expect(await got).toBe('x');
  });

  it('addAfter keeps the earlier schedule', async () => {
    const q = new WorkQueue();
    q.addAfter('a', 20);
    q.addAfter('a', 10_000);
    const started = Date.now();
    expect(await q.get()).toBe('a');
    expect(Date.now() - started).toBeLessThan(5_000);
    q.shutDown();
  });

  it('backs off exponentially per key and forgets on success', () => {
    const q = new WorkQueue({ baseDelayMs: 5, maxDelayMs: 30 });
    expect([q.addRateLimited('a'), q.addRateLimited('a'), q.addRateLimited('a'), q.addRateLimited('a')]).toEqual([5, 10, 20, 30]);
    expect(q.addRateLimited('b')).toBe(5);
    q.forget('a');
    expect(q.failuresOf('a')).toBe(0);
    q.shutDown();
  });

  it('shutDown releases waiting workers and refuses new keys', async () => {
    const q = new WorkQueue();
    const waiting = q.get();
    q.shutDown();
    expect(await waiting).toBeUndefined();
    q.add('a');
    expect(await q.get()).toBeUndefined();
  });
});

describe('jittered', () => {
  it('stays within ±percent of the interval', () => {
    expect(jittered(60_000, 5, () => 0)).toBe(57_000);
    expect(jittered(60_000, 5, () => 1)).toBe(63_000);
    expect(jittered(60_000, 0, () => 0.3)).toBe(60_000);
  });
});
