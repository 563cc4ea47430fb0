// Cross-namespace datasets (Fluid pkg/ddc/thin/referencedataset/). A Dataset whose only mount is `dataset://<ns>/<name>[/<sub>]`
// refers to a physical dataset in another namespace. In a cluster, Fluid's ThinRuntime controller
// then creates, in the referring namespace, a PV, a PVC, a fuse DaemonSet and copies of the
// runtime's ConfigMaps; the webhook injects from those. From git-only inputs we derive the same
// objects here, before any injection, so the rest of the function needs no special case.
import { isBadRef, isReferenceDataset, parseDatasetRef } from '../dataset-ref';
import { LABEL_DATASET_ID, LABEL_DATASET_PVC_PREFIX } from '../labels';
import { datasetId, pvName as pvNameOf } from '../names';
import { boundRuntimeType, fuseDaemonSetName, RuntimeType } from '../runtimes';
import { DEVELOPMENT_PROFILE } from '../versions';
import { cloneJson, describe, isObject, JsonObject, KubeObject, refOf, Result } from '../../types';
import { FnError } from '../../krm/errors';
import { errorResult } from '../../krm/results';
import type { StateCode } from '../errors';
import type { ClusterState, Indexed } from './cluster-state';

/** ConfigMaps the controller copies from the physical namespace, by physical runtime type. */
const COPIED_CONFIGMAPS: Partial<Record<RuntimeType, (phy: string) => string[]>> = {
  alluxio: (p) => [`${p}-config`],
  // Up to v1.0.8 (pkg/ddc/thin/referencedataset/cm.go@v1.0.8); later releases inject no GooseFS dataset.
  goosefs: (p) => [`${p}-config`],
  juicefs: (p) => [`${p}-fuse-script`],
  jindo: (p) => [`${p}-jindofs-client-config`, `${p}-jindofs-config`],
  cache: (p) => [`fluid-runtime-config-${p}`],
};

// Orchestrator bookkeeping on an exported object, never part of a copy the controller makes.
const ORCHESTRATOR_ANNOTATION = /^(internal\.config\.kubernetes\.io\/|config\.kubernetes\.io\/|config\.k8s\.io\/|kustomize\.config\.k8s\.io\/)/;

export interface CopiedConfigMap {
  object: KubeObject;
  /** The reference Dataset it is copied for (where a kpt path is derived from). */
  dataset: Indexed;
}

export interface ReferenceOutcome {
  copiedConfigMaps: CopiedConfigMap[];
  /** Copies already in the input (an earlier render's, or the controller's own). */
  presentCopies: Indexed[];
  results: Result[];
}

/** The dataset's runtime type when the release knows it (its controller builds nothing for others). */
function runtimeTypeOf(dataset: KubeObject, known: readonly RuntimeType[]): RuntimeType | undefined {
  const type = boundRuntimeType(dataset);
  return (known as readonly string[]).includes(type) ? (type as RuntimeType) : undefined;
}

interface Report {
  warn(message: string): void;
  fail(code: StateCode, message: string, field?: string, about?: KubeObject): void;
}

/** @param known the runtime types of the cluster's Fluid release */
export function materializeReferenceDatasets(state: ClusterState, known: readonly RuntimeType[] = DEVELOPMENT_PROFILE.runtimes): ReferenceOutcome {
  const outcome: ReferenceOutcome = { copiedConfigMaps: [], presentCopies: [], results: [] };
  for (const entry of state.all('Dataset')) {
    if (entry.index >= 0 && isReferenceDataset(entry.object)) materialize(state, entry, outcome, known);
  }
  return outcome;
}

