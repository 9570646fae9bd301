// Reads a watch stream event by event, for the watch tests.
import { request } from 'node:http';

export interface WatchEventJson {
  type: string;
  object: Record<string, any>;
}

export interface WatchStream {
  status: number;
  /** Resolves with the next event, or undefined when the stream ends. */
  next(timeoutMs?: number): Promise<WatchEventJson | undefined>;
  /** Collects events until `n` arrived (or the stream ended). */
  take(n: number, timeoutMs?: number): Promise<WatchEventJson[]>;
  ended: Promise<'end' | 'error'>;
  close(): void;
}

export function openWatch(url: string): Promise<WatchStream> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'application/json' } }, (res) => {
      const queue: WatchEventJson[] = [];
      const waiters: Array<(e: WatchEventJson | undefined) => void> = [];
      let buf = '';
      let done = false;
      let endResolve!: (v: 'end' | 'error') => void;
      const ended = new Promise<'end' | 'error'>((r) => (endResolve = r));
      const push = (e: WatchEventJson | undefined): void => {
        const w = waiters.shift();
        if (w) w(e);
        else if (e) queue.push(e);
      };
      const finish = (how: 'end' | 'error'): void => {
        if (done) return;
        done = true;
        endResolve(how);
        while (waiters.length) waiters.shift()!(undefined);
      };
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          if (line.trim()) push(JSON.parse(line) as WatchEventJson);
        }
      });
      res.on('end', () => finish('end'));
      res.on('error', () => finish('error'));
      res.on('aborted', () => finish('error'));
      req.on('error', () => finish('error'));
      const stream: WatchStream = {
        status: res.statusCode ?? 0,
        next(timeoutMs = 5000) {
          if (queue.length) return Promise.resolve(queue.shift());
          if (done) return Promise.resolve(undefined);
          return new Promise((r) => {
            const t = setTimeout(() => {
              const i = waiters.indexOf(cb);
              if (i >= 0) waiters.splice(i, 1);
              r(undefined);
            }, timeoutMs);
            const cb = (e: WatchEventJson | undefined): void => {
              clearTimeout(t);
              r(e);
            };
            waiters.push(cb);
          });
        },
        async take(n, timeoutMs = 5000) {
          const out: WatchEventJson[] = [];
          while (out.length < n) {
            const e = await stream.next(timeoutMs);
            if (!e) break;
            out.push(e);
          }
          return out;
        },
        ended,
        close() {
          req.destroy();
        },
      };
      resolve(stream);
    });
    req.on('error', reject);
    req.end();
  });
}
