import { CE_SECRET, csiConfigMap, namespace, pv, pvc, secret } from '../../test/support/juicefs';
import type { JsonObject, KubeObject } from '../types';
import { KEYS_ONLY_VALUE } from './settings';
import { injectJuiceFSSidecar } from './function';
import { mayShareNode, transform } from './transform';

function deployment(name: string, ns: string, claim: string, extra: JsonObject = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      selector: { matchLabels: { app: name } },
      ...extra,
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'busybox', volumeMounts: [{ name: 'data', mountPath: '/data' }] }], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }] },
      },
    },
  };
}

function world(labels: Record<string, string> = { 'juicefs.com/enable-injection': 'true' }): KubeObject[] {
  return [namespace('ns', labels), secret('jfs-secret', 'default', CE_SECRET), pv('pa'), pvc('a', 'ns', { volumeName: 'pa' })];
}

const outputOf = (items: KubeObject[], out: ReturnType<typeof transform>) => items.map((o, i) => out.updated.get(i) ?? o).concat(out.added);
const containersOf = (o: KubeObject): string[] => ((o.spec as any).template.spec.containers as JsonObject[]).map((c) => String(c.name));

describe('namespace gate (A2)', () => {
  it('enable-injection: hostpath; enable-serverless-injection: serverless (also when both are set); none: untouched', () => {
    const hostpath = transform([...world(), deployment('web', 'ns', 'a', { replicas: 1 })]);
    expect((hostpath.updated.get(4)!.spec as any).template.spec.volumes[0].hostPath).toBeDefined();
    const both = transform([...world({ 'juicefs.com/enable-injection': 'true', 'juicefs.com/enable-serverless-injection': 'true' }), deployment('web', 'ns', 'a')]);
    expect((both.updated.get(4)!.spec as any).template.spec.volumes[0]).toEqual({ name: 'data', emptyDir: {} });
    const off = transform([...world({ 'juicefs.com/enable-injection': 'false' }), deployment('web', 'ns', 'a')]);
    expect(off.updated.size).toBe(0);
    // not an error: the workload's pods use the CSI driver's mount pods, as the info says
    expect(off.results.map((r) => [r.severity, r.message])).toEqual([
      ['info', 'Deployment ns/web: mounts a JuiceFS PVC, but its namespace ns has neither juicefs.com/enable-injection nor juicefs.com/enable-serverless-injection: "true", so its pods use the CSI driver\'s mount pods, not a sidecar'],
    ]);
  });

  it('near misses: an opt-in value that is not "true", the namespace label as an annotation or on the workload, done/disable on the workload', () => {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns', labels: { 'juicefs.com/enable-injection': 'True' }, annotations: { 'juicefs.com/enable-serverless-injection': 'true' } } };
    const web = deployment('web', 'ns', 'a');
    web.metadata.labels = { 'juicefs.com/enable-injection': 'true', 'disable.sidecar.juicefs.com/inject': 'true' };
    const out = transform([ns, ...world().slice(1), web]);
    expect(out.updated.size).toBe(0);
    expect(out.results.map((r) => [r.severity, r.field?.path])).toEqual([
      ['warning', 'metadata.labels.juicefs.com/enable-injection'],
      ['warning', 'metadata.labels.disable.sidecar.juicefs.com/inject'],
      ['warning', 'metadata.labels.juicefs.com/enable-injection'],
      ['warning', 'metadata.annotations.juicefs.com/enable-serverless-injection'],
    ]);
    expect(out.results.map((r) => r.message)).toEqual([
      'Deployment ns/web: label juicefs.com/enable-injection on the Deployment does nothing: the webhook reads it from the Namespace\'s labels',
      'Deployment ns/web: label disable.sidecar.juicefs.com/inject is on the Deployment, but the webhook reads the pod\'s labels: put it into the pod template\'s labels',
      'Namespace ns: label juicefs.com/enable-injection is "True", but the webhook\'s namespaceSelector matches only "true": its pods are not injected',
      'Namespace ns: juicefs.com/enable-serverless-injection is an annotation, but the webhook\'s namespaceSelector reads labels: its pods are not injected',
    ]);
  });

  it('a namespace label written unquoted (true, 1) is a near miss too, and the message says why', () => {
    for (const value of [true, 1]) {
      const ns: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns', labels: { 'juicefs.com/enable-injection': value } } } as unknown as KubeObject;
      const out = transform([ns, deployment('web', 'ns', 'a', { replicas: 1 })]);
      expect(out.results.map((r) => r.message)).toContain(
        `Namespace ns: label juicefs.com/enable-injection is the ${typeof value} ${value} (unquoted in YAML; the API server refuses a label value that is not a string), but the webhook's namespaceSelector matches only "true": its pods are not injected`,
      );
    }
  });

  it('cluster state without local-config gets a warning with the fix', () => {
    const bare = world().map((o) => (o.kind === 'PersistentVolume' ? { ...o, metadata: { name: o.metadata.name } } : o));
    const out = transform([...bare, deployment('web', 'ns', 'a', { replicas: 1 })]);
    expect(out.results.filter((r) => r.severity === 'warning')).toEqual([
      expect.objectContaining({ resourceRef: { apiVersion: 'v1', kind: 'PersistentVolume', name: 'pa' }, field: { path: 'metadata.annotations.config.kubernetes.io/local-config', proposedValue: 'true' } }),
    ]);
  });

  it('a missing Namespace: defaultInjection none (an info naming it), or the configured profile', () => {
    const items = [...world().slice(1), deployment('web', 'ns', 'a')];
    const none = transform(items);
    expect(none.updated.size).toBe(0);
    expect(none.results).toEqual([
      expect.objectContaining({ severity: 'info', resourceRef: { apiVersion: 'v1', kind: 'Namespace', name: 'ns' }, message: expect.stringContaining('Namespace ns is not in the input') }),
    ]);
    const sidecar = transform(items, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { defaultInjection: 'sidecar', kubernetesVersion: '1.28' } });
    expect(containersOf(sidecar.updated.get(3)!)).toEqual(['jfs-mount', 'app']);
  });
});

