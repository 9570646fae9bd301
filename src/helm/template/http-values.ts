// Helm's HTTP getter as `-f https://...` and `--set-file k=https://...` use it: a plain GET
// (redirects followed), the body on 200, Helm's error texts otherwise.
import { ValuesOptionError, type UrlGetter } from '../values/options.js';
import { HELM_VERSION } from '../engine/capabilities.js';
import { httpGet, type HttpGetResponse } from './http-get.js';

export const HELM_USER_AGENT = `Helm/${HELM_VERSION.Version.replace(/^v/, '')}`;

export function httpValuesGetter(get: (url: string, headers: Record<string, string>) => Promise<HttpGetResponse> = httpGet): UrlGetter {
  return async (url) => {
    let res: HttpGetResponse;
    try {
      res = await get(url, { 'User-Agent': HELM_USER_AGENT });
    } catch (e) {
      throw new ValuesOptionError(e instanceof Error ? e.message : String(e));
    }
    // Go's resp.Status: the code and the server's reason phrase.
    if (res.status !== 200) throw new ValuesOptionError(`failed to fetch ${url} : ${res.status} ${res.statusText}`);
    return new Uint8Array(res.body);
  };
}
