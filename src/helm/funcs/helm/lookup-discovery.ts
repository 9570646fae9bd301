// Does the server serve a group/version? Helm's lookup tells "no such kind in a served
// group/version" (nothing found) from "no such group/version" (an error); the Cluster client only
// says "no such kind", so the worker asks discovery itself with the same connection settings.
import type { ResolvedKubeconfig } from '../../../cluster/kubeconfig.js';
import { KubeApiError } from '../../../cluster/errors.js';
import type { ServesGroupVersion } from './lookup-core.js';

export async function discoveryOf(config: ResolvedKubeconfig, userAgent?: string): Promise<ServesGroupVersion> {
  const [{ createAuthSource }, { Transport }] = await Promise.all([import('../../../cluster/client-node.js'), import('../../../cluster/transport.js')]);
  const transport = new Transport({ server: config.cluster.server, auth: createAuthSource(config), compression: !config.cluster.disableCompression, ...(userAgent ? { userAgent } : {}) });
  const known = new Map<string, Promise<boolean>>();
  return (apiVersion) => {
    let answer = known.get(apiVersion);
    if (answer === undefined) {
      const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      answer = transport.json({ method: 'GET', path }, { verb: 'get' }).then(
        () => true,
        (e: unknown) => {
          if (e instanceof KubeApiError && e.statusCode === 404) return false;
          throw e;
        },
      );
      known.set(apiVersion, answer);
    }
    return answer;
  };
}