describe('results', () => {
  it('an info per injected workload and per Secret the cluster must provide; a warning for a template of several pods', () => {
    const out = transform([...world(), deployment('web', 'ns', 'a', { replicas: 2 })]);
    expect(out.results.map((r) => [r.severity, r.resourceRef?.kind])).toEqual([
      ['info', 'Deployment'],
      ['warning', 'Deployment'],
      ['info', 'Secret'],
    ]);
    expect(out.results[1].message).toContain('anti-affinity');
    expect(out.results[2].message).toMatch(/^the cluster must provide Secret ns\/a-jfs-secret with the keys metaurl, secretkey/);
    expect(out.outcomes).toEqual([{ ref: expect.objectContaining({ name: 'web' }), status: 'injected' }]);
  });

  it('emit: the generated Secret and a warning that the output holds credentials', () => {
    const out = transform([...world(), deployment('web', 'ns', 'a', { replicas: 1 })], { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { generatedSecret: 'emit' } });
    expect(out.added.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['Secret ns/a-jfs-secret']);
    expect(out.results.filter((r) => r.severity === 'warning').map((r) => r.message)).toEqual([expect.stringContaining('credentials')]);
  });

  it('which templates can put two pods on one node (A4)', () => {
    const target = (kind: string, spec: JsonObject) => ({ itemIndex: 0, workload: { apiVersion: 'x', kind, metadata: { name: 'w' }, spec }, workloadPath: [], namespace: 'ns', podPath: [], isTemplate: true });
    expect(mayShareNode(target('Deployment', {}))).toBe(true);
    expect(mayShareNode(target('Deployment', { replicas: 1 }))).toBe(false);
    expect(mayShareNode(target('StatefulSet', { replicas: 3 }))).toBe(true);
    expect(mayShareNode(target('Job', { parallelism: 1 }))).toBe(false);
    expect(mayShareNode(target('CronJob', { jobTemplate: { spec: { parallelism: 2 } } }))).toBe(true);
    expect(mayShareNode(target('DaemonSet', {}))).toBe(false);
    expect(mayShareNode(target('Pod', {}))).toBe(false);
  });
});

