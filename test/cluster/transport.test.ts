import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuthSource } from '../../src/cluster/client-node.js';
import { ClusterUnreachableError, DeadlineExceededError, KubeApiError } from '../../src/cluster/errors.js';
import { backoffDelay, DEFAULT_RETRY, isRetryableNetworkError, isRetryableStatus, parseRetryAfter } from '../../src/cluster/retry.js';
import { TokenBucket } from '../../src/cluster/rate-limit.js';
import { Transport } from '../../src/cluster/transport.js';
import { startScriptedServer, status, type ScriptedServer } from './scripted-server.js';

const auth: AuthSource = { material: async () => ({ headers: { Authorization: 'Bearer secret-token' }, tls: {} }) };
const list = { apiVersion: 'v1', kind: 'List', metadata: {}, items: [] };
const ctx = { verb: 'list' as const };

describe('retry policy', () => {
  it('backs off exponentially with bounded jitter, capped', () => {
    const p = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1000, jitter: 0.2 };
    expect(backoffDelay(0, p, () => 0)).toBe(80);
    expect(backoffDelay(0, p, () => 1)).toBe(120);
    expect(backoffDelay(2, p, () => 0.5)).toBe(400);
    expect(backoffDelay(10, p, () => 0.5)).toBe(1000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('retries 429 always, 5xx for idempotent verbs, never other 4xx', () => {
    expect(isRetryableStatus(429, 'POST')).toBe(true);
    expect(isRetryableStatus(503, 'GET')).toBe(true);
    expect(isRetryableStatus(500, 'PATCH')).toBe(true);
    expect(isRetryableStatus(503, 'POST')).toBe(false);
    for (const code of [400, 401, 403, 404, 409, 422]) expect(isRetryableStatus(code, 'GET')).toBe(false);
    expect(isRetryableNetworkError('ECONNRESET')).toBe(true);
    expect(isRetryableNetworkError('ECONNREFUSED')).toBe(false);
  });
});

describe('client-side rate limit (--kube-api-qps/--kube-api-burst)', () => {
  it('lets a burst through, then spaces requests at qps', () => {
    let now = 0;
    const bucket = new TokenBucket({ qps: 2, burst: 2 }, () => now);
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([0, 0, 500, 1000]);
    now = 10_000;
    expect(bucket.reserve()).toBe(0);
  });

  it('is unlimited with qps 0', () => {
    const bucket = new TokenBucket({ qps: 0, burst: 0 }, () => 0);
    expect(bucket.reserve()).toBe(0);
  });
});

describe('transport', () => {
  let server: ScriptedServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  function transport(url: string, extra: Partial<ConstructorParameters<typeof Transport>[0]> = {}) {
    const sleeps: number[] = [];
    const t = new Transport({
      server: url,
      auth,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      ...extra,
    });
    return { t, sleeps };
  }

  it('honours Retry-After on 429, backs off on 5xx, then succeeds', async () => {
    server = await startScriptedServer([
      { status: 429, headers: { 'Retry-After': '2' }, body: status(429, 'TooManyRequests', 'slow down') },
      { status: 503, body: status(503, 'ServiceUnavailable', 'etcd leader changed') },
      { status: 200, body: list },
    ]);
    const { t, sleeps } = transport(server.url);
    await expect(t.json({ method: 'GET', path: '/api/v1/pods' }, ctx)).resolves.toEqual(list);
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toEqual([2000, backoffDelay(1, DEFAULT_RETRY, () => 0.5)]);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer secret-token');
    t.close();
  });

  it('waits for the rate limit between requests', async () => {
    server = await startScriptedServer([], { status: 200, body: list });
    const { t, sleeps } = transport(server.url, { rateLimit: { qps: 2, burst: 1 }, now: () => 0 });
    for (let i = 0; i < 3; i++) await t.json({ method: 'GET', path: '/x' }, ctx);
    expect(sleeps).toEqual([500, 1000]);
    t.close();
  });

  it('asks for gzip and reads compressed answers', async () => {
    server = await startScriptedServer([{ status: 200, headers: { 'Content-Encoding': 'gzip' }, body: gzipSync(JSON.stringify(list)).toString('latin1') }]);
    const { t } = transport(server.url);
    await expect(t.json({ method: 'GET', path: '/x' }, ctx)).resolves.toEqual(list);
    expect(server.requests[0]?.headers['accept-encoding']).toBe('gzip');
    t.close();
  });

  it('resumes after a dropped connection', async () => {
    server = await startScriptedServer(['drop', { status: 200, body: list }]);
    const { t, sleeps } = transport(server.url);
    await expect(t.json({ method: 'GET', path: '/api/v1/pods' }, ctx)).resolves.toEqual(list);
    expect(sleeps).toHaveLength(1);
    t.close();
  });

  it('does not retry other 4xx answers and keeps the server message', async () => {
    server = await startScriptedServer([
      { status: 404, body: status(404, 'NotFound', 'helmreleases.helm.toolkit.fluxcd.io "x" not found', { name: 'x' }) },
    ]);
    const { t, sleeps } = transport(server.url);
    const err = await t.json({ method: 'GET', path: '/x' }, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect((err as KubeApiError).message).toBe('helmreleases.helm.toolkit.fluxcd.io "x" not found');
    expect((err as KubeApiError).statusCode).toBe(404);
    expect(sleeps).toEqual([]);
    t.close();
  });

  it('does not retry a create that failed with 5xx', async () => {
    server = await startScriptedServer([{ status: 500, body: status(500, 'InternalError', 'boom') }]);
    const { t } = transport(server.url);
    await expect(t.json({ method: 'POST', path: '/x', body: {} }, { verb: 'create' })).rejects.toThrow('boom');
    expect(server.requests).toHaveLength(1);
    t.close();
  });

  it('gives up after maxRetries with the last error', async () => {
    server = await startScriptedServer([], { status: 503, body: status(503, 'ServiceUnavailable', 'still down') });
    const { t, sleeps } = transport(server.url, { retry: { ...DEFAULT_RETRY, maxRetries: 3 } });
    await expect(t.json({ method: 'GET', path: '/x' }, ctx)).rejects.toThrow('still down');
    expect(server.requests).toHaveLength(4);
    expect(sleeps).toHaveLength(3);
    t.close();
  });

  it('stops retrying when the deadline passes, reporting what kept failing', async () => {
    server = await startScriptedServer([], { status: 503, body: status(503, 'ServiceUnavailable', 'still down') });
    const deadline = new AbortController();
    // The deadline passes while the transport waits to retry.
    const t = new Transport({ server: server.url, auth, deadline: deadline.signal, retry: { ...DEFAULT_RETRY, baseDelayMs: 60_000 }, onRetry: () => setTimeout(() => deadline.abort(), 10) });
    await expect(t.json({ method: 'GET', path: '/x' }, ctx)).rejects.toThrow('still down');
    t.close();
  });

  it('fails with context deadline exceeded once the deadline has passed', async () => {
    server = await startScriptedServer([{ status: 200, body: list }]);
    const deadline = new AbortController();
    deadline.abort();
    const t = new Transport({ server: server.url, auth, deadline: deadline.signal });
    await expect(t.json({ method: 'GET', path: '/x' }, ctx)).rejects.toBeInstanceOf(DeadlineExceededError);
    t.close();
  });

  it('names the server when it cannot be reached, without credentials', async () => {
    const { t } = transport('http://127.0.0.1:1');
    const err = await t.json({ method: 'GET', path: '/x' }, ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterUnreachableError);
    expect((err as Error).message).toBe('unable to connect to the cluster at http://127.0.0.1:1: connection refused');
  });

  it('asks for fresh credentials once on 401, then reports it', async () => {
    server = await startScriptedServer([], { status: 401, body: status(401, 'Unauthorized', 'Unauthorized') });
    let calls = 0;
    const counting: AuthSource = {
      material: async () => {
        calls++;
        return { headers: { Authorization: 'Bearer secret-token' }, tls: {} };
      },
    };
    const t = new Transport({ server: server.url, auth: counting });
    const err = await t.json({ method: 'GET', path: '/x' }, ctx).catch((e: unknown) => e);
    expect((err as Error).message).toBe('You must be logged in to the server (Unauthorized)');
    expect((err as Error).message).not.toContain('secret-token');
    expect(calls).toBe(2);
    t.close();
  });

  it('explains a forbidden answer without a Status body (verb and resource)', async () => {
    server = await startScriptedServer([{ status: 403, body: '' }]);
    const { t } = transport(server.url);
    const res = { group: 'helm.toolkit.fluxcd.io', version: 'v2', plural: 'helmreleases', kind: 'HelmRelease', namespaced: true };
    await expect(t.json({ method: 'GET', path: '/x' }, { verb: 'list', resource: res, namespace: 'apps' })).rejects.toThrow(
      'helmreleases.helm.toolkit.fluxcd.io is forbidden: cannot list resource "helmreleases" in API group "helm.toolkit.fluxcd.io" in the namespace "apps"',
    );
    t.close();
  });
});
