// --status-selector (flux get): `type=status` or `type!=status`, matched case-insensitively
// against the LAST condition of that type (flux's statusMatches).
import type { KubeObject } from '../../cluster/types.js';
import { conditionMatches } from '../../kinds/accessors.js';
import { CliError } from '../../cli/errors.js';

export interface StatusSelector {
  type: string;
  status: string;
  negate: boolean;
}

export function parseStatusSelector(text: string): StatusSelector {
  const ne = text.indexOf('!=');
  if (ne >= 0) return { type: text.slice(0, ne), status: text.slice(ne + 2), negate: true };
  const eq = text.indexOf('=');
  if (eq >= 0) return { type: text.slice(0, eq), status: text.slice(eq + 1), negate: false };
  throw new CliError(`expected status selector in type=status or type!=status format, but found: ${text}`);
}

/** Objects without a condition of that type never match `=` and always match `!=`. */
export function matchesStatus(obj: KubeObject, sel: StatusSelector): boolean {
  const m = conditionMatches(obj, sel.type, sel.status);
  return sel.negate ? !m : m;
}
