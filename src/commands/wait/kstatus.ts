// kstatus as flux computes it for Flux objects (fluxcd/cli-utils pkg/kstatus/status, generic
// rules): deletion, observed generation, then the first Reconciling/Stalled condition, then Ready.
import type { KubeObject } from '../../cluster/types.js';
import { conditions, field } from '../../kinds/accessors.js';

export type KStatus = 'Current' | 'InProgress' | 'Failed' | 'Terminating';

export interface KStatusResult {
  status: KStatus;
  message: string;
}

export function computeKStatus(obj: KubeObject): KStatusResult {
  if (obj.metadata.deletionTimestamp) return { status: 'Terminating', message: 'Resource scheduled for deletion' };
  const observed = field(obj, 'status', 'observedGeneration');
  const generation = obj.metadata.generation;
  if (typeof observed === 'number' && typeof generation === 'number' && observed !== generation) {
    return { status: 'InProgress', message: `${obj.kind} generation is ${generation}, but latest observed generation is ${observed}` };
  }
  const list = conditions(obj);
  // Whichever of Reconciling=True / Stalled=True comes first in the list decides.
  for (const c of list) {
    if (c.type === 'Reconciling' && c.status === 'True') return { status: 'InProgress', message: c.message ?? '' };
    if (c.type === 'Stalled' && c.status === 'True') return { status: 'Failed', message: c.message ?? '' };
  }
  const ready = list.find((c) => c.type === 'Ready');
  if (!ready || ready.status === 'True') return { status: 'Current', message: 'Resource is Ready' };
  return { status: 'InProgress', message: ready.message ?? '' };
}
