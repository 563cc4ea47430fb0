import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultImages, DEFAULT_OPTIONS, loadJuiceFSConfig, versionSupportsNativeSidecar } from './config';
import { JuiceFSError } from './errors';
import type { JsonObject } from '../types';

const typed = (spec: JsonObject): JsonObject => ({ apiVersion: 'fn.fluid.io/v1alpha1', kind: 'InjectJuiceFSSidecar', metadata: { name: 'c' }, spec });
const configMap = (data: JsonObject): JsonObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data });

function fieldOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof JuiceFSError) return `${e.code} ${e.field} ${e.message}`;
    throw e;
  }
  return undefined;
}

describe('function config', () => {
  it('absent, empty ConfigMap and empty spec mean the webhook defaults', () => {
    expect(loadJuiceFSConfig(undefined)).toEqual(DEFAULT_OPTIONS);
    expect(loadJuiceFSConfig(configMap({}))).toEqual(DEFAULT_OPTIONS);
    expect(loadJuiceFSConfig(typed({}))).toEqual(DEFAULT_OPTIONS);
    expect(DEFAULT_OPTIONS).toMatchObject({ mountPath: '/var/lib/juicefs/volume', driverName: 'csi.juicefs.com', ceMountImage: 'juicedata/mount:ce-nightly', kubernetesVersion: '1.29', generatedSecret: 'external', defaultInjection: 'none' });
  });

  it('the ConfigMap form: strings, Go booleans, YAML for extraPodTemplates', () => {
    const o = loadJuiceFSConfig(configMap({ immutable: 'True', generatedSecret: 'emit', kubernetesVersion: 'v1.28.3-eks-1', extraPodTemplates: '[{apiVersion: serving.knative.dev/v1, kind: Service, paths: [spec.template]}]' }));
    expect(o.immutable).toBe(true);
    expect(o.generatedSecret).toBe('emit');
    expect(o.extraPodTemplates).toEqual([{ apiVersion: 'serving.knative.dev/v1', kind: 'Service', paths: ['spec.template'] }]);
  });

  it('bad values name the field', () => {
    expect(fieldOf(() => loadJuiceFSConfig(configMap({ immutable: 'maybe' })))).toMatch(/^JFS-CONFIG data.immutable /);
    expect(fieldOf(() => loadJuiceFSConfig(configMap({ nope: 'x' })))).toMatch(/^JFS-CONFIG data.nope .*unknown field "nope"/);
    expect(fieldOf(() => loadJuiceFSConfig(typed({ generatedSecret: 'git' })))).toMatch(/^JFS-CONFIG spec.generatedSecret .*must be one of "external", "emit"/);
    expect(fieldOf(() => loadJuiceFSConfig(typed({ kubernetesVersion: 1.3 })))).toMatch(/^JFS-CONFIG spec.kubernetesVersion .*must be string/);
    expect(fieldOf(() => loadJuiceFSConfig({ apiVersion: 'fn.fluid.io/v1alpha1', kind: 'InjectFluidSidecar', metadata: { name: 'x' } }))).toMatch(/^JFS-CONFIG kind unsupported/);
    expect(fieldOf(() => loadJuiceFSConfig(configMap(JSON.parse('{"__proto__": "x"}'))))).toMatch(/^JFS-CONFIG data.__proto__ .*unknown field/);
  });

  it('native sidecars from 1.29.0 on', () => {
    expect(['1.29', 'v1.29.0', '1.30.2-eks-abc', '2.0'].map(versionSupportsNativeSidecar)).toEqual([true, true, true, true]);
    expect(['1.28', 'v1.28.15', '1.9'].map(versionSupportsNativeSidecar)).toEqual([false, false, false]);
  });

  it('JUICEFS_MOUNT_IMAGE (mountImage) sets the CE and/or EE default by its tag', () => {
    const images = (mountImage?: string) => defaultImages({ ...DEFAULT_OPTIONS, ...(mountImage ? { mountImage } : {}) });
    expect(images('m:ce-v1.2.0')).toEqual({ ce: 'm:ce-v1.2.0', ee: 'juicedata/mount:ee-nightly' });
    expect(images('m:ee-5.1.0')).toEqual({ ce: 'juicedata/mount:ce-nightly', ee: 'm:ee-5.1.0' });
    expect(images('m:v1')).toEqual({ ce: 'm:v1', ee: 'm:v1' });
    expect(images('m')).toEqual({ ce: 'm', ee: 'juicedata/mount:ee-nightly' });
    expect(images('m:latest')).toEqual({ ce: 'm:latest', ee: 'juicedata/mount:ee-nightly' });
  });

  it('the schema lists every option with its default', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'schemas', 'inject-juicefs-sidecar.schema.json'), 'utf8'));
    const props = schema.definitions.spec.properties as Record<string, { default?: unknown }>;
    for (const [k, v] of Object.entries(DEFAULT_OPTIONS)) expect(props[k]?.default).toEqual(v);
    expect(Object.keys(props).sort()).toEqual([...Object.keys(DEFAULT_OPTIONS), 'mountImage'].sort());
  });
});
