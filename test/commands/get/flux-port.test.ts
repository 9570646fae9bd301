// flux's own get tests (cmd/flux/get_test.go), ported: same objects, same commands, and the
// expected bytes of its golden files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApiServer } from '../../support/apiserver/index.js';
import { allocateNamespace, fixture, fluxTs, loadYaml, render, startFluxServer } from './harness.js';

let server: TestApiServer;
const getNs = allocateNamespace('flux-system');
const statusNs = allocateNamespace('flux-system');

beforeAll(async () => {
  server = await startFluxServer();
  loadYaml(server, render(fixture('objects.yaml'), { fluxns: getNs }));
  loadYaml(server, render(fixture('status_objects.yaml'), { fluxns: statusNs }));
});
afterAll(async () => {
  await server.close();
});

describe('Test_GetCmd', () => {
  const cases: [string, string[], string][] = [
    ['no label selector', [], 'get.golden'],
    ['equal label selector', ['-l', 'sharding.fluxcd.io/key=shard1'], 'get_label_one.golden'],
    ['notin label selector', ['-l', 'sharding.fluxcd.io/key notin (shard1, shard2)'], 'get_label_two.golden'],
  ];
  for (const [name, args, golden] of cases) {
    it(name, async () => {
      const out = await fluxTs(server, ['get', 'sources', 'git', ...args, '-n', getNs]);
      expect(out).toEqual({ code: 0, stdout: fixture(golden), stderr: '' });
    });
  }
});

describe('Test_GetCmdStatusSelector', () => {
  const cases: [string, string, string][] = [
    ['equal status selector matches one', 'Ready=True', 'get_status_ready_true.golden'],
    ['equal status selector matches false', 'Ready=False', 'get_status_ready_false.golden'],
    ['not-equal status selector matches all not-true', 'Ready!=True', 'get_status_ready_not_true.golden'],
  ];
  for (const [name, selector, golden] of cases) {
    it(name, async () => {
      const out = await fluxTs(server, ['get', 'sources', 'git', '--status-selector', selector, '-n', statusNs]);
      expect(out).toEqual({ code: 0, stdout: fixture(golden), stderr: '' });
    });
  }
});

describe('Test_GetAllCmdStatusSelectorNoMatches', () => {
  it('prints nothing at all', async () => {
    const out = await fluxTs(server, ['get', 'all', '--status-selector', 'foo=bar', '-n', statusNs]);
    expect(out).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('Test_GetCmdErrors', () => {
  it('specific object not found', async () => {
    const out = await fluxTs(server, ['get', 'helmrelease', 'non-existent-resource', '-n', getNs]);
    expect(out).toEqual({ code: 1, stdout: '', stderr: `✗ HelmRelease object 'non-existent-resource' not found in "${getNs}" namespace\n` });
  });

  it('no objects found in namespace', async () => {
    const out = await fluxTs(server, ['get', 'helmrelease', '-n', getNs]);
    expect(out).toEqual({ code: 1, stdout: '', stderr: `✗ no HelmRelease objects found in "${getNs}" namespace\n` });
  });

  it('no objects found in any namespace', async () => {
    const out = await fluxTs(server, ['get', 'sources', 'oci', '-A']);
    expect(out).toEqual({ code: 1, stdout: '', stderr: '✗ no OCIRepository objects found in any namespace\n' });
  });

  it('malformed status selector', async () => {
    const out = await fluxTs(server, ['get', 'sources', 'git', '--status-selector', 'Ready', '-n', getNs]);
    expect(out).toEqual({ code: 1, stdout: '', stderr: '✗ expected status selector in type=status or type!=status format, but found: Ready\n' });
  });
});

describe('Test_GetCmdSuccess', () => {
  it('get with all namespaces flag', async () => {
    const out = await fluxTs(server, ['get', 'sources', 'git', '-A']);
    expect(out.code).toBe(0);
    expect(out.stdout.split('\n')[0]).toMatch(/^NAMESPACE\s*\tNAME\s*\tREVISION/);
  });
});
