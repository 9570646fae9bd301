// `flux-ts controller` flag handling (the running controller is tested in test/controller and
// test/e2e/controller).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApiServer, type TestApiServer } from '../../support/apiserver/index.js';
import { flux } from '../reconcile/harness.js';

describe('flux-ts controller flags', () => {
  let server: TestApiServer;
  beforeEach(async () => {
    server = await startApiServer({});
  });
  afterEach(async () => {
    await server.close();
  });

  it('refuses bad values with one line', async () => {
    expect(await flux(server, ['controller', '--concurrent=0'])).toMatchObject({ code: 1, stderr: expect.stringContaining('must be a positive integer, got "0"') as unknown as string });
    expect(await flux(server, ['controller', '--log-level=trace'])).toMatchObject({ code: 1, stderr: '✗ invalid --log-level "trace": expected debug, info or error\n' });
    expect(await flux(server, ['controller', '--leader-election-lease-duration=soon'])).toMatchObject({ code: 1, stderr: expect.stringContaining('invalid --leader-election-lease-duration: time: invalid duration') as unknown as string });
    expect(await flux(server, ['controller', '--requeue-dependency=later'])).toMatchObject({ code: 1, stderr: expect.stringContaining('invalid --requeue-dependency: time: invalid duration') as unknown as string });
    // helm-controller's wording for a selector the label parser refuses.
    expect(await flux(server, ['controller', '--watch-configs-label-selector=a in'])).toMatchObject({
      code: 1,
      stderr: "✗ unable to configure watch configs label selector for controller: unable to parse requirement: found '' expected: '('\n",
    });
  });
});
