import { addAppCheck } from './app-check';
import type { Container, PodSpec } from '../../krm/workloads/pod-spec';
import type { RuntimeInfo } from './runtime-info';

const info: RuntimeInfo = { pvcName: 'ds', datasetName: 'ds', datasetNamespace: 'ns', datasetUid: '', type: 'thin', scrapeSidecar: false };
const uses = (name: string, extra: Partial<Container> = {}): Container => ({
  name,
  image: 'busybox',
  volumeMounts: [{ name: 'data', mountPath: `/data/${name}` }],
  ...extra,
});

function spec(): PodSpec {
  return {
    containers: [uses('app')],
    initContainers: [uses('setup'), uses('proxy', { restartPolicy: 'Always' })],
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'ds' } }],
  };
}

describe('addAppCheck', () => {
  it('mounts the check script into every container that uses a dataset, init containers included', () => {
    const s = spec();
    expect(addAppCheck(s, new Map([['ds', info]]), false)).toEqual(['app', 'setup', 'proxy']);
    for (const c of [...s.containers, ...s.initContainers!]) {
      expect(c.volumeMounts!.at(-1)).toEqual({
        name: 'check-fluid-mount-ready',
        mountPath: '/check-fluid-mount-ready.sh',
        subPath: 'check-fluid-mount-ready.sh',
        readOnly: true,
      });
      expect(c.lifecycle).toBeUndefined();
    }
  });

  it('app postStart: on containers and native-sidecar init containers, never on run-to-completion init containers', () => {
    // The webhook adds it to `setup` too; the API server rejects lifecycle on such init containers.
    const s = spec();
    addAppCheck(s, new Map([['ds', info]]), true);
    const [setup, proxy] = s.initContainers!;
    expect(s.containers[0].lifecycle!.postStart!.exec.command).toEqual(['bash', '-c', 'time /check-fluid-mount-ready.sh /data/app thin']);
    expect(proxy.lifecycle!.postStart!.exec.command).toEqual(['bash', '-c', 'time /check-fluid-mount-ready.sh /data/proxy thin']);
    expect(setup.lifecycle).toBeUndefined();
    expect(setup.volumeMounts!.map((m) => m.name)).toEqual(['data', 'check-fluid-mount-ready']);
  });
});
