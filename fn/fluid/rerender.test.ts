// Re-rendering follows the cluster state, uninject restores what was written, and the cluster
// state is guarded (issue #17, items 2, 3 and 5).
import { thinDataset } from '../../test/support/fixtures';
import { cloneJson, JsonObject, KubeObject, Result } from '../types';
import { RECORD_ANNOTATION, transform } from './transform';

const deployment = (labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'fluid' },
  spec: {
    replicas: 1,
    template: {
      metadata: { labels: { app: 'web', 'serverless.fluid.io/inject': 'true', ...labels } },
      spec: {
        containers: [{ name: 'web', image: 'nginx:1', volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'ds' } }],
      },
    },
  },
});
const config = (spec: JsonObject): JsonObject => ({ apiVersion: 'fn.fluid.io/v1alpha1', kind: 'InjectFluidSidecar', metadata: { name: 'c' }, spec });

interface Run {
  items: KubeObject[];
  results: Result[];
  changed: number[];
}

/** One render, as kpt sees it: the items out (changed, added, removed), and which input items changed. */
function render(items: KubeObject[], cfg?: JsonObject): Run {
  const out = transform(items, cfg);
  return {
    items: items.map((o, i) => out.updated.get(i) ?? o).filter((_, i) => !out.removed?.has(i)).concat(out.added),
    results: out.results,
    changed: [...out.updated.keys()],
  };
}
const template = (items: KubeObject[]) => (items[0].spec as { template: { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: JsonObject } }).template;
const containers = (items: KubeObject[]) => (template(items).spec.containers as JsonObject[]).map((c) => c.name);
const messages = (r: Run, severity: Result['severity'] = 'info') => r.results.filter((x) => x.severity === severity).map((x) => x.message);

describe('re-rendering an injected workload', () => {
  const ctx = () => thinDataset('fluid', 'ds');
  const first = () => render([deployment(), ...ctx()]);

  it('with the same state changes nothing, and says so', () => {
    const once = first();
    const twice = render(once.items);
    expect(twice.changed).toEqual([]);
    expect(twice.items).toEqual(once.items);
    expect(messages(twice)).toContain('Deployment fluid/web: injected (unchanged) fluid-fuse-0 (dataset fluid/ds)');
  });

  it('with a new fuse image re-injects from the current state', () => {
    const items = first().items;
    const ds = items.find((o) => o.kind === 'DaemonSet')!;
    ((ds.spec as any).template.spec.containers[0] as JsonObject).image = 'test-thin-fuse:v2';
    const again = render(items);
    expect(again.changed).toContain(0);
    expect((template(again.items).spec.containers as JsonObject[])[0].image).toBe('test-thin-fuse:v2');
    expect(messages(again)).toContain('Deployment fluid/web: re-injected from the current state: fluid-fuse-0 (dataset fluid/ds)');
    // and the result is what a first render with that state gives
    const fresh = [deployment(), ...cloneJson(items.slice(1, 6))];
    expect(again.items[0]).toEqual(render(fresh).items[0]);
  });

  it('with a changed runtime (the PV\'s FUSE path moved) re-injects', () => {
    const items = first().items;
    const pv = items.find((o) => o.kind === 'PersistentVolume')!;
    (pv.spec as any).csi.volumeAttributes.fluid_path = '/runtime-mnt/thin/fluid/ds-v2/thin-fuse';
    const again = render(items);
    expect(messages(again, 'error')).toEqual([]);
    const volume = (template(again.items).spec.volumes as JsonObject[])[0];
    expect(volume).toEqual({ name: 'data', hostPath: { path: '/runtime-mnt/thin/fluid/ds-v2/thin-fuse' } });
  });

  it('with an option changed (native-sidecar) moves the sidecar', () => {
    const again = render(first().items, config({ injectionMode: 'native-sidecar' }));
    expect(containers(again.items)).toEqual(['web']);
    expect((template(again.items).spec.initContainers as JsonObject[]).map((c) => c.name)).toEqual(['fluid-fuse-0']);
  });

  it('once the PVC is no longer a dataset\'s, takes the injection back out', () => {
    const items = first().items;
    items.find((o) => o.kind === 'PersistentVolumeClaim')!.metadata.labels = {};
    const again = render(items);
    expect(again.items[0]).toEqual(deployment());
    expect(messages(again)).toContain('Deployment fluid/web: uninjected (not injected now: mounts no Fluid dataset PVC)');
    expect(transform(items).outcomes).toEqual([expect.objectContaining({ status: 'uninjected', code: expect.any(String) })]);
  });

  it('with the Dataset gone fails as the webhook would, and changes nothing', () => {
    const items = first().items.filter((o) => o.kind !== 'Dataset');
    const again = render(items);
    expect(messages(again, 'error').join()).toContain('not found');
    expect(again.changed).toEqual([]);
  });

  it('once the template no longer opts in, takes the injection back out', () => {
    const items = first().items;
    delete template(items).metadata.labels['serverless.fluid.io/inject'];
    const again = render(items);
    const { 'serverless.fluid.io/inject': _, ...labels } = (deployment().spec as any).template.metadata.labels;
    expect(template(again.items).metadata.labels).toEqual(labels);
    expect(containers(again.items)).toEqual(['web']);
  });

  it('keeps an edit made to the injected template', () => {
    const items = first().items;
    (template(items).spec.containers as JsonObject[])[1].image = 'nginx:2';
    const again = render(items);
    expect(again.changed).toEqual([]);
    const back = render(again.items, config({ action: 'uninject' }));
    expect((template(back.items).spec.containers as JsonObject[])[0]).toEqual({ ...(deployment().spec as any).template.spec.containers[0], image: 'nginx:2' });
  });

  it('a pod injected by something else (the done label, no record) is left alone, also by uninject', () => {
    const foreign = deployment({ 'done.sidecar.fluid.io/inject': 'true' });
    const inject = render([foreign, ...ctx()]);
    expect(inject.changed).toEqual([]);
    expect(messages(inject)[0]).toContain('already injected');
    expect(messages(inject)[0]).toContain(`no ${RECORD_ANNOTATION} record: left as it is`);
    const uninject = render([foreign, ...ctx()], config({ action: 'uninject' }));
    expect(uninject.changed).toEqual([]);
    expect(messages(uninject)).toContain(`Deployment fluid/web: left as it is: injected by something else (no ${RECORD_ANNOTATION} record)`);
  });

  it('a record that is not this function\'s is an error naming the field', () => {
    const items = first().items;
    template(items).metadata.annotations![RECORD_ANNOTATION] = '{"v":1,"u":';
    const again = render(items);
    expect(again.results.find((r) => r.severity === 'error')).toMatchObject({ field: { path: 'spec.template.metadata.annotations' } });
  });
});

