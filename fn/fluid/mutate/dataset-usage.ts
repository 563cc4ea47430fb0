// The DatasetUsageInjector plugin (spec §9.4): records the datasets a pod uses in an annotation.
import { ANNOTATION_DATASETS_IN_USE } from './literals';
import type { PodView } from './pod-spec';
import { byteCompare } from './runtime-info';

/** Sorted, de-duplicated union of the existing list and the dataset names, comma-joined. */
export function datasetUsagePlugin(pod: PodView, datasetNames: readonly string[]): void {
  const existing = (pod.annotations[ANNOTATION_DATASETS_IN_USE] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  pod.annotations[ANNOTATION_DATASETS_IN_USE] = [...new Set([...existing, ...datasetNames])].sort(byteCompare).join(',');
}
