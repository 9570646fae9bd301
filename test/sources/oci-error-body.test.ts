// A registry's 404 answer to a tag list keeps its body (the first 8 KiB, what ORAS reads) on
// the error, reachable from the SourceError as its cause, so helm's wording needs no second
// request. Against a small registry stand-in that counts the requests it gets.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceError } from '../../src/sources/errors.js';
import { fetchFromOciHelmRepository } from '../../src/sources/fetchers.js';
import { MAX_ERROR_BODY_BYTES, RegistryClient, RegistryResponseError } from '../../src/sources/oci/client.js';
import { helmOciError } from '../../src/helm/template/oci-error.js';

const NOT_KNOWN = JSON.stringify({ errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry', detail: { name: 'charts/empty' } }] });

let server: Server;
let host = '';
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const body = req.url?.startsWith('/v2/charts/huge/') ? `{"errors":[{"code":"NAME_UNKNOWN","message":"${'x'.repeat(20_000)}"}]}` : NOT_KNOWN;
    res.writeHead(404, { 'Content-Type': 'application/json' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('a tag list the registry answers with 404', () => {
  it('throws a RegistryResponseError with the request and the body', async () => {
    const err = await new RegistryClient(host, { plainHttp: true }).listTags('charts/empty').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryResponseError);
    const r = err as RegistryResponseError;
    expect([r.reason, r.status, r.method, r.url, r.message]).toEqual(['NotFound', 404, 'GET', `http://${host}/v2/charts/empty/tags/list?n=1000`, `repository ${host}/charts/empty not found`]);
    expect(r.body.toString()).toBe(NOT_KNOWN);
  });

  it('keeps only the first 8 KiB of a long body', async () => {
    const err = (await new RegistryClient(host, { plainHttp: true }).listTags('charts/huge').catch((e: unknown) => e)) as RegistryResponseError;
    expect(MAX_ERROR_BODY_BYTES).toBe(8192);
    expect(err.body.length).toBe(MAX_ERROR_BODY_BYTES);
  });

  it('reaches helm wording through the SourceError cause, with one request to the registry', async () => {
    requests.length = 0;
    const err = await fetchFromOciHelmRepository({ subject: `oci://${host}/charts/empty` }, { url: `oci://${host}/charts`, plainHttp: true }, 'empty', '').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).message).toBe(`oci://${host}/charts/empty: repository ${host}/charts/empty not found`);
    expect((err as SourceError).cause).toBeInstanceOf(RegistryResponseError);
    expect(helmOciError(err)).toBe(
      `GET "http://${host}/v2/charts/empty/tags/list": response status code 404: name unknown: repository name not known to registry: map[name:charts/empty]`,
    );
    expect(requests).toEqual(['/v2/charts/empty/tags/list?n=1000']);
  });

  it('the cause is not an enumerable property, so the body is never dumped with the error', async () => {
    const err = await fetchFromOciHelmRepository({ subject: 'HelmRepository apps/charts' }, { url: `oci://${host}/charts`, plainHttp: true }, 'empty', '').catch((e: unknown) => e);
    expect(Object.keys(err as object)).not.toContain('cause');
    expect(JSON.stringify(err)).not.toContain('NAME_UNKNOWN');
  });
});
