import { CE_SECRET, csiConfig, pv, pvc, settingsFor } from '../../test/support/juicefs';
import { JuiceFSError } from './errors';
import { formatQuantity } from './quantities';
import {
  emptyKeys,
  KEYS_ONLY_VALUE,
  keysOnly,
  parsePodResources,
  parseStringMap,
  secretData,
  validOptions,
  volumeContext,
  volumeOptions,
} from './settings';
import type { Resources } from './model';

function rendered(r: Resources): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const kind of ['limits', 'requests'] as const) {
    out[kind] = Object.fromEntries(Object.entries(r[kind] ?? {}).map(([k, q]) => [k, formatQuantity(q)]));
  }
  return out;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof JuiceFSError) return e.code;
    throw e;
  }
  return undefined;
}

describe('ParseSetting (setting_test TestParseSecret)', () => {
  it('test-no-name: E8', () => {
    expect(() => settingsFor({ secret: { metaurl: 'redis://x' } })).toThrow('rpc error: code = InvalidArgument desc = Empty name');
    expect(codeOf(() => settingsFor({ secret: { name: '', metaurl: 'redis://x' } }))).toBe('E8');
  });

  it('CE iff `metaurl` is present; the source gets redis:// when it has no scheme', () => {
    const ce = settingsFor({ secret: { ...CE_SECRET, metaurl: 'redis:6379/1' } });
    expect(ce.isCe).toBe(true);
    expect(ce.source).toBe('redis://redis:6379/1');
    const ee = settingsFor({ secret: { name: 'ee' } });
    expect(ee.isCe).toBe(false);
    expect(ee.source).toBe('ee');
  });

  it('cache-pvc1: volume cache PVCs and the cache-dir option add up to one option', () => {
    const s = settingsFor({ volCtx: { 'juicefs/mount-cache-pvc': 'abc,def' }, options: ['cache-dir=/abc'] });
    expect(s.options).toEqual(['cache-dir=/var/jfsCache-0:/var/jfsCache-1:/abc']);
    expect(s.cacheDirs).toEqual(['/abc']);
    expect(s.cachePvcs).toEqual([
      { pvcName: 'abc', path: '/var/jfsCache-0' },
      { pvcName: 'def', path: '/var/jfsCache-1' },
    ]);
  });

  it('test-cpu-limit: one key over the defaults', () => {
    expect(rendered(settingsFor({ volCtx: { 'juicefs/mount-cpu-limit': '1' } }).attr.resources)).toEqual({
      limits: { cpu: '1', memory: '5Gi' },
      requests: { cpu: '1', memory: '1Gi' },
    });
  });

  it('overwrite options: the patch option replaces the PV option of the same key', () => {
    const config = csiConfig({ mountPodPatch: [{ mountOptions: ['buffer-size=100'] }] });
    expect(settingsFor({ options: ['buffer-size=10G'], config }).options).toEqual(['buffer-size=100']);
  });

  it('the image: default by edition < juicefs/mount-image < the patch image of the edition', () => {
    expect(settingsFor().attr.image).toBe('juicedata/mount:ce-nightly');
    expect(settingsFor({ secret: { name: 'e' } }).attr.image).toBe('juicedata/mount:ee-nightly');
    expect(settingsFor({ volCtx: { 'juicefs/mount-image': 'my/mount:ce-v1.2.0' } }).attr.image).toBe('my/mount:ce-v1.2.0');
    const config = csiConfig({ mountPodPatch: [{ ceMountImage: 'patched:ce', eeMountImage: 'patched:ee' }] });
    expect(settingsFor({ volCtx: { 'juicefs/mount-image': 'x' }, config }).attr.image).toBe('patched:ce');
  });

  it('secretkey / secretkey2 fill the secret keys; `envs` and `configs` are YAML or JSON maps, sorted', () => {
    const s = settingsFor({ secret: { ...CE_SECRET, secretkey: 'old', secretkey2: 'old2', envs: '{"B": "2", "A": "1"}', configs: 'z-secret: /z\na-secret: /a' } });
    expect(s.secretKey).toBe('old');
    expect(s.secretKey2).toBe('old2');
    expect(Object.keys(s.envs)).toEqual(['A', 'B']);
    expect(s.configs).toEqual({ 'a-secret': '/a', 'z-secret': '/z' });
  });

  it('E9: envs/configs that are not string maps; Secret keys that decode into non-string fields', () => {
    expect(() => settingsFor({ secret: { ...CE_SECRET, envs: 'a: 1' } })).toThrow(/Parse yaml or json error: envs/);
    expect(() => settingsFor({ secret: { ...CE_SECRET, configs: '[a]' } })).toThrow(/Parse yaml or json error: configs/);
    expect(codeOf(() => settingsFor({ secret: { ...CE_SECRET, clean_cache: 'true' } }))).toBe('E9');
    expect(codeOf(() => settingsFor({ secret: { ...CE_SECRET, Host_Path: '/x' } }))).toBe('E9');
    expect(codeOf(() => settingsFor({ secret: { ...CE_SECRET, options: 'a' } }))).toBe('E9');
  });

  it('a Secret key naming an untagged string field sets it (e.g. subpath), case-insensitively', () => {
    expect(settingsFor({ secret: { ...CE_SECRET, SubPath: 'from-secret' } }).subPath).toBe('from-secret');
    expect(settingsFor({ secret: { ...CE_SECRET, subpath: 'x' }, volCtx: { subPath: 'pv' } }).subPath).toBe('pv');
    expect(settingsFor({ secret: { ...CE_SECRET, TOKEN: 'x' } }).token).toBe('x');
  });

  it('volume attributes: subPath, clean-cache, host-path (trimmed, empties dropped), delete delay (E10)', () => {
    const s = settingsFor({ volCtx: { subPath: 'pvc-1', 'juicefs/clean-cache': 'true', 'juicefs/host-path': ' /a , ,/b', 'juicefs/mount-delete-delay': '1m30s' } });
    expect([s.subPath, s.cleanCache, s.hostPath, s.deletedDelay]).toEqual(['pvc-1', true, ['/a', '/b'], '1m30s']);
    expect(() => settingsFor({ volCtx: { 'juicefs/mount-delete-delay': '10x' } })).toThrow("can't parse delay time 10x");
  });

  it('E11: a resource attribute that is not a quantity', () => {
    expect(() => settingsFor({ volCtx: { 'juicefs/mount-memory-limit': 'lots' } })).toThrow(/^GenPodAttrWithCfg error: quantities must match/);
  });

  it('E9: mount-labels / mount-annotations that are not maps', () => {
    expect(() => settingsFor({ volCtx: { 'juicefs/mount-labels': 'a' } })).toThrow(/^GenPodAttrWithCfg error: rpc error: code = InvalidArgument desc = Parse yaml or json error/);
    expect(settingsFor({ volCtx: { 'juicefs/mount-annotations': '{"a": "b"}' } }).attr.annotations).toEqual({ a: 'b' });
  });

  it('share mode from the config', () => {
    expect(settingsFor({ shareMount: 'fs' }).mountShareMode).toBe('fsShareMount');
    expect(settingsFor({ shareMount: 'storageClass' }).mountShareMode).toBe('storageClassShareMount');
  });
});

