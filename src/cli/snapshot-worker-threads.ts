// node:worker_threads as the start-up snapshot bundle sees it (scripts/build.mjs points the
// engine's imports of that module here). A process started from a snapshot whose builder had
// worker_threads loaded cannot start Workers (the module's cwd cache is not restored after
// deserialisation), so the real module is loaded on first use, at run time.
import { createRequire } from 'node:module';
import type * as WorkerThreads from 'node:worker_threads';

type Api = typeof WorkerThreads;

let real: Api | undefined;
const load = (): Api => (real ??= createRequire(import.meta.url)('node:worker_threads') as Api);

/** A stand-in for one export: calls, `new`, static members and instanceof reach the real one. */
function lazyExport<K extends 'Worker' | 'MessageChannel' | 'receiveMessageOnPort'>(name: K): Api[K] {
  const target = { [name]: function () {} }[name] as object;
  const handler: ProxyHandler<object> = {
    construct: (_t, args) => Reflect.construct(load()[name] as unknown as new (...a: unknown[]) => object, args),
    apply: (_t, self, args) => Reflect.apply(load()[name] as unknown as (...a: unknown[]) => unknown, self, args),
    get: (_t, prop) => Reflect.get(load()[name], prop),
  };
  return new Proxy(target, handler) as unknown as Api[K];
}

export const Worker = lazyExport('Worker');
export const MessageChannel = lazyExport('MessageChannel');
export const receiveMessageOnPort = lazyExport('receiveMessageOnPort');
