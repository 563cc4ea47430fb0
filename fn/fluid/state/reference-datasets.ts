// Cross-namespace datasets (spec §7). A Dataset whose only mount is `dataset://<ns>/<name>[/<sub>]`
// refers to a physical dataset in another namespace. In a cluster, Fluid's ThinRuntime controller
// then creates, in the referring namespace, a PV, a PVC, a fuse DaemonSet and copies of the
// runtime's ConfigMaps; the webhook injects from those. From git-only inputs we derive the same
// objects here, before any injection, so the rest of the function needs no special case.
import { datasetId } from '../configmaps/check-configmaps';
import { LABEL_DATASET_ID, LABEL_DATASET_PVC_PREFIX } from '../mutate/literals';
import { RUNTIME_TYPES, RuntimeType } from '../mutate/runtime-info';
import { cloneJson, describe, isObject, JsonObject, KubeObject, refOf, Result } from '../../types';
import type { ClusterState, Indexed } from './cluster-state';

const SCHEME = 'dataset://';
const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS_SUBDOMAIN = '[a-z0-9]([-a-z0-9.]*[a-z0-9])?';
const REFERENCE = new RegExp(`^${SCHEME}(${DNS_LABEL})/(${DNS_SUBDOMAIN})(?:/(.*))?$`);

/** ConfigMaps the controller copies from the physical namespace, by physical runtime type. */
const COPIED_CONFIGMAPS: Partial<Record<RuntimeType, (phy: string) => string[]>> = {
  alluxio: (p) => [`${p}-config`],
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

interface Reference {
  physicalNamespace: string;
  physicalName: string;
  subPath: string;
}

function mountsOf(dataset: KubeObject): unknown[] {
  const spec = isObject(dataset.spec) ? dataset.spec : {};
  return Array.isArray(spec.mounts) ? spec.mounts : [];
}

function mountPoint(m: unknown): string {
  return isObject(m) && typeof m.mountPoint === 'string' ? m.mountPoint : '';
}

export function isReferenceDataset(dataset: KubeObject): boolean {
  return mountsOf(dataset).some((m) => mountPoint(m).startsWith(SCHEME));
}

/** The reference of a dataset, or a message and field saying what is wrong with it. */
function parseReference(dataset: KubeObject): Reference | { error: string; field: string } {
  const mounts = mountsOf(dataset);
  if (mounts.length !== 1) {
    const mixed = mounts.some((m) => !mountPoint(m).startsWith(SCHEME));
    return {
      error: mixed
        ? `a dataset:// mount cannot be mixed with other mounts (${mounts.length} mounts)`
        : `a reference dataset must have exactly one dataset:// mount, got ${mounts.length}`,
      field: 'spec.mounts',
    };
  }
  const point = mountPoint(mounts[0]);
  const m = REFERENCE.exec(point);
  if (!m) {
    return { error: `mountPoint "${point}" must be dataset://<namespace>/<name>[/<sub path>]`, field: 'spec.mounts[0].mountPoint' };
  }
  return { physicalNamespace: m[1], physicalName: m[3], subPath: (m[5] ?? '').replace(/\/+$/, '') };
}

function runtimeTypeOf(dataset: KubeObject): RuntimeType | undefined {
  const status = isObject(dataset.status) ? dataset.status : {};
  const runtimes = Array.isArray(status.runtimes) ? status.runtimes : [];
  const type = isObject(runtimes[0]) ? runtimes[0].type : undefined;
  return typeof type === 'string' && type in RUNTIME_TYPES ? (type as RuntimeType) : undefined;
}

export function materializeReferenceDatasets(state: ClusterState): ReferenceOutcome {
  const outcome: ReferenceOutcome = { copiedConfigMaps: [], presentCopies: [], results: [] };
  for (const entry of state.all('Dataset')) {
    if (entry.index >= 0 && isReferenceDataset(entry.object)) materialize(state, entry, outcome);
  }
  return outcome;
}

function materialize(state: ClusterState, entry: Indexed, outcome: ReferenceOutcome): void {
  const dataset = entry.object;
  const ns = dataset.metadata.namespace || state.defaultNamespace;
  const name = dataset.metadata.name ?? '';
  const report = (severity: Result['severity'], message: string, field?: string, about: KubeObject = dataset): void => {
    const r: Result = { message, severity, resourceRef: refOf(about) };
    if (field) r.field = { path: field };
    outcome.results.push(r);
  };
  const parsed = parseReference(dataset);
  if ('error' in parsed) {
    report('error', `reference dataset ${ns}/${name}: ${parsed.error}`, parsed.field);
    return;
  }
  const id = datasetId(ns, name, String(dataset.metadata.uid ?? ''));
  const pvName = `${ns}-${name}`;
  const dsName = RUNTIME_TYPES.thin.fuseDaemonSet(name);
  const hasStatus = runtimeTypeOf(dataset) !== undefined;
  const missing = !hasStatus || !state.pv(pvName) || !state.pvc(ns, name) || !state.daemonSet(ns, dsName);
  // Exported from a cluster: the controller's objects are there; inject from them as they are.
  if (!missing) return;
  if (!state.runtime('ThinRuntime', ns, name)) {
    report('warning', `reference dataset ${ns}/${name} has no ThinRuntime ${ns}/${name}: Fluid materializes nothing for it`);
    return;
  }
  const { physicalNamespace: pns, physicalName: pname, subPath } = parsed;
  const field = 'spec.mounts[0].mountPoint';
  const physical = state.dataset(pns, pname);
  if (!physical) {
    report('error', `reference dataset ${ns}/${name}: the physical dataset ${pns}/${pname} is not in the input`, field);
    return;
  }
  if (isReferenceDataset(physical.object)) {
    report('error', `reference dataset ${ns}/${name}: ${pns}/${pname} is itself a reference dataset; references cannot be chained`, field);
    return;
  }
  const type = runtimeTypeOf(physical.object);
  if (!type) {
    report('error', `reference dataset ${ns}/${name}: the physical dataset ${pns}/${pname} has no known runtime in status.runtimes`, field);
    return;
  }
  const physicalPv = state.pv(`${pns}-${pname}`);
  const physicalDs = state.daemonSet(pns, RUNTIME_TYPES[type].fuseDaemonSet(pname));
  for (const [what, found] of [
    [`PersistentVolume ${pns}-${pname}`, physicalPv],
    [`DaemonSet ${pns}/${RUNTIME_TYPES[type].fuseDaemonSet(pname)}`, physicalDs],
  ] as const) {
    if (!found) report('error', `reference dataset ${ns}/${name}: the physical dataset's ${what} is not in the input`, field);
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
  const labels = { [`${LABEL_DATASET_PVC_PREFIX}${ns}-${name}`]: 'true', [LABEL_DATASET_ID]: id };
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
  report: (severity: Result['severity'], message: string, field?: string, about?: KubeObject) => void,
  outcome: ReferenceOutcome,
): void {
  const dataset = entry.object;
  const uid = String(dataset.metadata.uid ?? '');
  for (const cmName of COPIED_CONFIGMAPS[type]?.(pname) ?? []) {
    const source = state.configMap(pns, cmName);
    if (!source) {
      report('warning', `ConfigMap ${pns}/${cmName} of physical dataset ${pns}/${pname} is not in the input, so its copy in ${ns} is not rendered`);
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
      report(
        'error',
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