describe('ParsePodResources (Test_parsePodResources)', () => {
  it('test: every key', () => {
    expect(rendered(parsePodResources({ 'juicefs/mount-cpu-limit': '1', 'juicefs/mount-memory-limit': '2G', 'juicefs/mount-cpu-request': '3', 'juicefs/mount-memory-request': '4G' }))).toEqual({
      limits: { cpu: '1', memory: '2G' },
      requests: { cpu: '3', memory: '4G' },
    });
  });
  it('test-zero: a request of 0 stays', () => {
    expect(rendered(parsePodResources({ 'juicefs/mount-cpu-request': '0', 'juicefs/mount-memory-request': '0' })).requests).toEqual({ cpu: '0', memory: '0' });
  });
  it('test-nil: -1 everywhere leaves empty maps; a limit of 0 is removed too', () => {
    const all = { 'juicefs/mount-cpu-limit': '-1', 'juicefs/mount-memory-limit': '-1', 'juicefs/mount-cpu-request': '-1', 'juicefs/mount-memory-request': '-1' };
    expect(rendered(parsePodResources(all))).toEqual({ limits: {}, requests: {} });
    expect(rendered(parsePodResources({ 'juicefs/mount-cpu-limit': '0' })).limits).toEqual({ memory: '5Gi' });
  });
  it('test-err', () => {
    expect(() => parsePodResources({ 'juicefs/mount-cpu-limit': 'aaa' })).toThrow(JuiceFSError);
  });
});

