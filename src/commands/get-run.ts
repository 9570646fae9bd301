// The `get` verb, written once for every kind (flux's getCommand.run): list, check emptiness,
// filter by status, print. Loaded only when a get command runs.
import { isNoKindMatch, KubeApiError } from '../cluster/errors.js';
import { LabelSelectorError, labelSelectorMessage, parseLabelSelector } from '../cluster/label-selector.js';
import type { Cluster, KubeObject, ListOptions } from '../cluster/types.js';
import type { CommandContext } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import { renderJson, renderYaml, toListDocument, type OutputFormat } from '../cli/printers/list.js';
import { renderTable } from '../cli/printers/table.js';
import type { AnyFluxKind } from '../kinds/registry.js';
import { tableHeader, tableRow, type RowOptions } from './get-rows.js';
import { listKindPages } from './shared/kind-resource.js';
import { namespaceNameOrAny } from './shared/namespace.js';
import { matchesStatus, parseStatusSelector, type StatusSelector } from './shared/status-selector.js';

export interface GetRequest {
  /** Positional arguments; only the first (a name) is used, as flux does. */
  args: string[];
  noHeader: boolean;
  watch: boolean;
  statusSelector?: string;
  labelSelector?: string;
  output: OutputFormat;
  showSource: boolean;
}

export function listOptionsFor(ctx: CommandContext, req: GetRequest): ListOptions {
  const opts: ListOptions = {};
  if (!ctx.options.allNamespaces) opts.namespace = ctx.options.namespace;
  if (req.args[0] !== undefined) opts.fieldSelector = `metadata.name=${req.args[0]}`;
  if (req.labelSelector) {
    // Parsed here first, as flux does, so a malformed -l fails before any request.
    try {
      parseLabelSelector(req.labelSelector);
    } catch (err) {
      if (err instanceof LabelSelectorError) throw new CliError(labelSelectorMessage(err));
      throw err;
    }
    opts.labelSelector = req.labelSelector;
  }
  return opts;
}

/** A malformed selector is reported only once objects were found (flux's order). */
function selectorParser(text: string | undefined): () => StatusSelector | undefined {
  if (text === undefined || text === '') return () => undefined;
  return () => parseStatusSelector(text);
}

interface KindResult {
  /** Objects listed (before status filtering). */
  found: number;
  rows: string[][];
  items: KubeObject[];
}

/** Lists one kind page by page, keeping only rows (or objects for -o json|yaml). */
async function collect(cluster: Cluster, kind: AnyFluxKind, ctx: CommandContext, req: GetRequest, rowOpts: RowOptions): Promise<KindResult> {
  const getSelector = selectorParser(req.statusSelector);
  const result: KindResult = { found: 0, rows: [], items: [] };
  let selector: StatusSelector | undefined;
  try {
    for await (const page of listKindPages(cluster, kind, listOptionsFor(ctx, req))) {
      if (result.found === 0 && page.items.length > 0) selector = getSelector();
      result.found += page.items.length;
      for (const obj of page.items) {
        if (selector && !matchesStatus(obj, selector)) continue;
        if (req.output === 'table') result.rows.push(tableRow(kind, obj, rowOpts));
        else result.items.push(obj);
      }
    }
  } catch (err) {
    throw labelSelectorError(err, req) ?? err;
  }
  return result;
}

/** A selector the local parser accepted but the server rejected: worded the flux way too. */
function labelSelectorError(err: unknown, req: GetRequest): CliError | undefined {
  if (!req.labelSelector || !(err instanceof KubeApiError) || err.statusCode !== 400 || /field/i.test(err.message)) return undefined;
  return new CliError(`unable to parse label selector: ${err.message}`);
}

function notFoundMessage(kind: AnyFluxKind, ctx: CommandContext, req: GetRequest): string {
  const where = namespaceNameOrAny(ctx.options.allNamespaces, ctx.options.namespace);
  return req.args[0] !== undefined ? `${kind.kind} object '${req.args[0]}' not found in ${where} namespace` : `no ${kind.kind} objects found in ${where} namespace`;
}

async function printObjects(ctx: CommandContext, output: OutputFormat, items: KubeObject[]): Promise<void> {
  const doc = toListDocument(items);
  ctx.io.stdout.write(output === 'json' ? renderJson(doc) : await renderYaml(doc));
}

/** `get <kind> [name]` */
export async function runGetKind(ctx: CommandContext, kind: AnyFluxKind, req: GetRequest): Promise<void> {
  const cluster = await ctx.cluster();
  const rowOpts: RowOptions = { allNamespaces: ctx.options.allNamespaces, includeKind: false, showSource: req.showSource };
  if (req.watch) {
    const { watchKindTable } = await import('./get-watch.js');
    return watchKindTable(ctx, cluster, kind, req, rowOpts);
  }
  const result = await collect(cluster, kind, ctx, req, rowOpts);
  if (result.found === 0) throw new CliError(notFoundMessage(kind, ctx, req));
  if (req.output !== 'table') return printObjects(ctx, req.output, result.items);
  ctx.io.stdout.write(renderTable(req.noHeader ? undefined : tableHeader(kind, rowOpts), result.rows));
}

/**
 * `get all` / `get sources all`: one table per kind, each followed by a blank line. Kinds whose
 * CRD is missing or that have no objects are skipped; other per-kind errors are logged and the
 * command still succeeds (flux's logError).
 */
export async function runGetAll(ctx: CommandContext, kinds: readonly AnyFluxKind[], req: GetRequest): Promise<void> {
  if (req.watch) throw new CliError('expected a single resource type, but found all');
  const cluster = await ctx.cluster();
  const rowOpts: RowOptions = { allNamespaces: ctx.options.allNamespaces, includeKind: true, showSource: false };
  const items: KubeObject[] = [];
  // Fetched concurrently, printed in flux's order.
  const pending = kinds.map((kind) =>
    collect(cluster, kind, ctx, req, rowOpts).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    ),
  );
  for (const [i, kind] of kinds.entries()) {
    const outcome = await pending[i];
    if (!outcome) continue;
    if ('error' in outcome) {
      if (isNoKindMatch(outcome.error)) continue;
      ctx.logger.failure(outcome.error instanceof Error ? outcome.error.message : String(outcome.error));
      continue;
    }
    const { result } = outcome;
    if (result.found === 0) {
      if (req.args[0] !== undefined) ctx.logger.failure(notFoundMessage(kind, ctx, req));
      continue;
    }
    if (req.output !== 'table') {
      for (const item of result.items) items.push(item);
      continue;
    }
    if (result.rows.length === 0) continue;
    ctx.io.stdout.write(renderTable(req.noHeader ? undefined : tableHeader(kind, rowOpts), result.rows) + '\n');
  }
  if (req.output !== 'table') await printObjects(ctx, req.output, items);
}
