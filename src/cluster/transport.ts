// HTTP to the API server: auth material from client-node, keep-alive connections, gzip,
// retries with backoff on 429 (Retry-After honoured), 5xx and dropped connections, all bounded
// by the command's deadline. Error answers become KubeApiError with the server's Status text.
import http, { type Agent, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { setTimeout as sleepTimer } from 'node:timers/promises';
import { createGunzip } from 'node:zlib';
import type { AuthMaterial, AuthSource } from './client-node.js';
import { ClusterUnreachableError, CredentialsError, DeadlineExceededError, apiError, errorCode, networkDetail, redactUrl, type RequestContext } from './errors.js';
import { TokenBucket, type RateLimit } from './rate-limit.js';
import { trustExtraCaCerts } from './extra-ca-certs.js';
import { DEFAULT_RETRY, backoffDelay, isRetryableNetworkError, isRetryableStatus, parseRetryAfter, type RetryPolicy } from './retry.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Serialised as JSON. */
  body?: unknown;
  contentType?: string;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface TransportConfig {
  server: string;
  auth: AuthSource;
  /** Fires when the command's --timeout passes. */
  deadline?: AbortSignal;
  retry?: RetryPolicy;
  compression?: boolean;
  userAgent?: string;
  /** Injected for tests: wait, randomness and clock of the retry schedule. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Client-side rate limit (--kube-api-qps/--kube-api-burst); unlimited when absent. */
  rateLimit?: RateLimit;
  /** Called before each retry (for --verbose diagnostics and tests). */
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

const defaultSleep = (ms: number, signal?: AbortSignal) => sleepTimer(ms, undefined, signal ? { signal } : {});

export class Transport {
  private material?: Promise<AuthMaterial>;
  private agent?: Agent;
  private readonly base: URL;
  private readonly retry: RetryPolicy;
  private readonly bucket?: TokenBucket;

  constructor(private readonly cfg: TransportConfig) {
    this.base = new URL(cfg.server);
    this.retry = cfg.retry ?? DEFAULT_RETRY;
    if (cfg.rateLimit) this.bucket = new TokenBucket(cfg.rateLimit, cfg.now);
  }

  /** The server URL for messages (a password in it redacted). */
  get server(): string {
    return redactUrl(this.cfg.server);
  }

  /** Closes idle keep-alive connections so the process can exit. */
  close(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }

  /** Sends a request (with retries) and returns the parsed JSON body of a 2xx answer. */
  async json<T>(req: HttpRequest, ctx: RequestContext, signal?: AbortSignal): Promise<T> {
    const res = await this.send(req, ctx, signal);
    if (res.body === '') return undefined as T;
    return JSON.parse(res.body) as T;
  }

  /** Sends a request (with retries) and returns the 2xx answer as text. */
  async send(req: HttpRequest, ctx: RequestContext, signal?: AbortSignal): Promise<HttpResponse> {
    return this.withRetries(req, ctx, signal, async (res) => ({ status: res.statusCode ?? 0, headers: res.headers, body: await readBody(res) }));
  }

  /** Opens a streaming GET (watch) and returns the 200 response for the caller to read. */
  async stream(req: HttpRequest, ctx: RequestContext, signal?: AbortSignal): Promise<IncomingMessage> {
    return this.withRetries(req, ctx, signal, async (res) => res);
  }

  private async withRetries<R>(req: HttpRequest, ctx: RequestContext, signal: AbortSignal | undefined, onOk: (res: IncomingMessage) => Promise<R>): Promise<R> {
    const sleep = this.cfg.sleep ?? defaultSleep;
    const combined = combineSignals(this.cfg.deadline, signal);
    let refreshedAuth = false;
    for (let attempt = 0; ; attempt++) {
      this.throwIfAborted(signal);
      const wait = this.bucket?.reserve() ?? 0;
      if (wait > 0) await this.waitFor(sleep, wait, combined, signal);
      let res: IncomingMessage;
      try {
        res = await this.once(req, combined);
      } catch (err) {
        this.throwIfAborted(signal);
        // No credentials: not a network problem, and retrying an exec plugin will not help.
        if (err instanceof CredentialsError) throw err;
        const code = errorCode(err);
        if (isRetryableNetworkError(code) && attempt < this.retry.maxRetries) {
          await this.pause(sleep, backoffDelay(attempt, this.retry, this.cfg.random), attempt, networkDetail(err), combined, signal);
          continue;
        }
        throw new ClusterUnreachableError(this.cfg.server, networkDetail(err));
      }
      const status = res.statusCode ?? 0;
      if (status >= 200 && status < 300) {
        try {
          return await onOk(res);
        } catch (err) {
          this.throwIfAborted(signal);
          if (isRetryableNetworkError(errorCode(err)) && attempt < this.retry.maxRetries) {
            await this.pause(sleep, backoffDelay(attempt, this.retry, this.cfg.random), attempt, networkDetail(err), combined, signal);
            continue;
          }
          throw new ClusterUnreachableError(this.cfg.server, networkDetail(err));
        }
      }
      const body = await readBody(res).catch(() => '');
      if (status === 401 && !refreshedAuth) {
        // Exec plugins and token files may hand out a fresh credential.
        refreshedAuth = true;
        this.material = undefined;
        continue;
      }
      const error = apiError(status, body, ctx);
      if (isRetryableStatus(status, req.method) && attempt < this.retry.maxRetries) {
        const retryAfter = parseRetryAfter(res.headers['retry-after'], this.now());
        await this.pause(sleep, retryAfter ?? backoffDelay(attempt, this.retry, this.cfg.random), attempt, `${status} ${error.reason}`, combined, signal, error);
        continue;
      }
      throw error;
    }
  }

  private now(): number {
    return (this.cfg.now ?? Date.now)();
  }

  private throwIfAborted(signal: AbortSignal | undefined): void {
    if (this.cfg.deadline?.aborted) throw new DeadlineExceededError();
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('request aborted');
  }

  private async pause(
    sleep: NonNullable<TransportConfig['sleep']>,
    delayMs: number,
    attempt: number,
    reason: string,
    combined: AbortSignal | undefined,
    signal: AbortSignal | undefined,
    lastError?: Error,
  ): Promise<void> {
    this.cfg.onRetry?.({ attempt: attempt + 1, delayMs, reason });
    await this.waitFor(sleep, delayMs, combined, signal, lastError);
  }

  private async waitFor(
    sleep: NonNullable<TransportConfig['sleep']>,
    delayMs: number,
    combined: AbortSignal | undefined,
    signal: AbortSignal | undefined,
    lastError?: Error,
  ): Promise<void> {
    try {
      // Node timers overflow past 2^31-1 ms and would fire at once (a huge Retry-After).
      await sleep(Math.min(delayMs, 2 ** 31 - 1), combined);
    } catch {
      // The deadline fired while waiting: report what kept failing, not just the timeout.
      if (lastError && this.cfg.deadline?.aborted) throw lastError;
      this.throwIfAborted(signal);
      throw new DeadlineExceededError();
    }
  }

  private async getMaterial(): Promise<AuthMaterial> {
    if (!this.material) {
      this.material = this.cfg.auth.material();
      this.material.catch(() => {
        this.material = undefined;
      });
      this.agent?.destroy();
      this.agent = undefined;
    }
    return this.material;
  }

  private async getAgent(material: AuthMaterial): Promise<Agent> {
    if (material.proxyAgent) return material.proxyAgent;
    if (!this.agent) {
      this.agent =
        this.base.protocol === 'http:'
          ? new http.Agent({ keepAlive: true })
          : new https.Agent({ keepAlive: true, ...material.tls });
    }
    return this.agent;
  }

  private url(req: HttpRequest): URL {
    const url = new URL(this.base.pathname.replace(/\/$/, '') + req.path, this.base);
    for (const [k, v] of Object.entries(req.query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    return url;
  }

  private async once(req: HttpRequest, signal: AbortSignal | undefined): Promise<IncomingMessage> {
    trustExtraCaCerts();
    const material = await this.getMaterial();
    const agent = await this.getAgent(material);
    const url = this.url(req);
    const payload = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body));
    const headers: http.OutgoingHttpHeaders = {
      Accept: 'application/json',
      'User-Agent': this.cfg.userAgent ?? 'flux-ts',
      ...material.headers,
    };
    if (this.cfg.compression !== false) headers['Accept-Encoding'] = 'gzip';
    if (payload) {
      headers['Content-Type'] = req.contentType ?? 'application/json';
      headers['Content-Length'] = payload.length;
    }
    const mod = url.protocol === 'http:' ? http : https;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const r = mod.request(url, { method: req.method, headers, agent, ...(signal ? { signal } : {}) }, (res) => {
        if (res.headers['content-encoding'] === 'gzip') {
          const gunzip = createGunzip();
          res.on('error', (e) => gunzip.destroy(e));
          res.pipe(gunzip);
          resolve(Object.assign(gunzip, { statusCode: res.statusCode, headers: res.headers }) as unknown as IncomingMessage);
        } else resolve(res);
      });
      r.on('error', reject);
      r.end(payload);
    });
  }
}

function combineSignals(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  if (!a) return b;
  if (!b) return a;
  return AbortSignal.any([a, b]);
}

async function readBody(res: NodeJS.ReadableStream): Promise<string> {
  // Decoded chunk by chunk: no second full-size copy of a large list in a Buffer.
  res.setEncoding('utf8');
  let text = '';
  for await (const chunk of res) text += chunk as string;
  return text;
}
