// A synchronous host lookup for getHostByName (template functions cannot await): a worker
// thread runs dns.lookup while the caller blocks on Atomics.wait. Only used with Helm's
// --enable-dns; by default Helm (and we) answer "" without touching the network.
import { Worker } from 'node:worker_threads';

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const dns = require('node:dns');
parentPort.on('message', ({ name, shared }) => {
  const state = new Int32Array(shared, 0, 2);
  const bytes = new Uint8Array(shared, 8);
  const done = (addrs) => {
    const encoded = Buffer.from(JSON.stringify(addrs));
    const n = Math.min(encoded.length, bytes.length);
    bytes.set(encoded.subarray(0, n));
    Atomics.store(state, 1, n);
    Atomics.store(state, 0, 1);
    Atomics.notify(state, 0);
  };
  dns.lookup(name, { all: true, verbatim: true }, (err, addrs) => done(err ? [] : addrs.map((a) => a.address)));
});
`;

let worker: Worker | undefined;

/** Addresses of `name` (Go's net.LookupHost), [] when it does not resolve within `timeoutMs`. */
export function lookupHostSync(name: string, timeoutMs = 10_000): string[] {
  worker ??= new Worker(WORKER_SOURCE, { eval: true });
  worker.unref();
  const shared = new SharedArrayBuffer(8 + 64 * 1024);
  const state = new Int32Array(shared, 0, 2);
  worker.postMessage({ name, shared });
  if (Atomics.wait(state, 0, 0, timeoutMs) === 'timed-out') return [];
  const n = Atomics.load(state, 1);
  return JSON.parse(Buffer.from(new Uint8Array(shared, 8, n)).toString('utf8')) as string[];
}
