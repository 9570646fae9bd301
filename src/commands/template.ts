// `flux-ts template [NAME] CHART`: renders a chart locally exactly as `helm template` (Helm 4)
// does. The rendering engine is loaded only when the command runs.
import type { Command } from 'commander';
import type { CliRuntime, CommandContext } from '../cli/context.js';
import { CliError, UsageError } from '../cli/errors.js';
import { applyFlag, defaultTemplateFlags, TEMPLATE_FLAGS } from '../helm/template/flags.js';

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function registerTemplate(program: Command, runtime: CliRuntime): void {
  const cmd = program
    .command('template')
    .argument('[args...]', 'NAME and CHART, or just CHART')
    .description('Locally render chart templates, as `helm template` does')
    .allowExcessArguments(true);
  for (const spec of TEMPLATE_FLAGS) {
    // -n/--namespace is a global flag of flux-ts.
    if (spec.key === 'namespace') continue;
    const names = `${spec.short ? `-${spec.short}, ` : ''}--${spec.long}`;
    if (spec.kind === 'bool') cmd.option(names, spec.description);
    else if (spec.kind === 'string') cmd.option(`${names} <value>`, spec.description);
    else cmd.option(`${names} <value>`, spec.description, collect);
  }
  cmd.action(
    runtime.action(async (ctx: CommandContext, args: string[], c: Command) => {
      if (args.length < 1) throw new UsageError('"flux-ts template" requires at least 1 argument');
      const opts = c.opts<Record<string, unknown>>();
      const flags = defaultTemplateFlags();
      flags.args = args;
      // Helm's default namespace, not flux's, unless -n was given.
      flags.namespace = ctx.options.namespaceExplicit ? ctx.options.namespace : 'default';
      for (const spec of TEMPLATE_FLAGS) {
        if (spec.key === 'namespace') continue;
        const camel = (s: string): string => s.replace(/-([a-z])/g, (_, ch: string) => ch.toUpperCase());
        // Commander reads --no-x as x=false.
        if (spec.long.startsWith('no-')) {
          if (opts[camel(spec.long.slice(3))] === false) applyFlag(flags, spec, true);
          continue;
        }
        const v = opts[camel(spec.long)];
        if (v === undefined) continue;
        if (Array.isArray(v)) for (const item of v) applyFlag(flags, spec, String(item));
        else applyFlag(flags, spec, v === true ? true : String(v));
      }
      const [{ runTemplate }, { defaultTemplateEnv }] = await Promise.all([import('../helm/template/run.js'), import('../helm/template/env.js')]);
      const result = await runTemplate(flags, defaultTemplateEnv(process.cwd()));
      for (const w of result.warnings) ctx.io.stderr.write(`${w}\n`);
      if (result.stdout !== '') ctx.io.stdout.write(result.stdout);
      if (result.error !== undefined) throw new CliError(result.error);
    }),
  );
}
