// Which PVC volumes of a pod are Fluid datasets, and what their datasets and runtimes are
// (Fluid pkg/webhook/utils/runtime_info.go, CollectRuntimeInfosFromPVCs, and pkg/ddc/base/runtime.go).
import type { ClusterState } from '../state/cluster-state';
import { compareStrings, isObject, KubeObject } from '../../types';
import { goList, InjectError, notFound } from '../errors';
import { datasetOfPvc, isDatasetPvc } from '../dataset-pvc';
import { ANNOTATION_SKIP_PRECHECK } from '../labels';
import { boundRuntimeType, RuntimeType, runtimeTypeInfo } from '../runtimes';
import { DEVELOPMENT_PROFILE, FluidProfile } from '../versions';
import type { PodSpec, PodView } from '../../krm/workloads/pod-spec';

export interface RuntimeInfo {
  pvcName: string;
  datasetName: string;
  datasetNamespace: string;
  datasetUid: string;
  type: RuntimeType;
  /** JindoRuntime `spec.fuse.metrics.scrapeTarget` selects the sidecar: keep metrics ports, annotate. */
  scrapeSidecar: boolean;
  /** What Fluid's reading of the runtime means where that is not what its text appears to say. */
  notes?: string[];
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

/**
 * Runtime info of every dataset PVC the pod mounts, keyed by PVC name in byte-wise sorted order.
 * Walked in volume order as the webhook does: the first runtime-info error fails the pod at once;
 * missing claims (every mount of them, so a claim can be named twice) fail it after the walk.
 */
export function collectRuntimeInfos(pod: PodView, state: ClusterState, profile: FluidProfile = DEVELOPMENT_PROFILE): Map<string, RuntimeInfo> {
  const volumes = pvcVolumes(pod.spec);
  const collected = `failed to collect runtime infos from PVCs ${goList(volumes.map((v) => v.claimName))}`;
  const missing: PvcVolume[] = [];
  const infos = new Map<string, RuntimeInfo>();
  const seen = new Set<string>();
  for (const v of volumes) {
    const pvc = state.pvc(pod.namespace, v.claimName);
    if (!pvc) {
      missing.push(v);
      continue;
    }
    // The webhook caches each claim's answer, so a second volume of the claim is not looked at again.
    if (seen.has(v.claimName)) continue;
    seen.add(v.claimName);
    if (!isDatasetPvc(pvc.object)) continue;
    try {
      infos.set(v.claimName, buildRuntimeInfo(pod, v.claimName, pvc.object, state, profile));
    } catch (e) {
      if (!(e instanceof InjectError)) throw e;
      throw e.wrap(`failed to build runtime info for PVC "${pod.namespace}/${v.claimName}"`).wrap(collected);
    }
  }
  if (missing.length) {
    throw new InjectError('pvc-not-found', `failed to get the following PVCs ${goList(missing.map((v) => v.claimName))}`, {
      field: `spec.volumes[${missing[0].volumeIndex}].persistentVolumeClaim.claimName`,
      hint: `add PersistentVolumeClaim ${pod.namespace}/${missing[0].claimName} to the function input`,
    }).wrap(collected);
  }
  return new Map([...infos].sort(([a], [b]) => compareStrings(a, b)));
}

function buildRuntimeInfo(pod: PodView, pvcName: string, pvc: KubeObject, state: ClusterState, profile: FluidProfile): RuntimeInfo {
  const ns = pvc.metadata.namespace || pod.namespace;
  const name = datasetOfPvc(pvc) ?? '';
  const found = state.dataset(ns, name);
  if (!found) {
    throw new InjectError('dataset-not-found', notFound('datasets.data.fluid.io', name), { hint: `add Dataset ${ns}/${name} to the function input` });
  }
  const dataset = found.object;
  const status = isObject(dataset.status) ? dataset.status : {};
  // The annotation is read from v1.0.5 on.
  if (!(profile.skipPrecheck && pod.annotations[ANNOTATION_SKIP_PRECHECK] === 'true')) {
    const phase = typeof status.phase === 'string' ? status.phase : '';
    if (phase === '' || phase === 'NotBound') {
      const notReady = Array.isArray(status.conditions)
        ? status.conditions.find((c) => isObject(c) && c.type === 'NotReady')
        : undefined;
      if (isObject(notReady)) {
        throw new InjectError('dataset-not-ready', `dataset "${ns}/${name}" not ready because ${String(notReady.message ?? '')}`);
      }
      throw new InjectError('dataset-not-bound', `dataset "${ns}/${name}" not bound`);
    }
  }
  const type = boundRuntimeType(dataset);
  // The runtime types of the release (GooseFS up to v1.0.8, CacheRuntime after it).
  if (!(profile.runtimes as readonly string[]).includes(type)) {
    throw new InjectError('runtime-type-unknown', `fail to get runtimeInfo for runtime type: ${type}`);
  }
  const runtimeType = type as RuntimeType;
  const { kind, plural } = runtimeTypeInfo(runtimeType);
  const runtime = state.runtime(kind, ns, name);
  if (!runtime) {
    throw new InjectError('runtime-not-found', notFound(`${plural}.data.fluid.io`, name), { hint: `add ${kind} ${ns}/${name} to the function input` });
  }
  let scrape: ScrapeTarget = { sidecar: false, mountPod: false };
  // Jindo's client metrics settings are read from v1.0.3 on (profile.metricsPorts).
  if (runtimeType === 'jindo' && profile.metricsPorts) {
    try {
      scrape = parseScrapeTarget(runtime.object, `${ns}/${name}`);
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
    scrapeSidecar: scrape.sidecar,
    notes: scrape.note ? [scrape.note] : [],
  };
}

export interface ScrapeTarget {
  sidecar: boolean;
  mountPod: boolean;
  /** Set when Fluid ignored part of the text (what came after `All` or `None`). */
  note?: string;
}

const MOUNT_MODES = ['MountPod', 'Sidecar'];

/**
 * JindoRuntime `spec.fuse.metrics.scrapeTarget` as Fluid reads it: empty is `None`; otherwise
 * split on ',' with nothing trimmed, read left to right: `MountPod` and `Sidecar` add a mode, `All`
 * selects both and `None` keeps what was read so far, each ending the reading (whatever follows is
 * ignored, even an unknown item); any other item, before that, is E15.
 */
export function parseScrapeTarget(runtime: KubeObject, id = `${runtime.metadata.namespace ?? ''}/${runtime.metadata.name ?? ''}`): ScrapeTarget {
  const spec = isObject(runtime.spec) ? runtime.spec : {};
  const fuseSpec = isObject(spec.fuse) ? spec.fuse : {};
  const metrics = isObject(fuseSpec.metrics) ? fuseSpec.metrics : {};
  const raw = typeof metrics.scrapeTarget === 'string' ? metrics.scrapeTarget : '';
  const field = `${runtime.kind} ${id} spec.fuse.metrics.scrapeTarget ${JSON.stringify(raw)}`;
  const out: ScrapeTarget = { sidecar: false, mountPod: false };
  const items = raw === '' ? [] : raw.split(',');
  for (const [i, item] of items.entries()) {
    if (item === 'All' || item === 'None') {
      if (item === 'All') Object.assign(out, { sidecar: true, mountPod: true });
      if (i < items.length - 1) {
        const selected = MOUNT_MODES.filter((m) => (m === 'Sidecar' ? out.sidecar : out.mountPod));
        out.note = `${field}: Fluid stops reading at ${item} and ignores ${JSON.stringify(items.slice(i + 1).join(','))}, so it selects ${selected.length ? selected.join(' and ') : 'nothing'}`;
      }
      return out;
    }
    if (item === 'Sidecar') out.sidecar = true;
    else if (item === 'MountPod') out.mountPod = true;
    else {
      const trimmed = item.trim();
      const why =
        trimmed === ''
          ? 'an empty item (a leading, trailing or doubled comma)'
          : trimmed !== item
            ? 'Fluid splits the list on "," without trimming spaces'
            : 'the items are case-sensitive: MountPod, Sidecar, All, None';
      throw new InjectError('scrape-target-invalid', `unsupported mount mode ${item}, supported mount modes are ${goList(MOUNT_MODES)}`, {
        hint: `${field}: ${why}; the webhook rejects every pod that mounts this dataset`,
      });
    }
  }
  return out;
}