describe('genAndValidOptions (Test_genAndValidOptions)', () => {
  const limit = (mem: string): Resources => parsePodResources({ 'juicefs/mount-memory-limit': mem });
  it.each([
    [['cache-dir=xxx'], ['cache-dir=xxx']],
    [[' cache-dir=xxx '], ['cache-dir=xxx']],
    [[' cache-dir = xxx '], ['cache-dir=xxx']],
  ])('%j → %j', (input, want) => {
    expect(validOptions(input, {})).toEqual(want);
  });
  it('test-error (E12): two `=`', () => {
    expect(() => validOptions(['cache-dir=xxx cache-size=1024'], {})).toThrow('genAndValidOptions error: invalid mount option: cache-dir=xxx cache-size=1024');
  });
  it('test-buffersize: over the memory limit, with or without a unit', () => {
    expect(() => validOptions(['buffer-size=1024'], limit('1Mi'))).toThrow(/buffer-size 1024 MiB is greater than pod memory limit 1Mi/);
    expect(() => validOptions(['buffer-size=1024M'], limit('1Mi'))).toThrow(JuiceFSError);
    expect(validOptions(['buffer-size=10M'], limit('10Mi'))).toEqual(['buffer-size=10M']);
  });
});

describe('YAML or JSON maps (Test_parseYamlOrJson)', () => {
  it('test-json, test-yaml, test-wrong', () => {
    expect(parseStringMap('{"a": "b", "c": "d"}')).toEqual({ a: 'b', c: 'd' });
    expect(parseStringMap('c: d\ne: f')).toEqual({ c: 'd', e: 'f' });
    expect(() => parseStringMap(':')).toThrow();
  });
  it('values must be strings, as the driver decodes into map[string]string (yes is a boolean in YAML 1.1)', () => {
    expect(() => parseStringMap('a: yes')).toThrow();
    expect(parseStringMap('a: "yes"\nb:')).toEqual({ a: 'yes', b: '' });
  });
});

describe('the credentials Secret', () => {
  it('data is base64, stringData wins', () => {
    const s = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: Buffer.from('x').toString('base64'), b: 'eQ==' }, stringData: { b: 'z' } };
    expect(secretData(s)).toEqual({ a: 'x', b: 'z' });
    expect(() => secretData({ ...s, data: { a: '***' } })).toThrow('data.a is not base64');
  });

  it('keys-only: the env-read keys may be empty and count as set; others stay empty', () => {
    const read = keysOnly({ name: 'v', metaurl: '', 'secret-key': '', storage: '' });
    expect(read).toEqual({ name: 'v', metaurl: KEYS_ONLY_VALUE, 'secret-key': KEYS_ONLY_VALUE, storage: '' });
    const s = settingsFor({ secret: keysOnly({ name: 'v', metaurl: '', 'secret-key': '', storage: 's3', bucket: 'b' }) });
    expect(s.formatCmd).toBe('/usr/local/bin/juicefs format --storage=s3 --bucket=b --secret-key=${secretkey} ${metaurl} v');
    expect(emptyKeys({ name: 'v', metaurl: '', token: 'x', envs: 'A: ""\nB: b' })).toEqual(['metaurl', 'envs.A']);
  });
});

describe('volume context and options (§1.6, §3.1)', () => {
  it('PVC annotations starting with juicefs override the PV attributes; others are ignored', () => {
    const thePv = pv('p', { attributes: { 'juicefs/mount-image': 'a', subPath: 's' } });
    const thePvc = pvc('c', 'ns', { annotations: { 'juicefs/mount-image': 'b', 'juicefs-x': 'y', other: 'z', subPath: 'no' } });
    const { volCtx, pvcFields } = volumeContext(thePv, thePvc);
    expect(volCtx).toEqual({ 'juicefs/mount-image': 'b', subPath: 's', 'juicefs-x': 'y' });
    expect([...pvcFields]).toEqual(['juicefs/mount-image', 'juicefs-x']);
  });

  it('ro for a ReadOnlyMany-only PV, then PV mountOptions, then volumeAttributes mountOptions', () => {
    const thePv = pv('p', { accessModes: ['ReadOnlyMany'], mountOptions: ['a', 'b=1'] });
    expect(volumeOptions(thePv, { mountOptions: 'c,d' })).toEqual(['ro', 'a', 'b=1', 'c', 'd']);
    expect(volumeOptions(pv('q', { accessModes: ['ReadOnlyMany', 'ReadWriteOnce'] }), {})).toEqual([]);
  });
});
