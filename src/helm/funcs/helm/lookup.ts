// Helm's `lookup` function. Without a cluster (`helm template`) it returns an empty map; with
// one it asks through a synchronous client, because templates execute synchronously.
import { Worker, MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { GoFuncError, GoNumber, type GoFunc, type GoMap, type GoValue } from '../../../gotemplate/value.js';
import type { LookupRequest, LookupResponse } from './lookup-worker.js';

/** A synchronous lookup: the object or list as plain JSON, {} when absent. Throws on errors. */
export type SyncLookup = (apiVersion: string, kind: string, namespace: string, name: string) => unknown;

/** JSON from the API server as Go's unstructured decoding sees it: integers are int64. */
export function unstructuredToGo(v: unknown): GoValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isInteger(v) ? new GoNumber('int64', BigInt(v)) : v;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(unstructuredToGo);
  const out: GoMap = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = unstructuredToGo(x);
  return out;
}

export function lookupFunc(client?: SyncLookup): GoFunc {
  return {
    params: ['string', 'string', 'string', 'string'],
    fn: (apiVersion, kind, namespace, name) => {
      if (client === undefined) return {};
      let result: unknown;
      try {
        result = client(apiVersion as string, kind as string, namespace as string, name as string);
      } catch (e) {
        throw new GoFuncError(e instanceof Error ? e.message : String(e));
      }
      const v = unstructuredToGo(result);
      return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
    },
  };
}

export interface SyncLookupBridgeOptions {
  /**
   * URL of a module exporting `createCluster(options): Cluster | Promise<Cluster>`, or
   * src/cluster/connect.js (`connect(options)`, e.g. options = { flags, env, userAgent }).
   * Absent: the client of src/cluster/connect built into the worker (the bundled CLI's case).
   */
  clusterModule?: string;
  /** Passed to createCluster (structured-cloneable). */
  clusterOptions?: unknown;
  /**
   * The worker script; defaults to lookup-worker.js next to this module, which is where the
   * bundle puts it (scripts/build.mjs: dist/chunks/lookup-worker.js beside the code chunks).
   * From source (tsx) pass a bootstrap that loads the TypeScript worker.
   */
  workerUrl?: URL;
  /** Extra Node flags for the worker. */
  execArgv?: string[];
  /** Extra workerData fields (e.g. for a bootstrap script that loads the TypeScript worker in tests). */
  extraWorkerData?: Record<string, unknown>;
  /** How long one lookup may take. */
  timeoutMs?: number;
  /** Receives the log lines Helm prints while a lookup fails (e.g. discovery errors). */
  onLog?: (line: string) => void;
}

/**
 * A worker thread that owns the cluster client; `lookup` blocks on it with Atomics.wait.
 * Create it with `SyncLookupBridge.start`: the worker must be up before the first blocking call.
 */
export class SyncLookupBridge {
  static async start(opts: SyncLookupBridgeOptions): Promise<SyncLookupBridge> {
    const b = new SyncLookupBridge(opts);
    await new Promise<void>((resolve, reject) => {
      b.worker.once('message', () => resolve());
      b.worker.once('error', reject);
    });
    return b;
  }

  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly timeoutMs: number;
  private readonly onLog?: (line: string) => void;

  private constructor(opts: SyncLookupBridgeOptions) {
    if (opts.onLog) this.onLog = opts.onLog;
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.timeoutMs = opts.timeoutMs ?? 60_000;
    this.worker = new Worker(opts.workerUrl ?? new URL('./lookup-worker.js', import.meta.url), {
      workerData: { ...opts.extraWorkerData, ...(opts.clusterModule !== undefined ? { clusterModule: opts.clusterModule } : {}), clusterOptions: opts.clusterOptions ?? null, port: port2, flag: this.flag.buffer },
      transferList: [port2],
      execArgv: opts.execArgv,
    });
    this.worker.unref();
  }

  readonly lookup: SyncLookup = (apiVersion, kind, namespace, name) => {
    Atomics.store(this.flag, 0, 0);
    const req: LookupRequest = { apiVersion, kind, namespace, name };
    this.port.postMessage(req);
    const r = Atomics.wait(this.flag, 0, 0, this.timeoutMs);
    if (r === 'timed-out') throw new Error(`lookup ${apiVersion} ${kind} ${namespace}/${name}: timed out`);
    const msg = receiveMessageOnPort(this.port);
    if (msg === undefined) throw new Error(`lookup ${apiVersion} ${kind}: no answer from the cluster client`);
    const res = msg.message as LookupResponse;
    if (!res.ok) {
      for (const line of res.logs ?? []) this.onLog?.(line);
      throw new Error(res.message);
    }
    return JSON.parse(res.json) as unknown;
  };

  async close(): Promise<void> {
    this.port.close();
    await this.worker.terminate();
  }
}
