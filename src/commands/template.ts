// `flux-ts template [NAME] CHART`: renders a chart locally exactly as `helm template` (Helm 4)
// does. The rendering engine is loaded only when the command runs.
import type { Command, Option } from 'commander';
import type { CliRuntime, CommandContext } from '../cli/context.js';
import { CliError, UsageError } from '../cli/errors.js';
import { setNoOptDefault } from '../cli/help.js';
import { VERSION } from '../cli/version.js';
import { applyFlag, defaultTemplateFlags, TEMPLATE_EMPTY_LIST_DEFAULTS, TEMPLATE_FLAGS, templateFlagType, type FlagSpec } from '../helm/template/flags.js';

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

const camel = (s: string): string => s.replace(/-([a-z])/g, (_, ch: string) => ch.toUpperCase());

/**
 * pflag's boolean flags take `--flag=false` (and only that form of a value); commander's take no
 * value. Long-only ones are declared with an optional value, and restoreOptionalValues undoes
 * what that changes for the bare form.
 */
function optionalValueBool(spec: FlagSpec): boolean {
  return spec.kind === 'bool' && spec.short === undefined && !spec.long.startsWith('no-');
}

/**
 * pflag gives a bare optional-value flag (`--dry-run`, `--wait`, booleans) its default and
 * leaves the next word alone; commander takes that word as the value. Put such a word back
 * among the arguments, where it stood on the command line.
 */
function restoreOptionalValues(raw: readonly string[], args: string[], opts: Record<string, unknown>): string[] {
  const out = [...args];
  for (const spec of TEMPLATE_FLAGS) {
    if (spec.kind !== 'optional' && !optionalValueBool(spec)) continue;
    const at = raw.lastIndexOf(`--${spec.long}`);
    const key = camel(spec.long);
    if (at < 0 || typeof opts[key] !== 'string' || raw[at + 1] !== opts[key]) continue;
    // Positionals before the flag: the arguments found, in order, in the words before it.
    let j = 0;
    for (let i = 0; i < at && j < out.length; i++) if (raw[i] === out[j]) j++;
    out.splice(j, 0, opts[key] as string);
    opts[key] = true;
  }
  return out;
}

function optionNames(spec: FlagSpec): string {
  return `${spec.short ? `-${spec.short}, ` : ''}--${spec.long}`;
}

/**
 * The command's options, made once per process: they depend on nothing but TEMPLATE_FLAGS, and
 * parsing ~40 flag strings was a good part of setting the command up on every run (in the
 * start-up snapshot they are made already). Commander keeps parsed values on the command, never
 * on its options, so commands can share them.
 */
let options: readonly Option[] | undefined;

function templateOptions(cmd: Command): readonly Option[] {
  if (options) return options;
  const made: Option[] = [];
  for (const spec of TEMPLATE_FLAGS) {
    // -n/--namespace and --kubeconfig are global flags of flux-ts.
    if (spec.key === 'namespace' || spec.global) continue;
    const names = optionNames(spec);
    let option;
    if (optionalValueBool(spec)) option = cmd.createOption(`${names} [bool]`, spec.description);
    else if (spec.kind === 'bool') option = cmd.createOption(names, spec.description);
    // The placeholder is the type word the help prints, as pflag prints it.
    else if (spec.kind === 'string' || spec.kind === 'int' || spec.kind === 'float32') option = cmd.createOption(`${names} <${templateFlagType(spec)}>`, spec.description);
    else if (spec.kind === 'optional') option = cmd.createOption(`${names} [${templateFlagType(spec)}]`, spec.description);
    else option = cmd.createOption(`${names} <${templateFlagType(spec)}>`, spec.description).argParser(collect);
    if (TEMPLATE_EMPTY_LIST_DEFAULTS.has(spec.long)) option.default(undefined, '[]');
    if (spec.kind === 'optional' && spec.noValue !== undefined) setNoOptDefault(option, spec.noValue);
    if (spec.deprecated) option.hideHelp();
    made.push(option);
  }
  return (options = made);
}

export function registerTemplate(program: Command, runtime: CliRuntime): void {
  const cmd = program
    .command('template')
    .argument('[args...]', 'NAME and CHART, or just CHART')
    .description('Locally render chart templates, as `helm template` does')
    .allowExcessArguments(true);
  for (const option of templateOptions(cmd)) cmd.addOption(option);
  cmd.action(
    runtime.action(async (ctx: CommandContext, rawArgs: string[], c: Command) => {
      const opts = c.opts<Record<string, unknown>>();
      // commander keeps the words it parsed on the program (not in its typings).
      const words = (c.parent as { rawArgs?: unknown } | null)?.rawArgs;
      const args = restoreOptionalValues(Array.isArray(words) ? (words as string[]) : [], rawArgs, opts);
      if (args.length < 1) throw new UsageError('"flux-ts template" requires at least 1 argument');
      const flags = defaultTemplateFlags();
      flags.args = args;
      try {
        for (const spec of TEMPLATE_FLAGS) {
          if (spec.key === 'namespace' || spec.global) continue;
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
      } catch (e) {
        throw new UsageError(e instanceof Error ? e.message : String(e));
      }
      const [{ runTemplate }, { defaultTemplateEnv }, { helmKubeFlags, helmNamespace }] = await Promise.all([
        import('../helm/template/run.js'),
        import('../helm/template/env.js'),
        import('../helm/template/kube-flags.js'),
      ]);
      const env = ctx.io.env;
      // Helm's namespace: -n, else HELM_NAMESPACE, else the kubeconfig context's, else "default".
      flags.namespace = helmNamespace(ctx.options.namespaceExplicit ? ctx.options.namespace : undefined, helmKubeFlags(flags, env, ctx.options.kube), env);
      const result = await runTemplate(flags, defaultTemplateEnv(process.cwd(), {}, { env, kube: ctx.options.kube, userAgent: `flux-ts/${VERSION}` }));
      for (const w of result.warnings) ctx.io.stderr.write(`${w}\n`);
      if (result.stdout !== '') ctx.io.stdout.write(result.stdout);
      if (result.error !== undefined) throw new CliError(result.error);
    }),
  );
}