describe('all or nothing, context problems', () => {
  it('one failing workload leaves every item unchanged', () => {
    const out = transform([...world(), deployment('ok', 'ns', 'a'), deployment('bad', 'ns', 'missing')]);
    expect(out.updated.size).toBe(0);
    expect(out.added).toEqual([]);
    expect(out.results.filter((r) => r.severity === 'error')).toEqual([
      expect.objectContaining({
        message: 'Deployment ns/bad: persistentvolumeclaims "missing" not found in namespace ns (volume "data") (add the PersistentVolumeClaim to the input, e.g. from export-context --juicefs)',
        resourceRef: expect.objectContaining({ kind: 'Deployment', name: 'bad' }),
        field: { path: 'spec.template.spec.volumes[0].persistentVolumeClaim.claimName' },
      }),
    ]);
  });

  it('duplicate context objects and workloads are errors', () => {
    const out = transform([...world(), pvc('a', 'ns', { volumeName: 'pa' }), deployment('web', 'ns', 'a'), deployment('web', 'ns', 'a')]);
    expect(out.results.filter((r) => r.severity === 'error').map((r) => r.message)).toEqual([
      'PersistentVolumeClaim ns/a appears twice in the input (items 3 and 4): the cluster state is ambiguous',
      'Deployment ns/web appears twice in the input (items 5 and 6)',
    ]);
  });

  it('a workload with several pod templates is one object: twice in the input is one error', () => {
    const template = deployment('x', 'ns', 'a').spec as JsonObject;
    const job = (): KubeObject => ({
      apiVersion: 'kubeflow.org/v1',
      kind: 'PyTorchJob',
      metadata: { name: 'train', namespace: 'ns' },
      spec: { pytorchReplicaSpecs: { Master: { replicas: 1, template: template.template }, Worker: { replicas: 2, template: template.template } } },
    });
    const once = transform([...world(), job()]);
    expect(once.results.filter((r) => r.severity === 'error')).toEqual([]);
    const twice = transform([...world(), job(), job()]);
    expect(twice.results.filter((r) => r.severity === 'error').map((r) => r.message)).toEqual(['PyTorchJob ns/train appears twice in the input (items 4 and 5)']);
  });

  it('results about one template of several name it, as its errors do, skipped ones too', () => {
    const template = (deployment('x', 'ns', 'a').spec as JsonObject).template as JsonObject;
    const off = { ...template, metadata: { labels: { 'disable.sidecar.juicefs.com/inject': 'true' } } };
    const job: KubeObject = {
      apiVersion: 'kubeflow.org/v1',
      kind: 'PyTorchJob',
      metadata: { name: 'train', namespace: 'ns' },
      spec: { pytorchReplicaSpecs: { Master: { replicas: 1, template }, Worker: { replicas: 1, template: off } } },
    };
    const messages = transform([...world(), job]).results.filter((r) => r.severity === 'info').map((r) => r.message);
    expect(messages.filter((m) => m.startsWith('PyTorchJob'))).toEqual([
      expect.stringMatching(/^PyTorchJob ns\/train spec\.pytorchReplicaSpecs\.Master\.template: injected jfs-mount /),
      expect.stringMatching(/^PyTorchJob ns\/train spec\.pytorchReplicaSpecs\.Worker\.template: not injected: /),
    ]);
  });

  it('a bad CSI ConfigMap is an error at its field; its enableNativeSidecar beats kubernetesVersion', () => {
    const bad = transform([...world(), csiConfigMap('mountPodPatch: 3'), deployment('web', 'ns', 'a')]);
    expect(bad.results).toEqual([expect.objectContaining({ severity: 'error', field: { path: 'data.config.yaml' }, message: expect.stringContaining('mountPodPatch must be a list') })]);
    const legacy = transform([...world(), csiConfigMap({ enableNativeSidecar: false }), deployment('web', 'ns', 'a')]);
    expect(containersOf(legacy.updated.get(5)!)).toEqual(['jfs-mount', 'app']);
    const native = transform([...world(), deployment('web', 'ns', 'a')]);
    expect(containersOf(native.updated.get(4)!)).toEqual(['app']);
    expect(((native.updated.get(4)!.spec as any).template.spec.initContainers as JsonObject[])[0].restartPolicy).toBe('Always');
  });

  it('a bad function config is an error naming the field', () => {
    const out = transform(world(), { apiVersion: 'fn.fluid.io/v1alpha1', kind: 'InjectJuiceFSSidecar', metadata: { name: 'c' }, spec: { generatedSecret: 'yes' } });
    expect(out.results).toEqual([expect.objectContaining({ severity: 'error', field: { path: 'spec.generatedSecret' } })]);
  });
});