function materialize(state: ClusterState, entry: Indexed, outcome: ReferenceOutcome, known: readonly RuntimeType[]): void {
  const dataset = entry.object;
  const ns = dataset.metadata.namespace || state.defaultNamespace;
  const name = dataset.metadata.name ?? '';
  const report: Report = {
    warn: (message) => outcome.results.push({ message, severity: 'warning', resourceRef: refOf(dataset) }),
    fail: (code, message, field, about = dataset) =>
      outcome.results.push(errorResult(new FnError<StateCode>(code, message, { ref: refOf(about), field }))),
  };
  const parsed = parseDatasetRef(dataset);
  if (!parsed) return;
  if (isBadRef(parsed)) {
    report.fail('reference-invalid', `reference dataset ${ns}/${name}: ${parsed.error}`, parsed.field);
    return;
  }
  const id = datasetId(ns, name, String(dataset.metadata.uid ?? ''));
  const pvName = pvNameOf(ns, name);
  const dsName = fuseDaemonSetName('thin', name);
  const hasStatus = runtimeTypeOf(dataset, known) !== undefined;
  const missing = !hasStatus || !state.pv(pvName) || !state.pvc(ns, name) || !state.daemonSet(ns, dsName);
  // Exported from a cluster: the controller's objects are there; inject from them as they are.
  if (!missing) return;
  if (!state.runtime('ThinRuntime', ns, name)) {
    report.warn(`reference dataset ${ns}/${name} has no ThinRuntime ${ns}/${name}: Fluid materializes nothing for it`);
    return;
  }
  const { namespace: pns, name: pname, subPath } = parsed;
  const field = 'spec.mounts[0].mountPoint';
  const physical = state.dataset(pns, pname);
  if (!physical) {
    report.fail('reference-physical-missing', `reference dataset ${ns}/${name}: the physical dataset ${pns}/${pname} is not in the input`, field);
    return;
  }
  if (isReferenceDataset(physical.object)) {
    report.fail('reference-chained', `reference dataset ${ns}/${name}: ${pns}/${pname} is itself a reference dataset; references cannot be chained`, field);
    return;
  }
  const type = runtimeTypeOf(physical.object, known);
  if (!type) {
    report.fail('reference-runtime-unknown', `reference dataset ${ns}/${name}: the physical dataset ${pns}/${pname} has no known runtime in status.runtimes`, field);
    return;
  }
  const physicalPv = state.pv(pvNameOf(pns, pname));
  const physicalDs = state.daemonSet(pns, fuseDaemonSetName(type, pname));
  for (const [what, found] of [
    [`PersistentVolume ${pvNameOf(pns, pname)}`, physicalPv],
    [`DaemonSet ${pns}/${fuseDaemonSetName(type, pname)}`, physicalDs],
  ] as const) {
    if (!found) report.fail('reference-object-missing', `reference dataset ${ns}/${name}: the physical dataset's ${what} is not in the input`, field);
  }
  if (!physicalPv || !physicalDs) return;

  const physicalStatus = isObject(physical.object.status) ? physical.object.status : {};
  if (!hasStatus) {
    const withStatus = cloneJson(dataset);
    withStatus.status = {
      ...(isObject(dataset.status) ? dataset.status : {}),
      phase: typeof physicalStatus.phase === 'string' ? physicalStatus.phase : '',
      runtimes: [{ category: 'Accelerate', name, namespace: ns, type: 'thin' }],
    };
    state.addDerived(withStatus, entry);
  }
  const labels = { [`${LABEL_DATASET_PVC_PREFIX}${pvName}`]: 'true', [LABEL_DATASET_ID]: id };
  state.addDerived(derivedPv(physicalPv.object, pvName, ns, name, subPath, labels));
  state.addDerived({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name,
      namespace: ns,
      labels: { ...labels, 'fluid.io/dataset.referring-name': pname, 'fluid.io/dataset.referring-namespace': pns },
      annotations: { CreatedBy: 'fluid' },
    },
    spec: { storageClassName: 'fluid', volumeName: pvName },
  });
  state.addDerived(derivedDaemonSet(physicalDs.object, dsName, ns, id));
  copyConfigMaps(state, entry, type, pns, pname, ns, report, outcome);
}

