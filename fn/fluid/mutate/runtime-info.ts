// Which PVC volumes of a pod are Fluid datasets, and what their datasets and runtimes are
// (spec §1.2–1.4, §4.9, errors E1–E6 and E15).
import type { ClusterState } from '../state/cluster-state';
import { isObject, KubeObject } from '../../types';
import { goList, InjectError, notFound } from './errors';
import {
  ANNOTATION_SKIP_PRECHECK,
  LABEL_DATASET_PVC_PREFIX,
  LABEL_MANAGED_BY,
  LABEL_WRAPPED_BY,
} from './literals';
import type { PodSpec, PodView } from './pod-spec';

export type RuntimeType = 'alluxio' | 'jindo' | 'juicefs' | 'thin' | 'efc' | 'vineyard' | 'cache';

interface RuntimeTypeInfo {
  kind: string;
  plural: string;
  fuseDaemonSet: (dataset: string) => string;
}

const fuse = (n: string): string => `${n}-fuse`;

export const RUNTIME_TYPES: Record<RuntimeType, RuntimeTypeInfo> = {
  alluxio: { kind: 'AlluxioRuntime', plural: 'alluxioruntimes', fuseDaemonSet: fuse },
  jindo: { kind: 'JindoRuntime', plural: 'jindoruntimes', fuseDaemonSet: (n) => `${n}-jindofs-fuse` },
  juicefs: { kind: 'JuiceFSRuntime', plural: 'juicefsruntimes', fuseDaemonSet: fuse },
  thin: { kind: 'ThinRuntime', plural: 'thinruntimes', fuseDaemonSet: fuse },
  efc: { kind: 'EFCRuntime', plural: 'efcruntimes', fuseDaemonSet: fuse },
  vineyard: { kind: 'VineyardRuntime', plural: 'vineyardruntimes', fuseDaemonSet: fuse },
  cache: { kind: 'CacheRuntime', plural: 'cacheruntimes', fuseDaemonSet: (n) => `${n}-client` },
};

export interface RuntimeInfo {
  pvcName: string;
  datasetName: string;
  datasetNamespace: string;
  datasetUid: string;
  type: RuntimeType;
  /** JindoRuntime `spec.fuse.metrics.scrapeTarget` selects the sidecar: keep metrics ports, annotate. */
  scrapeSidecar: boolean;
}

export interface PvcVolume {
  volumeIndex: number;
  volumeName: string;
  claimName: string;
}

export function pvcVolumes(spec: PodSpec): PvcVolume[] {
  const out: PvcVolume[] = [];
  (spec.volumes ?? []).forEach((v, volumeIndex) => {
    if (v.persistentVolumeClaim) {
      out.push({ volumeIndex, volumeName: v.name, claimName: v.persistentVolumeClaim.claimName });
    }
  });
  return out;
}

export function isDatasetPvc(pvc: KubeObject): boolean {
  const labels = pvc.metadata.labels ?? {};
  return (
    Object.keys(labels).some((k) => k.startsWith(LABEL_DATASET_PVC_PREFIX)) ||
    LABEL_MANAGED_BY in labels ||
    LABEL_WRAPPED_BY in labels
  );
}

function datasetNameOf(pvc: KubeObject): string {
  const labels = pvc.metadata.labels ?? {};
  return labels[LABEL_MANAGED_BY] ?? labels[LABEL_WRAPPED_BY] ?? pvc.metadata.name ?? '';
}

/**
 * Runtime info of every dataset PVC the pod mounts, keyed by PVC name in byte-wise sorted order.
 * Any PVC volume whose claim is missing fails the whole pod, as in the webhook.
 */
