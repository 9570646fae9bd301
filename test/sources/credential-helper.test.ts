// Docker config files that name credential helpers: `credHelpers` for one registry, then
// `credsStore` for all, answered by `docker-credential-<name> get` as docker asks it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixturesDir } from '../support/servers/ports.js';
import { credentialsFromLocalConfig } from '../../src/sources/oci/credentials.js';
import { helperServerAddress } from '../../src/sources/oci/credential-helper.js';
import { tempDir } from './helpers.js';

const HELPERS = join(fixturesDir, 'credential-helper');
const HOST = 'r.example:5000';

let home: string;
beforeEach(() => {
  home = tempDir();
  mkdirSync(join(home, 'docker'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function env(creds: string, path = `${HELPERS}:${process.env.PATH}`): NodeJS.ProcessEnv {
  return { PATH: path, HOME: home, DOCKER_CONFIG: join(home, 'docker'), HELM_REGISTRY_CONFIG: join(home, 'helm-registry.json'), FAKE_HELPER_CREDS: creds };
}

function dockerConfig(cfg: unknown): void {
  writeFileSync(join(home, 'docker', 'config.json'), JSON.stringify(cfg));
}

describe('docker credential helpers', () => {
  it('asks the credsStore helper for the registry', async () => {
    dockerConfig({ auths: { [HOST]: {} }, credsStore: 'fake' });
    expect(await credentialsFromLocalConfig(HOST, env(`${HOST} alice s3cret`))).toEqual({ username: 'alice', password: 's3cret' });
  });

  it('prefers the credHelpers entry of the host over credsStore and auths', async () => {
    const auth = Buffer.from('bob:from-auths').toString('base64');
    dockerConfig({ auths: { [HOST]: { auth } }, credsStore: 'broken', credHelpers: { [HOST]: 'fake' } });
    expect(await credentialsFromLocalConfig(HOST, env(`${HOST} carol from-helper`))).toEqual({ username: 'carol', password: 'from-helper' });
    // Another host: credsStore answers (here failing), auths are not read.
    await expect(credentialsFromLocalConfig('other.example', env(''))).rejects.toThrow(
      'docker credential helper docker-credential-broken failed for other.example: error getting credentials - the keychain is locked',
    );
  });

  it('a helper that has nothing for the host leaves the host anonymous', async () => {
    dockerConfig({ credsStore: 'fake' });
    expect(await credentialsFromLocalConfig(HOST, env('elsewhere:5000 alice s3cret'))).toBeUndefined();
  });

  it('helm registry credentials are read before docker’s helper', async () => {
    writeFileSync(join(home, 'helm-registry.json'), JSON.stringify({ auths: { [HOST]: { username: 'dave', password: 'helm' } } }));
    dockerConfig({ credsStore: 'fake' });
    expect(await credentialsFromLocalConfig(HOST, env(`${HOST} alice s3cret`))).toEqual({ username: 'dave', password: 'helm' });
  });

  it('names a helper that is not installed', async () => {
    dockerConfig({ credsStore: 'desktop' });
    await expect(credentialsFromLocalConfig(HOST, env('', '/nonexistent'))).rejects.toThrow('docker credential helper docker-credential-desktop not found in PATH');
  });

  it('sends Docker Hub as docker does', () => {
    expect(helperServerAddress('docker.io')).toBe('https://index.docker.io/v1/');
    expect(helperServerAddress('registry-1.docker.io')).toBe('https://index.docker.io/v1/');
    expect(helperServerAddress(HOST)).toBe(HOST);
  });
});