function derivedPv(physical: KubeObject, pvName: string, ns: string, name: string, subPath: string, labels: Record<string, string>): KubeObject {
  const spec = cloneJson(isObject(physical.spec) ? physical.spec : {}) as JsonObject & { csi?: JsonObject };
  const csi = isObject(spec.csi) ? spec.csi : {};
  const attrs = { ...(isObject(csi.volumeAttributes) ? csi.volumeAttributes : {}) };
  if (subPath) attrs.fluid_sub_path = subPath;
  else delete attrs.fluid_sub_path;
  spec.csi = { ...csi, volumeAttributes: attrs };
  spec.claimRef = { namespace: ns, name };
  return { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: pvName, labels }, spec };
}

function derivedDaemonSet(physical: KubeObject, name: string, ns: string, id: string): KubeObject {
  const ds = cloneJson(physical);
  ds.metadata = { name, namespace: ns, labels: { [LABEL_DATASET_ID]: id } };
  const template = (ds.spec as JsonObject | undefined)?.template;
  if (isObject(template) && isObject(template.spec)) {
    const selector = isObject(template.spec.nodeSelector) ? template.spec.nodeSelector : {};
    // The copy only runs on nodes labelled as balloons, normally none.
    template.spec.nodeSelector = { ...selector, 'fluid.io/fuse-balloon': 'true' };
  }
  delete ds.status;
  return ds;
}

function copyConfigMaps(
  state: ClusterState,
  entry: Indexed,
  type: RuntimeType,
  pns: string,
  pname: string,
  ns: string,
  report: Report,
  outcome: ReferenceOutcome,
): void {
  const dataset = entry.object;
  const uid = String(dataset.metadata.uid ?? '');
  for (const cmName of COPIED_CONFIGMAPS[type]?.(pname) ?? []) {
    const source = state.configMap(pns, cmName);
    if (!source) {
      report.warn(`ConfigMap ${pns}/${cmName} of physical dataset ${pns}/${pname} is not in the input, so its copy in ${ns} is not rendered`);
      continue;
    }
    const id = datasetId(ns, cmName, uid);
    const existing = state.configMap(ns, cmName);
    if (existing) {
      const owner = existing.object.metadata.labels?.[LABEL_DATASET_ID];
      // Ours from an earlier render, or the controller's own copy: nothing to do.
      if (owner === id) {
        outcome.presentCopies.push(existing);
        continue;
      }
      report.fail(
        'reference-configmap-taken',
        `${describe(refOf(existing.object))} already exists${owner ? ` and belongs to dataset id "${owner}"` : ''}: Fluid skips copying ${describe(refOf(source.object))} of physical dataset ${pns}/${pname} for reference dataset ${ns}/${dataset.metadata.name}, so its sidecar would read the wrong configuration`,
        undefined,
        existing.object,
      );
      continue;
    }
    outcome.copiedConfigMaps.push({ object: copyOf(source.object, cmName, ns, id, dataset), dataset: entry });
  }
}

function copyOf(source: KubeObject, name: string, ns: string, id: string, dataset: KubeObject): KubeObject {
  const annotations = Object.fromEntries(
    Object.entries(source.metadata.annotations ?? {}).filter(([k]) => !ORCHESTRATOR_ANNOTATION.test(k)),
  );
  const metadata: KubeObject['metadata'] = {
    name,
    namespace: ns,
    labels: { ...(source.metadata.labels ?? {}), [LABEL_DATASET_ID]: id },
  };
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  if (dataset.metadata.uid) {
    metadata.ownerReferences = [
      {
        apiVersion: dataset.apiVersion,
        kind: 'Dataset',
        name: dataset.metadata.name ?? '',
        uid: dataset.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ];
  }
  const copy: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata };
  for (const key of ['data', 'binaryData', 'immutable'] as const) {
    if (source[key] !== undefined) copy[key] = cloneJson(source[key]);
  }
  return copy;
}
