// `npm run test-apiserver -- --port 0 --load objects.yaml --kubeconfig out [--simulate-workloads]
// [--unpullable-image REGEX] [--token T]`: starts the test API server by hand.
import { resolve } from 'node:path';
import { Command } from 'commander';
import { readObjects, startApiServer } from './index.js';

const program = new Command('test-apiserver')
  .description('Kubernetes API test server (plain HTTP on 127.0.0.1)')
  .option('--port <port>', 'port to listen on (0 picks a free one)', '0')
  .option('--load <file>', 'multi-document YAML to store at start (CustomResourceDefinitions first); repeatable', (v: string, prev: string[] = []) => [...prev, v])
  .option('--kubeconfig <path>', 'where to write a kubeconfig for the server')
  .option('--namespace <ns>', 'namespace of the kubeconfig context')
  .option('--token <token>', 'require this bearer token')
  .option('--simulate-workloads', 'workloads become ready about a second after each rollout')
  .option('--unpullable-image <regex>', 'with --simulate-workloads: workloads with a matching image never become ready')
  .action(async (o: { port: string; load?: string[]; kubeconfig?: string; namespace?: string; token?: string; simulateWorkloads?: boolean; unpullableImage?: string }) => {
    const port = Number(o.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: not a port number: ${o.port}`);
    let unpullable: RegExp | undefined;
    if (o.unpullableImage !== undefined) {
      try {
        unpullable = new RegExp(o.unpullableImage);
      } catch (e) {
        throw new Error(`--unpullable-image: invalid regular expression: ${(e as Error).message}`);
      }
    }
    const server = await startApiServer({
      port,
      objects: o.load?.flatMap((f) => readObjects(resolve(f))),
      kubeconfigPath: o.kubeconfig ? resolve(o.kubeconfig) : undefined,
      namespace: o.namespace,
      token: o.token,
      simulateWorkloads: o.simulateWorkloads || unpullable !== undefined,
      unpullableImage: unpullable,
    });
    process.stdout.write(`listening on ${server.url}\n`);
    process.stdout.write(`kubeconfig written to ${server.kubeconfigPath}\n`);
    const stop = (): void => {
      void server.close().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`✗ ${(e as Error).message}\n`);
  process.exit(1);
});
