// What JuiceFS users get wrong without an error (#17 items 4 and 5, for this function): cluster
// state without local-config, and opt-in labels the webhook does not read where or as written.
import { isObject, JsonObject, KubeObject, Result } from '../types';
import { isLocalConfig, readFromCluster, unmarkedStateWarning } from '../krm/local-config';
import { allObjects, eachObject } from '../krm/objects';
import { almostTrue, shownValue } from '../krm/label-values';
import { objectResult } from '../krm/results';
import { claimNameOf, formatPath, getPath, PathSegment, PodTarget, podLabels, unrenderedKindReason, WorkloadKinds } from '../krm/workloads/pod-templates';
import { CSI_CONFIGMAP_NAME, LABEL_DISABLE, LABEL_DONE, LABEL_ENABLE_INJECTION, LABEL_ENABLE_SERVERLESS, TRUE } from './vocabulary';

const NAMESPACE_KEYS = [LABEL_ENABLE_INJECTION, LABEL_ENABLE_SERVERLESS];

function specOf(obj: KubeObject): JsonObject {
  return isObject(obj.spec) ? obj.spec : {};
}

/**
 * The input's JuiceFS cluster state: PVs of the driver, its StorageClasses, the credentials Secrets
 * they name, the CSI ConfigMap and Nodes; PVCs and Namespaces only when read from a cluster (one
 * written by hand is usually the application's own, for applying).
 */
function stateObjects(items: readonly KubeObject[], driverName: string): Set<KubeObject> {
  const state = new Set<KubeObject>();
  const secrets = new Set<string>();
  const all = allObjects(items);
  for (const obj of all) {
    const csi = specOf(obj).csi;
    if (obj.kind === 'PersistentVolume' && isObject(csi) && csi.driver === driverName) {
      state.add(obj);
      const ref = csi.nodePublishSecretRef;
      if (isObject(ref)) secrets.add(`${String(ref.namespace)}/${String(ref.name)}`);
    }
    if (obj.kind === 'StorageClass' && obj.provisioner === driverName) {
      state.add(obj);
      const p = isObject(obj.parameters) ? obj.parameters : {};
      const name = p['csi.storage.k8s.io/node-publish-secret-name'];
      if (typeof name === 'string') secrets.add(`${String(p['csi.storage.k8s.io/node-publish-secret-namespace'])}/${name}`);
    }
    if ((obj.kind === 'ConfigMap' && obj.metadata.name === CSI_CONFIGMAP_NAME) || obj.kind === 'Node') state.add(obj);
    if ((obj.kind === 'PersistentVolumeClaim' || obj.kind === 'Namespace') && readFromCluster(obj)) state.add(obj);
  }
  for (const obj of all) if (obj.kind === 'Secret' && secrets.has(`${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`)) state.add(obj);
  return state;
}

/** A warning per JuiceFS state object without local-config. */
export function unmarkedState(items: readonly KubeObject[], driverName: string): Result[] {
  const state = stateObjects(items, driverName);
  const out: Result[] = [];
  eachObject(items, (obj, item) => {
    if (state.has(obj) && !isLocalConfig(obj)) out.push(unmarkedStateWarning(obj, item, 'export-context --juicefs'));
  });
  return out;
}

function warning(obj: KubeObject, item: KubeObject, message: string, field?: string): Result {
  return objectResult('warning', obj, item, message, field ? { field } : {});
}

/** Namespaces whose opt-in label is misspelt in value, or written as an annotation. */
export function namespaceNearMisses(items: readonly KubeObject[]): Result[] {
  const out: Result[] = [];
  eachObject(items, (obj, item) => {
    if (obj.kind !== 'Namespace' || obj.apiVersion !== 'v1') return;
    const labels = obj.metadata.labels ?? {};
    const annotations = obj.metadata.annotations ?? {};
    for (const key of NAMESPACE_KEYS) {
      if (almostTrue(labels[key])) {
        out.push(warning(obj, item, `label ${key} is ${shownValue(labels[key])}, but the webhook's namespaceSelector matches only "true": its pods are not injected`, `metadata.labels.${key}`));
      }
      if (labels[key] === undefined && annotations[key] !== undefined) {
        out.push(warning(obj, item, `${key} is an annotation, but the webhook's namespaceSelector reads labels: its pods are not injected`, `metadata.annotations.${key}`));
      }
    }
  });
  return out;
}

/**
 * A workload's own near misses: the namespace's opt-in label on the workload or its template (the
 * webhook reads it from the Namespace only), and the done/disable labels on the workload instead of
 * its template, or with a value other than "true". `mountsJuiceFS`: whether the template (as written)
 * mounts a JuiceFS PVC; `optedIn`: whether its namespace sends pods to the webhook.
 */
