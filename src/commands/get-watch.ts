// `get <kind> -w`: every watch event printed as its own one-row table (flux's watchUntil),
// the first with the header; ends with flux's timeout error when --timeout passes.
import type { Cluster } from '../cluster/types.js';
import type { CommandContext } from '../cli/context.js';
import { CliError } from '../cli/errors.js';
import { renderJson, renderYaml } from '../cli/printers/list.js';
import { renderTable } from '../cli/printers/table.js';
import type { AnyFluxKind } from '../kinds/registry.js';
import { listOptionsFor, type GetRequest } from './get-run.js';
import { tableHeader, tableRow, type RowOptions } from './get-rows.js';
import { watchKind } from './shared/kind-resource.js';
import { matchesStatus, parseStatusSelector } from './shared/status-selector.js';

export async function watchKindTable(ctx: CommandContext, cluster: Cluster, kind: AnyFluxKind, req: GetRequest, rowOpts: RowOptions): Promise<void> {
  const { namespace, labelSelector, fieldSelector } = listOptionsFor(ctx, req);
  const header = req.noHeader ? undefined : tableHeader(kind, rowOpts);
  let first = true;
  const events = watchKind(cluster, kind, {
    ...(namespace ? { namespace } : {}),
    ...(labelSelector ? { labelSelector } : {}),
    ...(fieldSelector ? { fieldSelector } : {}),
    signal: ctx.deadline,
  });
  try {
    for await (const ev of events) {
      const selector = req.statusSelector ? parseStatusSelector(req.statusSelector) : undefined;
      const keep = !selector || matchesStatus(ev.object, selector);
      if (req.output === 'table') {
        ctx.io.stdout.write(renderTable(first ? header : undefined, keep ? [tableRow(kind, ev.object, rowOpts)] : []));
      } else if (keep) {
        ctx.io.stdout.write(req.output === 'json' ? renderJson(ev.object) : `---\n${await renderYaml(ev.object)}`);
      }
      first = false;
    }
  } catch (err) {
    if (!ctx.deadline.aborted) throw err;
  }
  if (ctx.deadline.aborted) throw new CliError('timed out waiting for the condition');
  throw new CliError('watch closed before UntilWithoutRetry timeout');
}
