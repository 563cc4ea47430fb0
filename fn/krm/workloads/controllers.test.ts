import type { JsonObject } from '../../types';
import { nameContainers, newRefusals, refusedFields } from './controllers';

const knative = { names: 'knative', restricts: 'knative' } as const;
const names = (spec: JsonObject, key = 'containers') => (spec[key] as JsonObject[]).map((c) => c.name);

describe('Knative container names (revision_defaults.go applyDefaultContainerNames)', () => {
  it('a lone unnamed container is user-container', () => {
    const spec = { containers: [{ image: 'a' }] };
    nameContainers(knative, spec);
    expect(names(spec)).toEqual(['user-container']);
  });
  it('several: user-container-<n> counting past the names the user wrote', () => {
    const spec = { containers: [{ image: 'a' }, { name: 'user-container-0', image: 'b' }, { image: 'c' }, { name: 'side', image: 'd' }] };
    nameContainers(knative, spec);
    expect(names(spec)).toEqual(['user-container-1', 'user-container-0', 'user-container-2', 'side']);
  });
  it('a lone container whose default name is taken by an init container gets a suffix', () => {
    const spec = { containers: [{ image: 'a' }], initContainers: [{ name: 'user-container', image: 'b' }] };
    nameContainers(knative, spec);
    expect(names(spec)).toEqual(['user-container-0']);
  });
  it('init containers: init-container, or init-container-<n> when several', () => {
    const one = { containers: [{ name: 'app' }], initContainers: [{ image: 'x' }] };
    nameContainers(knative, one);
    expect(names(one, 'initContainers')).toEqual(['init-container']);
    const two = { containers: [{ name: 'app' }], initContainers: [{ image: 'x' }, { name: '' }] };
    nameContainers(knative, two);
    expect(names(two, 'initContainers')).toEqual(['init-container-0', 'init-container-1']);
  });
  it('other controllers name nothing', () => {
    const spec = { containers: [{ image: 'a' }] };
    nameContainers({}, spec);
    expect(spec.containers[0]).toEqual({ image: 'a' });
  });
});

describe('fields Knative Serving refuses in a template (k8s_validation.go, fieldmask.go)', () => {
  const sidecar = {
    name: 'fluid-fuse-0',
    lifecycle: { preStop: { exec: { command: ['umount'] } } },
    securityContext: { privileged: true },
    volumeMounts: [{ name: 'fuse-mount-0', mountPath: '/m', mountPropagation: 'Bidirectional' }],
  };
  it('always: lifecycle, privileged: true, container restartPolicy; behind flags: hostPath, mount propagation, init containers', () => {
    const spec = { containers: [sidecar], initContainers: [{ name: 'i', restartPolicy: 'Always' }], volumes: [{ name: 'v', hostPath: { path: '/x' } }] };
    const got = refusedFields(knative, spec).map((r) => [r.field, r.unlessFlag ?? 'never']);
    expect(got).toEqual([
      ['spec.containers[0].lifecycle', 'never'],
      ['spec.containers[0].securityContext.privileged', 'never'],
      ['spec.containers[0].volumeMounts[0].mountPropagation', 'kubernetes.podspec-volumes-mount-propagation'],
      ['spec.initContainers[0].restartPolicy', 'never'],
      ['spec.initContainers', 'kubernetes.podspec-init-containers'],
      ['spec.volumes[0].hostPath', 'kubernetes.podspec-volumes-hostpath'],
    ]);
  });
  it('privileged: false is allowed; other controllers refuse nothing', () => {
    expect(refusedFields(knative, { containers: [{ name: 'a', securityContext: { privileged: false } }] })).toEqual([]);
    expect(refusedFields({}, { containers: [sidecar] })).toEqual([]);
  });
  it('only what the injection added counts: what the user wrote Knative evidently accepts', () => {
    const before = { containers: [{ name: 'app' }], volumes: [{ name: 'scratch', hostPath: { path: '/tmp' } }] };
    const after = { containers: [{ name: 'fluid-fuse-0', lifecycle: {} }, { name: 'app' }], volumes: [{ name: 'scratch', hostPath: { path: '/tmp' } }, { name: 'data', hostPath: { path: '/d' } }] };
    // indices shift with the prepended sidecar; identity is by name
    expect(newRefusals(knative, before, after).map((r) => r.field)).toEqual(['spec.containers[0].lifecycle', 'spec.volumes[1].hostPath']);
  });
});
