import YAML from 'yaml';
import type { JsonObject, KubeObject } from '../types';
import { readClusterWebhook, resolveOptions } from './cluster-webhook';
import { loadConfig } from './config/options';
import { transform } from './transform';
import { PROFILES } from './versions';
import { thinDataset } from '../../test/support/fixtures';

function deployment(image: string, env: JsonObject[] = [], name = 'fluid-webhook', namespace = 'fluid-system'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'x' }, { name: 'manager', image, env }] } } },
  };
}

function pluginsConfigMap(withDataset: unknown, namespace = 'fluid-system'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'webhook-plugins', namespace },
    data: { pluginsProfile: YAML.stringify({ plugins: { serverless: { withDataset } } }) },
  };
}

const typed = (spec: JsonObject): JsonObject => ({ apiVersion: 'fn.fluid.io/v1alpha1', kind: 'InjectFluidSidecar', metadata: { name: 'cfg' }, spec });
const resolve = (items: KubeObject[], config?: JsonObject) => resolveOptions(loadConfig(config), items);

describe('readClusterWebhook', () => {
  it('reads the release from container manager, the env the webhook reads, and serverless.withDataset', () => {
    const w = readClusterWebhook([
      deployment('fluidcloudnative/fluid-webhook:v1.0.8-6533239', [
        { name: 'FUSE_SIDECAR_INJECTION_MODE', value: 'native-sidecar' },
        { name: 'FILE_PREFETCHER_IMAGE', value: 'pf:v0.1.0' },
        { name: 'DISABLE_INJECTION', value: 'T' },
      ]),
      pluginsConfigMap(['FuseSidecar']),
    ]);
    expect(w.fluidVersion).toMatchObject({ value: 'v1.0.8', source: { field: 'spec.template.spec.containers[1].image' } });
    expect(w.injectionMode).toMatchObject({ value: 'native-sidecar', source: { field: 'spec.template.spec.containers[1].env[0].value' } });
    expect(w.filePrefetcherImage).toMatchObject({ value: 'pf:v0.1.0' });
    expect(w.disabled).toMatchObject({ value: true });
    expect(w.plugins).toMatchObject({ value: ['FuseSidecar'], source: { field: 'data.pluginsProfile' } });
  });

  it('"default" and "legacy" are the legacy mode, as in the webhook', () => {
    for (const value of ['default', 'legacy', 'Native-Sidecar']) {
      expect(readClusterWebhook([deployment('f:v1.0.8', [{ name: 'FUSE_SIDECAR_INJECTION_MODE', value }])]).injectionMode).toMatchObject({ value: 'legacy' });
    }
  });

  it('says nothing without the objects, and a missing withDataset list means no plugins', () => {
    expect(readClusterWebhook([])).toEqual({});
    expect(readClusterWebhook([pluginsConfigMap(undefined)]).plugins).toMatchObject({ value: [] });
  });

  it('problems: no manager container, valueFrom, two Deployments, a profile that is not YAML', () => {
    const noManager = deployment('x');
    (noManager.spec as any).template.spec.containers.pop();
    expect(readClusterWebhook([noManager]).fluidVersion).toMatchObject({ problem: 'it has no container manager' });
    const fromSecret = deployment('f:v1.0.8', [{ name: 'FUSE_SIDECAR_INJECTION_MODE', valueFrom: { configMapKeyRef: { name: 'a', key: 'b' } } }]);
    expect(readClusterWebhook([fromSecret]).injectionMode).toMatchObject({ problem: 'env FUSE_SIDECAR_INJECTION_MODE is set from valueFrom, which the function cannot read' });
    const two = readClusterWebhook([deployment('f:v1.0.8'), deployment('f:v1.0.7', [], 'fluid-webhook', 'other')]);
    expect(two.fluidVersion).toMatchObject({ problem: expect.stringContaining('the input has 2 fluid-webhook Deployments') });
    const bad = pluginsConfigMap([]);
    bad.data = { pluginsProfile: 'plugins: [' };
    expect(readClusterWebhook([bad]).plugins).toMatchObject({ problem: expect.stringContaining('is not YAML') });
  });

  it('takes the plugin profile of the Deployment’s namespace', () => {
    const w = readClusterWebhook([deployment('f:v1.0.8'), pluginsConfigMap(['FuseSidecar'], 'elsewhere'), pluginsConfigMap(['FilePrefetcher', 'FuseSidecar'])]);
    expect(w.plugins).toMatchObject({ value: ['FilePrefetcher', 'FuseSidecar'] });
  });
});

