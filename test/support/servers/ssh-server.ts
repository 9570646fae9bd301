// Debian's sshd on 127.0.0.1 for GitRepository SSH tests: a fresh host key and client key per
// server, key-only login for the current user, repositories served by git-upload-pack through
// the normal SSH exec path. Everything lives in a temp dir removed on stop.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './ports.js';

export const SSHD_BIN = '/usr/sbin/sshd';

export interface SshServer {
  port: number;
  user: string;
  /** known_hosts line for this server. */
  knownHosts: string;
  /** Private key (OpenSSH PEM) authorised to log in. */
  identity: string;
  stop(): Promise<void>;
}

export async function startSshServer(): Promise<SshServer> {
  if (!existsSync(SSHD_BIN)) throw new Error(`${SSHD_BIN} not found: scripts/ci-deps.sh must install openssh-server`);
  const dir = mkdtempSync(join(tmpdir(), 'flux-ts-sshd-'));
  const port = await freePort();
  const user = userInfo().username;
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')]);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'client_key')]);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')), { mode: 0o600 });
  // sshd refuses to start without its privilege separation directory.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const config = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'host_key')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    `AllowUsers ${user}`,
    'StrictModes no',
    'UsePAM no',
    'LogLevel ERROR',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'sshd_config'), config);
  const child = spawn(SSHD_BIN, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => {
          s.destroy();
          resolve(true);
        });
        s.on('error', () => resolve(false));
      }),
    `sshd (${stderr})`,
  );
  const hostPub = readFileSync(join(dir, 'host_key.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
  return {
    port,
    user,
    knownHosts: `[127.0.0.1]:${port} ${hostPub}\n`,
    identity: readFileSync(join(dir, 'client_key'), 'utf8'),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
