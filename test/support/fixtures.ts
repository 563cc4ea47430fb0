// Small builders for unit tests: a thin-runtime dataset in the shape of Fluid's own test fixtures,
// and pods that mount it.
import { ClusterState } from '../../fn/fluid/state/cluster-state';
import type { PodView } from '../../fn/krm/workloads/pod-spec';
import type { KubeObject } from '../../fn/types';

export function thinDataset(ns: string, name: string, opts: { fsType?: string; subPath?: string; phase?: string } = {}): KubeObject[] {
  const attrs: Record<string, string> = {
    fluid_path: `/runtime-mnt/thin/${ns}/${name}/thin-fuse`,
    mount_type: opts.fsType ?? 'thin',
  };
  if (opts.subPath) attrs.fluid_sub_path = opts.subPath;
  return [
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name, namespace: ns, labels: { [`fluid.io/s-${ns}-${name}`]: 'true' } },
    },
    {
      apiVersion: 'data.fluid.io/v1alpha1',
      kind: 'Dataset',
      metadata: { name, namespace: ns, uid: `uid-${name}` },
      status: { phase: opts.phase ?? 'Bound', runtimes: [{ name, namespace: ns, type: 'thin' }] },
    },
    { apiVersion: 'data.fluid.io/v1alpha1', kind: 'ThinRuntime', metadata: { name, namespace: ns } },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: `${ns}-${name}` },
      spec: { csi: { driver: 'fuse.csi.fluid.io', volumeHandle: `${ns}-${name}`, volumeAttributes: attrs } },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: `${name}-fuse`, namespace: ns },
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'thin-fuse',
                image: 'test-thin-fuse:v1.0.0',
                command: ['/entrypoint.sh'],
                args: ['-okernel_cache', '-oattr_timeout=9000', '-oentry_timeout=9000'],
                securityContext: { privileged: true, capabilities: { add: ['SYS_ADMIN'] } },
                ports: [{ name: 'thin-fuse-metrics', containerPort: 8080 }],
                volumeMounts: [
                  { name: 'data', mountPath: '/mnt/disk1' },
                  { name: 'fuse-device', mountPath: '/dev/fuse' },
                  { name: 'thin-fuse-mount', mountPath: `/runtime-mnt/thin/${ns}/${name}/`, mountPropagation: 'Bidirectional' },
                  { name: 'cache-dir', mountPath: '/cache' },
                ],
              },
            ],
            volumes: [
              { name: 'data', hostPath: { path: '/runtime_mnt/dataset-conflict' } },
              { name: 'fuse-device', hostPath: { path: '/dev/fuse', type: 'CharDevice' } },
              { name: 'thin-fuse-mount', hostPath: { path: `/runtime-mnt/thin/${ns}/${name}/`, type: 'DirectoryOrCreate' } },
              { name: 'cache-dir', emptyDir: {} },
              { name: 'unused', emptyDir: {} },
            ],
          },
        },
      },
    },
  ];
}

/** Thin datasets `outer` and `inner` in `ns`, whose `outer` fuse pod mounts `inner`'s PVC: a second round injects it. */
export function chainedThinDatasets(ns: string): KubeObject[] {
  const outer = thinDataset(ns, 'outer');
  const ds = outer[4].spec as any;
  ds.template.spec.containers[0].volumeMounts.push({ name: 'inner-pvc', mountPath: '/inner' });
  ds.template.spec.volumes.push({ name: 'inner-pvc', persistentVolumeClaim: { claimName: 'inner' } });
  return [...outer, ...thinDataset(ns, 'inner')];
}

export function stateOf(items: KubeObject[], defaultNamespace = 'default'): ClusterState {
  return new ClusterState(items, defaultNamespace, () => false);
}

export function podMounting(ns: string, claims: string[], extra: Partial<PodView> = {}): PodView {
  return {
    name: 'test-pod',
    namespace: ns,
    labels: { 'serverless.fluid.io/inject': 'true' },
    annotations: {},
    spec: {
      containers: [
        {
          name: 'app',
          image: 'busybox',
          volumeMounts: claims.map((c) => ({ name: `vol-${c}`, mountPath: `/data/${c}` })),
        },
      ],
      volumes: claims.map((c) => ({ name: `vol-${c}`, persistentVolumeClaim: { claimName: c } })),
    },
    ...extra,
  };
}
