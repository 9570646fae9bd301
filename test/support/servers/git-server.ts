// A Git smart-HTTP server on 127.0.0.1: `git http-backend` as CGI behind a Node HTTP server,
// with optional Basic auth. Repositories are bare repos under a temp root, made by makeRepo().
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface GitServer {
  url: string;
  root: string;
  requests: { path: string; authorization?: string }[];
  stop(): Promise<void>;
}

const BACKEND = '/usr/lib/git-core/git-http-backend';

export async function startGitServer(opts: { basicAuth?: { username: string; password: string } } = {}): Promise<GitServer> {
  const root = mkdtempSync(join(tmpdir(), 'flux-ts-git-server-'));
  const requests: GitServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    requests.push({ path: u.pathname, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    let user = '';
    if (opts.basicAuth) {
      const want = `Basic ${Buffer.from(`${opts.basicAuth.username}:${opts.basicAuth.password}`).toString('base64')}`;
      if (req.headers.authorization !== want) {
        res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="git"' });
        res.end();
        return;
      }
      user = opts.basicAuth.username;
    }
    const child = spawn(BACKEND, [], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: u.pathname,
        QUERY_STRING: u.search.slice(1),
        REQUEST_METHOD: req.method ?? 'GET',
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        REMOTE_USER: user,
        REMOTE_ADDR: '127.0.0.1',
        GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
        HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
      },
    });
    req.pipe(child.stdin);
    let head = Buffer.alloc(0);
    let headersDone = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const sepAt = head.indexOf('\r\n\r\n');
      if (sepAt < 0) return;
      headersDone = true;
      let status = 200;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, sepAt).toString().split('\r\n')) {
        const i = line.indexOf(':');
        const k = line.slice(0, i).trim();
        const v = line.slice(i + 1).trim();
        if (k.toLowerCase() === 'status') status = Number.parseInt(v, 10);
        else headers[k] = v;
      }
      res.writeHead(status, headers);
      res.write(head.subarray(sepAt + 4));
    });
    child.on('close', () => {
      if (!headersDone) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    root,
    requests,
    stop: async () => {
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'flux-ts test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'flux-ts test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

export interface RepoStep {
  /** Files to write (path -> content) before committing. */
  files: Record<string, string>;
  message?: string;
  branch?: string;
  tag?: string;
  annotatedTag?: boolean;
}

/** Builds `<root>/<name>.git` from a list of commits; returns the commit shas in order. */
export function makeRepo(root: string, name: string, steps: RepoStep[]): string[] {
  const work = mkdtempSync(join(tmpdir(), 'flux-ts-git-work-'));
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: work, env: GIT_ENV, encoding: 'utf8' }).trim();
  try {
    git('init', '-q', '-b', 'master');
    const shas: string[] = [];
    for (const step of steps) {
      if (step.branch !== undefined) git('checkout', '-q', '-B', step.branch);
      for (const [path, content] of Object.entries(step.files)) {
        mkdirSync(dirname(join(work, path)), { recursive: true });
        writeFileSync(join(work, path), content);
      }
      git('add', '-A');
      git('commit', '-q', '-m', step.message ?? 'commit');
      const sha = git('rev-parse', 'HEAD');
      shas.push(sha);
      if (step.tag !== undefined) {
        if (step.annotatedTag) git('tag', '-a', step.tag, '-m', step.tag);
        else git('tag', step.tag);
      }
    }
    const bare = join(root, `${name}.git`);
    execFileSync('git', ['clone', '-q', '--bare', work, bare], { env: GIT_ENV });
    return shas;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
