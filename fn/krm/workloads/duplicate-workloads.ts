// A workload that appears twice in the input (by group, kind, namespace and name): which of the
// two would the cluster run? Both injectors refuse to guess; each reports these with its own code.
import { describe, objectKey, refOf, ResourceRef } from '../../types';
import type { Workload } from './pod-templates';

export interface DuplicateWorkload {
  ref: ResourceRef;
  message: string;
}

/**
 * The second and later appearances of each workload of `workloads` (in input order; a workload
 * listed more than once, as it is for each of its pod templates, counts once). One without a
 * name (generateName) is never a duplicate; one without a pod template still is one.
 */
export function duplicateWorkloads(workloads: readonly Workload[]): DuplicateWorkload[] {
  const out: DuplicateWorkload[] = [];
  const firstItem = new Map<string, number>();
  const seen = new Set<object>();
  for (const w of workloads) {
    if (seen.has(w.workload)) continue;
    seen.add(w.workload);
    const ref = refOf(w.workload);
    if (ref.name === '') continue;
    const key = objectKey(ref, w.namespace);
    const first = firstItem.get(key);
    if (first === undefined) {
      firstItem.set(key, w.itemIndex);
      continue;
    }
    const where = first === w.itemIndex ? `both in item ${first}` : `items ${first} and ${w.itemIndex}`;
    out.push({ ref, message: `${describe(ref)} appears twice in the input (${where})` });
  }
  return out;
}
