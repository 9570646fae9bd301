// `flux-ts describe helmrelease|hr NAME [-o yaml|json]`: one HelmRelease explained for a person
// (flux has only `debug hr`). Registration only; describe/ does the work when it runs.
import type { Command } from 'commander';
import type { CliRuntime } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import { commandGroup } from './shared/command-group.js';
import { addOutputFlag, parseOutputFormat } from './shared/output.js';

const FORMATS = ['text', 'yaml', 'json'] as const;

export function registerDescribe(program: Command, runtime: CliRuntime): void {
  const describe = commandGroup(program, 'describe', 'Describe a resource in detail, for people');
  const helmRelease = describe
    .command('helmrelease')
    .aliases(['hr'])
    .description('Describe a HelmRelease: chart, source, settings, dependencies, conditions, history, values sources and events')
    .argument('[name]', 'HelmRelease name');
  addOutputFlag(helmRelease, FORMATS)
    .option('--show-values', 'print the composed values (valuesFrom, then inline values), with values from Secrets masked')
    .action(
      runtime.action(async (ctx, args, cmd) => {
        const name = args[0];
        if (!name) throw new CliError('HelmRelease name is required');
        const output = parseOutputFormat(cmd.opts<{ output?: string }>().output, FORMATS);
        const cluster = await ctx.cluster();
        if (cmd.opts<{ showValues?: boolean }>().showValues === true) {
          const [{ helmReleaseKind }, { showValues }] = await Promise.all([import('../kinds/registry.js'), import('./describe/values.js')]);
          const hr = await cluster.get<import('../kinds/api-types.js').HelmRelease>(helmReleaseKind.resource, name, ctx.options.namespace);
          ctx.io.stdout.write(await showValues(cluster, hr));
          return;
        }
        if (output !== 'text') {
          const [{ helmReleaseKind }, { renderJson, renderYaml }] = await Promise.all([import('../kinds/registry.js'), import('../cli/printers/list.js')]);
          const obj = await cluster.get(helmReleaseKind.resource, name, ctx.options.namespace);
          ctx.io.stdout.write(output === 'json' ? renderJson(obj) : await renderYaml(obj));
          return;
        }
        const [{ gather }, { renderDescribe }] = await Promise.all([import('./describe/gather.js'), import('./describe/render.js')]);
        const data = await gather(cluster, name, ctx.options.namespace);
        ctx.io.stdout.write(renderDescribe(data, Date.now()));
      }),
    );
}
