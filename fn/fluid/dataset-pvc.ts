// Which PersistentVolumeClaims are Fluid datasets, and of which dataset: the webhook's rule
// (CheckIfPVCIsDataset in pkg/utils/kubeclient/volume.go, GetManagerDatasetFromLabels in
// pkg/common/label.go, at
// fluid-cloudnative/fluid@a826600a43221c5b99f6185d3ce926a700c37008).
import type { ObjectMeta } from '../types';
import { LABEL_DATASET_PVC_PREFIX, LABEL_MANAGED_BY, LABEL_WRAPPED_BY } from './labels';

/** A `fluid.io/s-*` label, or `fluid.io/managed-by`, or the deprecated `fluid.io/wrapped-by`. */
export function isDatasetPvc(pvc: { metadata: ObjectMeta }): boolean {
  const labels = pvc.metadata.labels ?? {};
  return (
    Object.keys(labels).some((k) => k.startsWith(LABEL_DATASET_PVC_PREFIX)) ||
    LABEL_MANAGED_BY in labels ||
    LABEL_WRAPPED_BY in labels
  );
}

/** The dataset (in the PVC's namespace) a dataset PVC belongs to; undefined for any other PVC. */
export function datasetOfPvc(pvc: { metadata: ObjectMeta }): string | undefined {
  if (!isDatasetPvc(pvc)) return undefined;
  const labels = pvc.metadata.labels ?? {};
  return labels[LABEL_MANAGED_BY] ?? labels[LABEL_WRAPPED_BY] ?? pvc.metadata.name ?? '';
}
