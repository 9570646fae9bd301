// `flux-ts get -l` parses the selector before any request, with Kubernetes' wording, as flux does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApiServer } from '../support/apiserver/index.js';
import { fluxTs, startFluxServer } from '../commands/get/harness.js';

let server: TestApiServer;
beforeAll(async () => {
  server = await startFluxServer();
});
afterAll(async () => {
  await server.close();
});

describe('flux-ts get -l with a malformed selector', () => {
  it.each([
    ['team in w', "unable to parse requirement: found 'w' expected: '('"],
    [
      'team=-web',
      `unable to parse requirement: values[0][team]: Invalid value: "-web": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    ],
    ['a=b,', "found '', expected: identifier after ','"],
  ])('%s fails before listing', async (selector, detail) => {
    server.clearRequests();
    const out = await fluxTs(server, ['get', 'hr', '-A', '-l', selector]);
    expect(out).toEqual({ code: 1, stdout: '', stderr: `✗ unable to parse label selector: ${detail}\n` });
    expect(server.requests.filter((r) => r.path.includes('helmreleases'))).toEqual([]);
  });

  it('also before a watch starts', async () => {
    server.clearRequests();
    const out = await fluxTs(server, ['get', 'hr', '-w', '-l', '!']);
    expect(out).toEqual({ code: 1, stdout: '', stderr: "✗ unable to parse label selector: unable to parse requirement: found '', expected: identifier\n" });
    expect(server.requests.filter((r) => r.path.includes('helmreleases'))).toEqual([]);
  });
});
