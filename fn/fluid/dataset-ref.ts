// Reference datasets: a Dataset whose only mount is `dataset://<namespace>/<name>[/<sub path>]`
// reads another namespace's (physical) dataset. Fluid's rule: pkg/ddc/base/dataset.go
// (GetPhysicalDatasetFromMounts, CheckReferenceDataset) and pkg/ddc/thin/referencedataset/engine.go
// (checkDatasetMountSupport) at fluid-cloudnative/fluid@a826600a43221c5b99f6185d3ce926a700c37008.
import { isDnsLabel, isDnsSubdomain } from '../krm/names';
import { isObject, JsonObject } from '../types';

const REF_SCHEME = 'dataset://';

export interface DatasetRef {
  namespace: string;
  name: string;
  /** everything after `<namespace>/<name>/`, trailing slashes dropped; '' for the whole dataset */
  subPath: string;
}

/** What is wrong with a reference, and the Dataset field at fault. */
export interface BadDatasetRef {
  error: string;
  field: string;
}

function mountsOf(dataset: JsonObject): unknown[] {
  const spec = isObject(dataset.spec) ? dataset.spec : {};
  return Array.isArray(spec.mounts) ? spec.mounts : [];
}

function mountPoint(m: unknown): string {
  return isObject(m) && typeof m.mountPoint === 'string' ? m.mountPoint : '';
}

/** Any mount is a `dataset://` one (valid or not). */
export function isReferenceDataset(dataset: JsonObject): boolean {
  return mountsOf(dataset).some((m) => mountPoint(m).startsWith(REF_SCHEME));
}

/**
 * The physical dataset of a reference dataset: exactly one mount, `dataset://` with a valid
 * namespace and name (Fluid rejects mixed or several mounts). Undefined for a plain dataset.
 */
export function parseDatasetRef(dataset: JsonObject): DatasetRef | BadDatasetRef | undefined {
  if (!isReferenceDataset(dataset)) return undefined;
  const mounts = mountsOf(dataset);
  if (mounts.length !== 1) {
    const mixed = mounts.some((m) => !mountPoint(m).startsWith(REF_SCHEME));
    return {
      error: mixed
        ? `a dataset:// mount cannot be mixed with other mounts (${mounts.length} mounts)`
        : `a reference dataset must have exactly one dataset:// mount, got ${mounts.length}`,
      field: 'spec.mounts',
    };
  }
  const point = mountPoint(mounts[0]);
  const [namespace, name, ...rest] = point.slice(REF_SCHEME.length).split('/');
  if (name === undefined || !isDnsLabel(namespace) || !isDnsSubdomain(name)) {
    return { error: `mountPoint "${point}" must be dataset://<namespace>/<name>[/<sub path>]`, field: 'spec.mounts[0].mountPoint' };
  }
  return { namespace, name, subPath: rest.join('/').replace(/\/+$/, '') };
}

export function isBadRef(ref: DatasetRef | BadDatasetRef): ref is BadDatasetRef {
  return 'error' in ref;
}
