// The DatasetUsageInjector plugin (Fluid pkg/webhook/plugins/datasetusageinjector/): records the datasets a pod uses in an annotation.
import { ANNOTATION_DATASETS_IN_USE } from '../labels';
import type { PodView } from '../../krm/workloads/pod-spec';
import { compareStrings } from '../../types';

/** Sorted, de-duplicated union of the existing list and the dataset names, comma-joined. */
export function datasetUsagePlugin(pod: PodView, datasetNames: readonly string[]): void {
  const existing = (pod.annotations[ANNOTATION_DATASETS_IN_USE] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  pod.annotations[ANNOTATION_DATASETS_IN_USE] = [...new Set([...existing, ...datasetNames])].sort(compareStrings).join(',');
}