describe('uninject', () => {
  const ctx = () => thinDataset('fluid', 'ds');
  const uninject = config({ action: 'uninject' });

  it('restores the workload as written and drops the check ConfigMaps it emitted', () => {
    const injected = render([deployment(), ...ctx()]).items;
    expect(injected.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.name)).toEqual(['check-fluid-mount-ready', 'thin-default-check-mount']);
    const back = render(injected, uninject);
    expect(back.items).toEqual([deployment(), ...ctx()]);
    expect(messages(back)).toEqual([
      'Deployment fluid/web: uninjected',
      'ConfigMap fluid/check-fluid-mount-ready: removed: emitted by this function for the injected pods, and nothing uses it now',
      'ConfigMap fluid/thin-default-check-mount: removed: emitted by this function for the injected pods, and nothing uses it now',
    ]);
  });

  it('keeps a check ConfigMap another workload still mounts, and never removes local-config state', () => {
    const injected = render([deployment(), ...ctx()]).items;
    const other: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'other', namespace: 'fluid' },
      spec: { containers: [{ name: 'x' }], volumes: [{ name: 'c', configMap: { name: 'check-fluid-mount-ready' } }] },
    };
    const local = injected.map((o) => (o.metadata.name === 'thin-default-check-mount' ? { ...o, metadata: { ...o.metadata, annotations: { ...o.metadata.annotations, 'config.kubernetes.io/local-config': 'true' } } } : o));
    const back = render([...local, other], uninject);
    expect(back.items.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.name)).toEqual(['check-fluid-mount-ready', 'thin-default-check-mount']);
  });

  it('emits nothing and reports no near misses', () => {
    const out = transform([deployment(), ...ctx()], uninject);
    expect(out.added).toEqual([]);
    expect(out.updated.size).toBe(0);
    expect(out.results.filter((r) => r.severity !== 'warning')).toEqual([]);
  });
});

describe('checkConfigMaps: skip', () => {
  it('emits no check ConfigMap and says which ones the pods need', () => {
    const out = transform([deployment(), ...thinDataset('fluid', 'ds')], config({ checkConfigMaps: 'skip' }));
    expect(out.added).toEqual([]);
    expect(out.results.map((r) => r.message)).toContain(
      'check ConfigMaps not emitted (checkConfigMaps: skip); the injected pods need fluid/check-fluid-mount-ready, fluid/thin-default-check-mount in the cluster',
    );
  });
});

describe('cluster state without local-config', () => {
  const warnings = (items: KubeObject[]) => transform(items).results.filter((r) => r.severity === 'warning' && r.message.includes('local-config'));
  const local = (o: KubeObject): KubeObject => ({ ...o, metadata: { ...o.metadata, annotations: { 'config.kubernetes.io/local-config': 'true' } } });

  it('a warning per Fluid state object, with the fix', () => {
    const got = warnings([deployment(), ...thinDataset('fluid', 'ds')]);
    // the fixture's Dataset is exported (uid, status); the ThinRuntime is hand-written
    expect(got.map((r) => `${r.resourceRef!.kind} ${r.resourceRef!.name}`)).toEqual(['PersistentVolumeClaim ds', 'Dataset ds', 'PersistentVolume fluid-ds', 'DaemonSet ds-fuse']);
    expect(got[0].field).toEqual({ path: 'metadata.annotations.config.kubernetes.io/local-config', proposedValue: 'true' });
    expect(got[0].message).toContain('kustomize emits it and Argo CD or kpt live apply would apply and prune it');
  });

  it('none once annotated, and none for what the app itself applies', () => {
    const appPvc: KubeObject = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'scratch', namespace: 'fluid' } };
    const appDs: KubeObject = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'fluid' }, spec: { template: { spec: { containers: [{ name: 'a' }] } } } };
    expect(warnings([deployment(), ...thinDataset('fluid', 'ds').map(local), appPvc, appDs])).toEqual([]);
  });
});
