// A tiny HTTP client for the API server tests: JSON in, status + headers + parsed body out.
export interface Reply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface CallOptions {
  contentType?: string;
  accept?: string;
  token?: string;
}

export async function call<T = Record<string, unknown>>(base: string, method: string, path: string, body?: unknown, opts: CallOptions = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = opts.contentType ?? 'application/json';
  if (opts.accept) headers['accept'] = opts.accept;
  if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

export const HR = '/apis/helm.toolkit.fluxcd.io/v2';

export function helmRelease(name: string, namespace = 'default', extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name, namespace, ...((extra['metadata'] as object | undefined) ?? {}) },
    spec: {
      interval: '5m',
      chart: { spec: { chart: 'podinfo', sourceRef: { kind: 'HelmRepository', name: 'podinfo' } } },
      ...((extra['spec'] as object | undefined) ?? {}),
    },
  };
}

/** Retries an assertion until it passes (for effects the server applies asynchronously). */
export async function eventually(fn: () => Promise<void> | void, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      await fn();
      return;
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}
