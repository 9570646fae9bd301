// Keeps a seeded API test server running for manual profiling of `get` (prints its kubeconfig):
//   npx tsx bench/get/serve.ts &   then   KUBECONFIG=<path> bin/flux-ts get hr -A
import { readFileSync } from 'node:fs';
import { parseObjects, startApiServer } from '../../test/support/apiserver/index.js';
import { seedHelmReleases } from './seed.js';

const crds = readFileSync(new URL('../../test/fixtures/crds/flux-crds.yaml', import.meta.url), 'utf8');
const server = await startApiServer({ objects: parseObjects(crds) });
server.store.load(seedHelmReleases(10_000, 500));
console.log(server.kubeconfigPath);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
