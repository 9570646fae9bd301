// Helm's HTTP getter as `-f https://...` and `--set-file k=https://...` use it: a plain GET
// (redirects followed), the body on 200, Helm's error texts otherwise.
import { ValuesOptionError, type UrlGetter } from '../values/options.js';
import { HELM_VERSION } from '../engine/capabilities.js';
import { goGetError } from './go-net-error.js';

export function httpValuesGetter(fetchImpl: typeof fetch = fetch): UrlGetter {
  return async (url) => {
    let res: Response;
    try {
      res = await fetchImpl(url, { headers: { 'User-Agent': `Helm/${HELM_VERSION.Version.replace(/^v/, '')}` }, redirect: 'follow' });
    } catch (e) {
      throw new ValuesOptionError(goGetError(url, e));
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      // Go's resp.Status: the code and the server's reason phrase.
      throw new ValuesOptionError(`failed to fetch ${url} : ${res.status} ${res.statusText}`);
    }
    return new Uint8Array(await res.arrayBuffer());
  };
}
