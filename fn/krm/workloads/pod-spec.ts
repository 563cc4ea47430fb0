// The slice of the Pod API the mutation reads and writes, as plain objects. Unknown fields ride
// along untouched in the index signatures.
import type { JsonObject } from '../../types';

export interface VolumeMount extends JsonObject {
  name: string;
  mountPath: string;
  subPath?: string;
  readOnly?: boolean;
  mountPropagation?: string;
}

export interface Volume extends JsonObject {
  name: string;
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean } & JsonObject;
  hostPath?: { path: string; type?: string } & JsonObject;
  configMap?: { name: string; defaultMode?: number } & JsonObject;
}

export interface ExecAction extends JsonObject {
  command: string[];
}

export interface Lifecycle extends JsonObject {
  postStart?: { exec: ExecAction } & JsonObject;
  preStop?: JsonObject;
}

export interface ContainerPort extends JsonObject {
  name?: string;
  containerPort: number;
}

export interface Container extends JsonObject {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: ({ name: string; value?: string } & JsonObject)[];
  ports?: ContainerPort[];
  volumeMounts?: VolumeMount[];
  lifecycle?: Lifecycle;
  securityContext?: JsonObject & { privileged?: boolean; capabilities?: JsonObject & { add?: string[] } };
  restartPolicy?: string;
}

export interface PodSpec extends JsonObject {
  containers: Container[];
  initContainers?: Container[];
  volumes?: Volume[];
}

/** The pod (or the pod a template would make) as the webhook sees it. */
export interface PodView {
  name?: string;
  generateName?: string;
  /** Effective namespace (the request namespace when the object has none). */
  namespace: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: PodSpec;
}

/** Containers then init containers: the order in which the webhook walks them. */
export function allContainers(spec: PodSpec): Container[] {
  return [...spec.containers, ...(spec.initContainers ?? [])];
}

export function volumesOf(spec: PodSpec): Volume[] {
  if (!spec.volumes) spec.volumes = [];
  return spec.volumes;
}

export function mountsOf(container: Container): VolumeMount[] {
  if (!container.volumeMounts) container.volumeMounts = [];
  return container.volumeMounts;
}

export function hasPrefix(name: string, prefixes: readonly string[]): boolean {
  return prefixes.some((p) => name.startsWith(p));
}