describe('resolveOptions', () => {
  it('nothing says: the development line and its plugins, with one note naming the assumption', () => {
    const r = resolve([]);
    expect(r.options.profile).toBe(PROFILES['v1.1']);
    expect(r.options.plugins).toEqual(['FilePrefetcher', 'FuseSidecar', 'DatasetUsageInjector']);
    expect(r.errors).toEqual([]);
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0].message).toContain("fluidVersion is not set and the input has no fluid-webhook Deployment: injecting as Fluid's development line (v1.1) does");
  });

  it('a release without the cluster objects gets that release’s Helm plugin profile', () => {
    expect(resolve([], typed({ fluidVersion: 'v1.0.1' })).options.plugins).toEqual(['FuseSidecar']);
    expect(resolve([], typed({ fluidVersion: 'v1.0.5' })).options.plugins).toEqual(['FuseSidecar', 'DatasetUsageInjector']);
    expect(resolve([], typed({ fluidVersion: 'v1.0.5' })).notes).toEqual([]);
  });

  it('the cluster fills what the config leaves open; the config wins where it speaks (both config forms)', () => {
    const items = [deployment('f:v1.0.8-1', [{ name: 'FUSE_SIDECAR_INJECTION_MODE', value: 'native-sidecar' }]), pluginsConfigMap(['FuseSidecar'])];
    const fromCluster = resolve(items);
    expect(fromCluster.options).toMatchObject({ injectionMode: 'native-sidecar', plugins: ['FuseSidecar'] });
    expect(fromCluster.options.profile.version).toBe('v1.0.8');
    expect(fromCluster.notes.map((n) => n.message)).toEqual(['injecting as Fluid v1.0.8 does (the image of Deployment fluid-system/fluid-webhook)']);
    const cm: JsonObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data: { fluidVersion: 'v1.1', injectionMode: 'legacy' } };
    const overridden = resolve(items, cm);
    expect(overridden.options).toMatchObject({ injectionMode: 'legacy', plugins: ['FuseSidecar'] });
    expect(overridden.options.profile.version).toBe('v1.1');
    expect(overridden.notes).toEqual([]);
  });

  it('a problem with a setting the config gives is no error', () => {
    const items = [deployment('f:latest')];
    expect(resolve(items).errors.map((e) => e.message)).toEqual([
      'Deployment fluid-system/fluid-webhook: image "f:latest": its tag "latest" names no Fluid release; set fluidVersion in the function config',
    ]);
    expect(resolve(items).errors[0]).toMatchObject({ field: { path: 'spec.template.spec.containers[1].image' }, resourceRef: { kind: 'Deployment', name: 'fluid-webhook' } });
    expect(resolve(items, typed({ fluidVersion: 'v1.0.8' })).errors).toEqual([]);
  });

  it('what the release cannot do is an error naming where the setting came from', () => {
    const native = resolve([], typed({ fluidVersion: 'v1.0.7', injectionMode: 'native-sidecar' })).errors;
    expect(native).toEqual([
      {
        message: 'the function config: injection mode native-sidecar needs Fluid v1.0.8 or later; v1.0.7 injects legacy sidecars only',
        severity: 'error',
        resourceRef: { apiVersion: 'fn.fluid.io/v1alpha1', kind: 'InjectFluidSidecar', name: 'cfg' },
        field: { path: 'spec.injectionMode' },
      },
    ]);
    const fromCluster = resolve([deployment('f:v1.0.5-x'), pluginsConfigMap(['FilePrefetcher', 'FuseSidecar'])]).errors;
    expect(fromCluster.map((e) => [e.message, e.field?.path])).toEqual([
      [
        'ConfigMap fluid-system/webhook-plugins: Fluid v1.0.5 has no plugin FilePrefetcher (its webhook would not start with this profile; it has FuseSidecar, DatasetUsageInjector)',
        'data.pluginsProfile',
      ],
    ]);
    const foreign = resolve([pluginsConfigMap(['FuseSidecar', 'NodeAffinityWithCache'])]).errors;
    expect(foreign[0].message).toContain('has NodeAffinityWithCache, which this function does not run');
  });
});

describe('the note in a run', () => {
  const pod = (name: string, labels: Record<string, string> = {}): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'ns', labels: { 'serverless.fluid.io/inject': 'true', ...labels } },
    spec: {
      containers: [{ name: 'c', image: 'x', volumeMounts: [{ name: 'v', mountPath: '/d' }] }],
      volumes: [{ name: 'v', persistentVolumeClaim: { claimName: 'a' } }],
    },
  });
  const state = thinDataset('ns', 'a');
  const notes = (items: KubeObject[], config?: JsonObject) => transform(items, config).results.filter((r) => r.message.includes('injecting as'));

  it('is said once, after the results, when the release mattered to a workload', () => {
    const out = transform([pod('p'), pod('q'), ...state]).results;
    expect(out.filter((r) => r.message.includes('injecting as'))).toHaveLength(1);
    expect(out[out.length - 1].message).toContain('injecting as');
    expect(notes([pod('p', { 'done.sidecar.fluid.io/inject': 'true' }), ...state])).toEqual([]);
    expect(notes([pod('p')])).toHaveLength(1);
    expect(notes([pod('p'), ...state], typed({ fluidVersion: 'v1.1' }))).toEqual([]);
  });
});