describe('generated objects and idempotence', () => {
  it('one check-script ConfigMap per namespace; an input one is reused, a stale one of ours refreshed, a foreign one an error', () => {
    const items = [...world(), deployment('w1', 'ns', 'a'), deployment('w2', 'ns', 'a')];
    const first = transform(items);
    expect(first.added.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['ConfigMap ns/juicefs-check-mount']);
    const again = transform([...items, first.added[0]]);
    expect(again.added).toEqual([]);
    expect(again.updated.has(items.length)).toBe(false);
    const stale = { ...first.added[0], data: { 'check_mount.sh': 'old' } };
    expect((transform([...items, stale]).updated.get(items.length)!.data as JsonObject)['check_mount.sh']).toBe((first.added[0].data as JsonObject)['check_mount.sh']);
    const foreign = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'juicefs-check-mount', namespace: 'ns' }, data: { x: 'y' } };
    expect(transform([...items, foreign]).results.some((r) => r.severity === 'error' && r.message.includes('was not made by'))).toBe(true);
  });

  it('a second run on the output changes nothing: the record is taken out and the same injection comes back', () => {
    const items = [...world(), deployment('web', 'ns', 'a')];
    const first = transform(items);
    const output = outputOf(items, first);
    const second = transform(output);
    expect(second.updated.size).toBe(0);
    expect(second.added).toEqual([]);
    expect(second.results[0].message).toMatch(/^Deployment ns\/web: injected \(unchanged\) jfs-mount \(PVC a/);
  });

  const uninject = { apiVersion: 'fn.fluid.io/v1alpha1', kind: 'InjectJuiceFSSidecar', metadata: { name: 'u' }, spec: { action: 'uninject' } };

  it('uninject gives back the workload as written and leaves out the check ConfigMap (and, with emit, the Secret) nothing uses now', () => {
    for (const spec of [{}, { generatedSecret: 'emit' }]) {
      const items = [...world(), deployment('web', 'ns', 'a')];
      const first = transform(items, { ...uninject, spec: { ...spec, action: 'uninject' } });
      expect(first.updated.size).toBe(0);
      const out = transform(items, { ...uninject, spec: { ...spec, action: 'inject' } });
      const output = outputOf(items, out);
      expect(out.added.length).toBeGreaterThan(0);
      const back = transform(output, { ...uninject, spec: { ...spec, action: 'uninject' } });
      expect(back.results.filter((r) => r.severity === 'error')).toEqual([]);
      expect(output.map((o, i) => back.updated.get(i) ?? o).filter((_, i) => !back.removed?.has(i))).toEqual(items);
    }
  });

  it('uninject keeps a check ConfigMap another workload still mounts, and a workload injected by something else', () => {
    const items = [...world(), deployment('web', 'ns', 'a')];
    const output = outputOf(items, transform(items));
    const byWebhook = transform([...world(), deployment('other', 'ns', 'a')]);
    const foreign = outputOf([...world(), deployment('other', 'ns', 'a')], byWebhook)[world().length] as KubeObject;
    const template = (foreign.spec as any).template;
    delete template.metadata.annotations['fn.fluid.io/inject-juicefs-sidecar'];
    const back = transform([...output, foreign], uninject);
    expect(back.removed?.size ?? 0).toBe(0);
    expect(back.updated.has(output.length)).toBe(false);
    expect(back.results.map((r) => r.message)).toContain('Deployment ns/other: left as it is: injected by something else (no fn.fluid.io/inject-juicefs-sidecar record)');
  });

  it('re-render follows the state: a namespace that no longer opts in, or a disable label, takes the injection out', () => {
    const items = [...world(), deployment('web', 'ns', 'a')];
    const output = outputOf(items, transform(items));
    const i = world().length;
    const optedOut = output.map((o) => (o.kind === 'Namespace' ? { ...o, metadata: { ...o.metadata, labels: {} } } : o));
    const out = transform(optedOut);
    expect(out.updated.get(i)).toEqual(items[i]);
    expect(out.results.map((r) => r.message)).toContain('Deployment ns/web: uninjected (its namespace no longer opts in)');
    const disabled = structuredClone(output);
    (disabled[i].spec as any).template.metadata.labels['disable.sidecar.juicefs.com/inject'] = 'true';
    const again = transform(disabled);
    expect((again.updated.get(i)!.spec as any).template.spec.initContainers ?? []).toEqual([]);
    expect(again.results.some((r) => r.message.startsWith('Deployment ns/web: uninjected (not injected now: disabled by label'))).toBe(true);
  });

  it('a keys-only Secret’s stand-in value never reaches the output', () => {
    const keysOnly = [namespace('ns', { 'juicefs.com/enable-serverless-injection': 'true' }), secret('jfs-secret', 'default', { name: 'v', metaurl: '', 'secret-key': '', token: '', passphrase: '', encrypt_rsa_key: '', initconfig: '', envs: 'A: ""' }), pv('pa'), pvc('a', 'ns', { volumeName: 'pa' })];
    const out = transform([...keysOnly, deployment('web', 'ns', 'a')]);
    expect(out.results.filter((r) => r.severity === 'error')).toEqual([]);
    expect(JSON.stringify([...out.updated.values(), ...out.added, ...out.results])).not.toContain(KEYS_ONLY_VALUE);
  });

  it('does not write into its input', () => {
    const items = [...world(), deployment('web', 'ns', 'a')];
    const before = JSON.stringify(items);
    transform(items);
    expect(JSON.stringify(items)).toBe(before);
  });

  it('leaves the volumes of other drivers (e.g. Fluid datasets) to their functions', () => {
    const fluidPv: KubeObject = { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'ns-ds' }, spec: { csi: { driver: 'fuse.csi.fluid.io', volumeHandle: 'x' } } };
    const w = deployment('web', 'ns', 'a');
    (w.spec as any).template.spec.volumes.push({ name: 'ds', persistentVolumeClaim: { claimName: 'ds' } });
    const out = transform([...world(), fluidPv, pvc('ds', 'ns', { volumeName: 'ns-ds' }), w]);
    const volumes = (out.updated.get(6)!.spec as any).template.spec.volumes as JsonObject[];
    expect(volumes[1]).toEqual({ name: 'ds', persistentVolumeClaim: { claimName: 'ds' } });
  });

  it('is a KrmFunction answering to InjectJuiceFSSidecar', () => {
    expect(injectJuiceFSSidecar.name).toBe('inject-juicefs-sidecar');
    expect(injectJuiceFSSidecar.configKinds).toEqual(['InjectJuiceFSSidecar']);
  });
});
