// The DatasetUsageInjector plugin (Fluid pkg/webhook/plugins/datasetusageinjector/): records the datasets a pod uses in an annotation.
import { ANNOTATION_DATASETS_IN_USE } from '../labels';
import type { PodView } from '../../krm/workloads/pod-spec';
import { compareStrings } from '../../types';

// Go's unicode.IsSpace, which strings.TrimSpace trims (unlike String.prototype.trim: U+0085 yes, U+FEFF no).
const GO_SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const GO_TRIM = new RegExp(`^${GO_SPACE}+|${GO_SPACE}+$`, 'gu');

/** Go's strings.TrimSpace. */
export function goTrimSpace(s: string): string {
  return s.replace(GO_TRIM, '');
}

/**
 * `merge`: the sorted, de-duplicated union of the existing list (split on ',', items trimmed) and the
 * dataset names, comma-joined. `overwrite` (up to v1.0.8): the dataset names alone, sorted, one per PVC
 * as given.
 */
export function datasetUsagePlugin(pod: PodView, datasetNames: readonly string[], style: 'merge' | 'overwrite' = 'merge'): void {
  if (style === 'overwrite') {
    pod.annotations[ANNOTATION_DATASETS_IN_USE] = [...datasetNames].sort(compareStrings).join(',');
    return;
  }
  const existing = (pod.annotations[ANNOTATION_DATASETS_IN_USE] ?? '')
    .split(',')
    .map(goTrimSpace)
    .filter((s) => s !== '');
  pod.annotations[ANNOTATION_DATASETS_IN_USE] = [...new Set([...existing, ...datasetNames])].sort(compareStrings).join(',');
}