export function collectRuntimeInfos(pod: PodView, state: ClusterState): Map<string, RuntimeInfo> {
  const volumes = pvcVolumes(pod.spec);
  const missing: string[] = [];
  const datasetPvcs = new Map<string, KubeObject>();
  for (const v of volumes) {
    const pvc = state.pvc(pod.namespace, v.claimName);
    if (!pvc) {
      if (!missing.includes(v.claimName)) missing.push(v.claimName);
      continue;
    }
    if (isDatasetPvc(pvc.object)) datasetPvcs.set(v.claimName, pvc.object);
  }
  if (missing.length) {
    const first = volumes.find((v) => v.claimName === missing[0]);
    throw new InjectError(
      `failed to get the following PVCs ${goList(missing)}`,
      true,
      first ? `spec.volumes[${first.volumeIndex}].persistentVolumeClaim.claimName` : undefined,
      `add PersistentVolumeClaim ${pod.namespace}/${missing[0]} to the function input`,
    );
  }
  const infos = new Map<string, RuntimeInfo>();
  for (const pvcName of [...datasetPvcs.keys()].sort(byteCompare)) {
    try {
      infos.set(pvcName, buildRuntimeInfo(pod, pvcName, datasetPvcs.get(pvcName) as KubeObject, state));
    } catch (e) {
      if (!(e instanceof InjectError)) throw e;
      throw e
        .wrap(`failed to build runtime info for PVC "${pod.namespace}/${pvcName}"`)
        .wrap(`failed to collect runtime infos from PVCs ${goList(volumes.map((v) => v.claimName))}`);
    }
  }
  return infos;
}

export function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function buildRuntimeInfo(pod: PodView, pvcName: string, pvc: KubeObject, state: ClusterState): RuntimeInfo {
  const ns = pvc.metadata.namespace || pod.namespace;
  const name = datasetNameOf(pvc);
  const found = state.dataset(ns, name);
  if (!found) {
    throw new InjectError(notFound('datasets.data.fluid.io', name), true, undefined, `add Dataset ${ns}/${name} to the function input`);
  }
  const dataset = found.object;
  const status = isObject(dataset.status) ? dataset.status : {};
  if (pod.annotations[ANNOTATION_SKIP_PRECHECK] !== 'true') {
    const phase = typeof status.phase === 'string' ? status.phase : '';
    if (phase === '' || phase === 'NotBound') {
      const notReady = Array.isArray(status.conditions)
        ? status.conditions.find((c) => isObject(c) && c.type === 'NotReady')
        : undefined;
      if (isObject(notReady)) {
        throw new InjectError(`dataset "${ns}/${name}" not ready because ${String(notReady.message ?? '')}`, true);
      }
      throw new InjectError(`dataset "${ns}/${name}" not bound`, true);
    }
  }
  const runtimes = Array.isArray(status.runtimes) ? status.runtimes : [];
  const first = isObject(runtimes[0]) ? runtimes[0] : {};
  const type = typeof first.type === 'string' ? first.type : '';
  if (!(type in RUNTIME_TYPES)) {
    throw new InjectError(`fail to get runtimeInfo for runtime type: ${type}`, true);
  }
  const runtimeType = type as RuntimeType;
  const { kind, plural } = RUNTIME_TYPES[runtimeType];
  const runtime = state.runtime(kind, ns, name);
  if (!runtime) {
    throw new InjectError(notFound(`${plural}.data.fluid.io`, name), true, undefined, `add ${kind} ${ns}/${name} to the function input`);
  }
  let scrapeSidecar = false;
  if (runtimeType === 'jindo') {
    try {
      scrapeSidecar = parseScrapeTarget(runtime.object).sidecar;
    } catch (e) {
      throw (e as InjectError).wrap(`fail to build runtime info "${ns}/${name}"`);
    }
  }
  return {
    pvcName,
    datasetName: name,
    datasetNamespace: ns,
    datasetUid: String(dataset.metadata.uid ?? ''),
    type: runtimeType,
    scrapeSidecar,
  };
}

/** JindoRuntime `spec.fuse.metrics.scrapeTarget`: `All`, `None`, or a comma list of MountPod/Sidecar. */
export function parseScrapeTarget(runtime: KubeObject): { sidecar: boolean; mountPod: boolean } {
  const spec = isObject(runtime.spec) ? runtime.spec : {};
  const fuseSpec = isObject(spec.fuse) ? spec.fuse : {};
  const metrics = isObject(fuseSpec.metrics) ? fuseSpec.metrics : {};
  const raw = typeof metrics.scrapeTarget === 'string' ? metrics.scrapeTarget.trim() : '';
  if (raw === '' || raw === 'None') return { sidecar: false, mountPod: false };
  if (raw === 'All') return { sidecar: true, mountPod: true };
  const out = { sidecar: false, mountPod: false };
  for (const token of raw.split(',').map((t) => t.trim())) {
    if (token === 'Sidecar') out.sidecar = true;
    else if (token === 'MountPod') out.mountPod = true;
    else throw new InjectError(`unsupported mount mode ${token}, supported mount modes are [MountPod Sidecar]`, true);
  }
  return out;
}