export function workloadNearMisses(target: PodTarget, written: JsonObject, item: KubeObject, mountsJuiceFS: boolean, optedIn: boolean): Result[] {
  const out: Result[] = [];
  const w = target.workload;
  const templateAt = (rel: string): string => formatPath([...target.workloadPath, ...target.podPath, ...rel.split('.')]);
  const own = isObject(w.metadata.labels) ? w.metadata.labels : {};
  const tpl = podLabels(written);
  for (const key of NAMESPACE_KEYS) {
    if (tpl[key] !== undefined) out.push(warning(w, item, `label ${key} on the pod template does nothing: the webhook reads it from the Namespace's labels`, templateAt(`metadata.labels.${key}`)));
    if (target.isTemplate && own[key] !== undefined && mountsJuiceFS) out.push(warning(w, item, `label ${key} on the ${w.kind} does nothing: the webhook reads it from the Namespace's labels`, `metadata.labels.${key}`));
  }
  for (const key of [LABEL_DISABLE, LABEL_DONE]) {
    if (tpl[key] !== undefined && tpl[key] !== TRUE) {
      out.push(warning(w, item, `label ${key} is ${shownValue(tpl[key])}, but the webhook acts on exactly "true" only`, templateAt(`metadata.labels.${key}`)));
    }
    if (target.isTemplate && own[key] !== undefined && tpl[key] === undefined && mountsJuiceFS) {
      out.push(warning(w, item, `label ${key} is on the ${w.kind}, but the webhook reads the pod's labels: put it into the pod template's labels`, `metadata.labels.${key}`));
    }
  }
  if (mountsJuiceFS && !optedIn && out.length === 0) {
    out.push(
      objectResult('info', w, item, `mounts a JuiceFS PVC, but its namespace ${target.namespace} has neither ${LABEL_ENABLE_INJECTION} nor ${LABEL_ENABLE_SERVERLESS}: "true", so its pods use the CSI driver's mount pods, not a sidecar`),
    );
  }
  return out;
}

/** Where an Argo Workflows object lists volumes: the workflow-wide ones and each template's. */
function argoVolumeLists(obj: KubeObject): PathSegment[][] {
  const spec: PathSegment[] = obj.kind === 'CronWorkflow' ? ['spec', 'workflowSpec'] : ['spec'];
  const templates = getPath(obj, [...spec, 'templates']);
  const perTemplate = Array.isArray(templates) ? templates.map((_, i): PathSegment[] => [...spec, 'templates', i, 'volumes']) : [];
  return [[...spec, 'volumes'], ...perTemplate];
}

/**
 * Objects of a kind no function can render (the chassis says why) in a namespace that sends pods
 * to the webhook: their pods ship without the sidecar unless the in-cluster webhook injects them.
 * An Argo Workflows object is reported when a volume names a JuiceFS PVC; a TrainJob always (its
 * pods' volumes are in the runtime it references). Cluster-scoped kinds are left out: their pods
 * run in namespaces they do not name.
 */
export function unrenderedKindNearMisses(
  items: readonly KubeObject[],
  kinds: WorkloadKinds,
  defaultNamespace: string,
  optedIn: (namespace: string) => boolean,
  isJuiceFSClaim: (namespace: string, claim: string) => boolean,
): Result[] {
  const out: Result[] = [];
  eachObject(items, (obj, item) => {
    const reason = unrenderedKindReason(obj);
    if (!reason || kinds.templatePatterns(obj) || obj.kind.startsWith('Cluster')) return;
    const namespace = obj.metadata.namespace || defaultNamespace;
    if (!optedIn(namespace)) return;
    if (obj.kind === 'TrainJob') {
      out.push(warning(obj, item, `not rendered although namespace ${namespace} sends its pods to the webhook: ${reason}; if they mount a JuiceFS PVC, put that TrainingRuntime into the input`, 'spec.runtimeRef'));
      return;
    }
    for (const list of argoVolumeLists(obj)) {
      const volumes = getPath(obj, list);
      if (!Array.isArray(volumes)) continue;
      volumes.forEach((v, i) => {
        const claim = claimNameOf(v);
        if (claim === undefined || !isJuiceFSClaim(namespace, claim)) return;
        const field = formatPath([...list, i, 'persistentVolumeClaim', 'claimName']);
        out.push(warning(obj, item, `mounts JuiceFS PVC ${claim} (${field}) in namespace ${namespace}, which sends its pods to the webhook, but is not rendered: ${reason}`, field));
      });
    }
  });
  return out;
}
