import { csiConfig, pod, pvc, settingsFor } from '../../test/support/juicefs';
import { applyConfigPatch, genMountPodPatch, parseToBytes, processOption, selectorMatches } from './mount-pod-patch';
import type { Resources } from './model';
import { formatQuantity, parseQuantity } from './quantities';
import { parsePodResources } from './settings';
import type { Settings } from './model';
import type { Pod } from './workloads';

function memLimit(mem: string): Resources {
  return { limits: { memory: parseQuantity(mem) } };
}

function resourcesOf(s: Settings): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const kind of ['limits', 'requests'] as const) out[kind] = Object.fromEntries(Object.entries(s.attr.resources[kind] ?? {}).map(([k, q]) => [k, formatQuantity(q)]));
  return out;
}

describe('selectors', () => {
  it('label selectors: matchLabels and every operator; empty matches all; invalid matches nothing', () => {
    const labels = { app: 'web', tier: 'fe' };
    expect(selectorMatches({ matchLabels: {}, matchExpressions: [] }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'web' }, matchExpressions: [] }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'db' }, matchExpressions: [] }, labels)).toBe(false);
    const expr = (operator: string, values: string[] = [], key = 'tier') => ({ matchLabels: {}, matchExpressions: [{ key, operator, values }] });
    expect(selectorMatches(expr('In', ['fe', 'be']), labels)).toBe(true);
    expect(selectorMatches(expr('NotIn', ['fe']), labels)).toBe(false);
    expect(selectorMatches(expr('NotIn', ['x'], 'zone'), labels)).toBe(true);
    expect(selectorMatches(expr('Exists'), labels)).toBe(true);
    expect(selectorMatches(expr('DoesNotExist'), labels)).toBe(false);
    expect(selectorMatches(expr('In'), labels)).toBe(false);
    expect(selectorMatches(expr('Exists', ['x']), labels)).toBe(false);
    expect(selectorMatches(expr('Gt', ['1']), labels)).toBe(false);
    expect(selectorMatches({ matchLabels: { 'bad key!': 'x' }, matchExpressions: [] }, labels)).toBe(false);
  });

  it('pvcSelector: matchName first, then matchStorageClassName decides alone, else the labels', () => {
    const config = csiConfig({
      mountPodPatch: [
        { pvcSelector: { matchName: 'a' }, ceMountImage: 'by-name' },
        { pvcSelector: { matchStorageClassName: 'sc', matchLabels: { nope: 'x' } }, ceMountImage: 'by-class' },
        { pvcSelector: { matchLabels: { tier: 'hot' } }, ceMountImage: 'by-label' },
      ],
    });
    const image = (name: string, o: Parameters<typeof pvc>[2] = {}) => genMountPodPatch(config, settingsFor({ pvc: pvc(name, 'ns', o) }), false).image;
    expect(image('a')).toBe('by-name');
    expect(image('b', { storageClassName: 'sc' })).toBe('by-class');
    expect(image('c', { labels: { tier: 'hot' } })).toBe('by-label');
    expect(image('a', { storageClassName: 'sc', labels: { tier: 'hot' } })).toBe('by-label');
    expect(image('d')).toBeUndefined();
  });

  it('nodeSelector needs node labels (the Node, or the pod nodeSelector standing in); no node, no match', () => {
    const config = csiConfig({ mountPodPatch: [{ nodeSelector: { matchLabels: { gpu: 'true' } }, ceMountImage: 'gpu' }] });
    expect(genMountPodPatch(config, settingsFor({ nodeLabels: { gpu: 'true' } }), false).image).toBe('gpu');
    expect(genMountPodPatch(config, settingsFor(), false).image).toBeUndefined();
  });
});

describe('merge (MountPodPatch.merge)', () => {
  it('later items win; lists replace; volumes append with their own mounts; startupProbe is never merged', () => {
    const config = csiConfig({
      mountPodPatch: [
        { env: [{ name: 'A', value: '1' }], mountOptions: ['a'], volumes: [{ name: 'v1', emptyDir: {} }], volumeMounts: [{ name: 'v1', mountPath: '/v1' }], startupProbe: { exec: { command: ['x'] } } },
        { env: [{ name: 'B', value: '2' }], volumes: [{ name: 'v2', emptyDir: {} }, { name: 'v1', emptyDir: {} }, { name: 'cachedir-x', emptyDir: {} }], volumeMounts: [{ name: 'v1', mountPath: '/again' }, { name: 'v2', mountPath: '/v2' }], mountOptions: [] },
      ],
    });
    const p = genMountPodPatch(config, settingsFor(), false);
    expect(p.env).toEqual([{ name: 'B', value: '2' }]);
    expect(p.mountOptions).toEqual(['a']);
    expect(p.volumes?.map((v) => v.name)).toEqual(['v1', 'v2']);
    expect(p.volumeMounts).toEqual([
      { name: 'v1', mountPath: '/v1' },
      { name: 'v2', mountPath: '/v2' },
    ]);
    expect(p).not.toHaveProperty('startupProbe');
  });

  it('templates ${MOUNT_POINT} ${VOLUME_ID} ${VOLUME_NAME} ${SUB_PATH} are replaced on request, keys included', () => {
    const config = csiConfig({ mountPodPatch: [{ annotations: { 'k-${VOLUME_NAME}': '${MOUNT_POINT}|${VOLUME_ID}|${SUB_PATH}' } }] });
    const s = { ...settingsFor({ volumeHandle: 'pvc-1', volCtx: { subPath: 'sp' } }), mountPath: '/jfs/abc' };
    expect(genMountPodPatch(config, s, true).annotations).toEqual({ 'k-myjfs': '/jfs/abc|pvc-1|sp' });
    expect(genMountPodPatch(config, s, false).annotations).toEqual({ 'k-${VOLUME_NAME}': '${MOUNT_POINT}|${VOLUME_ID}|${SUB_PATH}' });
  });
});

describe('applyConfigPatch (Test_applyConfigPatch)', () => {
  it('test-merge-options: patch options first, then the others', () => {
    const s = settingsFor({ options: ['a=c', 'b=d', 'c=e'], config: csiConfig({ mountPodPatch: [{ mountOptions: ['a=b', 'c=d'] }] }) });
    expect(s.options).toEqual(['a=b', 'c=d', 'b=d']);
  });

  it.each([
    ['10Mi', 'buffer-size=1G', 'buffer-size=10'],
    ['100Mi', 'buffer-size=30%', 'buffer-size=30'],
    ['100Mi', 'buffer-size=150%', 'buffer-size=100'],
    ['100Mi', 'buffer-size=50', 'buffer-size=50'],
  ])('buffer-size with memory limit %s: %s → %s', (mem, option, want) => {
    expect(processOption(option, memLimit(mem))).toBe(want);
  });

  it('buffer-size without a memory limit is unchanged; an unreadable one is dropped', () => {
    expect(processOption('buffer-size=50%', {})).toBe('buffer-size=50%');
    expect(processOption('buffer-size=x%', memLimit('1Gi'))).toBe('');
    expect(processOption('buffer-size=1Q', memLimit('1Gi'))).toBe('');
    expect(processOption('other=50%', memLimit('1Gi'))).toBe('other=50%');
  });

  it('ParseToBytes: default unit M, K/G/T/P/E shifts', () => {
    expect(parseToBytes('1')).toBe(1024 * 1024);
    expect(parseToBytes('1K')).toBe(1024);
    expect(parseToBytes('1.5G')).toBe(1.5 * 2 ** 30);
    expect(parseToBytes('')).toBe(0);
    expect(parseToBytes('x')).toBeUndefined();
  });

  it('resources replace the whole requirements; delete delay and clean cache move out of the annotations', () => {
    const config = csiConfig({ mountPodPatch: [{ resources: { requests: { cpu: '500m' } }, annotations: { 'juicefs-delete-delay': '5m', 'juicefs-clean-cache': 'true', keep: 'me' } }] });
    const s = settingsFor({ config });
    expect(resourcesOf(s)).toEqual({ limits: {}, requests: { cpu: '500m' } });
    expect([s.deletedDelay, s.cleanCache, s.attr.annotations]).toEqual(['5m', true, { keep: 'me' }]);
  });
});

describe('resource percentages (TestApplyConfigPatchResourcePercentages)', () => {
  const app = (): Pod => {
    const p = pod([{ name: 'data', claim: 'test-pvc' }], [
      { name: 'app-1', image: 'a', resources: { requests: { cpu: '50m', memory: '50Mi' }, limits: { cpu: '200m', memory: '200Mi' } } },
      { name: 'app-2', image: 'a', resources: { requests: { cpu: '50m', memory: '51Mi' }, limits: { cpu: '300m', memory: '300Mi' } } },
    ]);
    p.spec.containers.push({ name: 'unrelated', resources: { requests: { cpu: '10', memory: '10Gi' } } });
    return p;
  };
  const pct = { requests: { cpu: '30%', memory: '30%' }, limits: { cpu: '30%', memory: '30%' } };

  function secondPass(config: ReturnType<typeof csiConfig>, appPod: Pod, nodeLabels?: Record<string, string>): Settings {
    const s = settingsFor(nodeLabels ? { config, nodeLabels } : { config });
    s.appPod = appPod;
    s.mountPath = '/jfs/x';
    applyConfigPatch(s, config, true);
    return s;
  }

  it('default patch: sums of the containers that mount the PVC; CPU to the millicore, memory up to a MiB; limits floored', () => {
    const config = csiConfig({ mountPodPatch: [{ resourcePercentages: pct, mountOptions: ['buffer-size=50%'] }] });
    const s = secondPass(config, app());
    expect(resourcesOf(s)).toEqual({ requests: { cpu: '30m', memory: '31Mi' }, limits: { cpu: '150m', memory: '300Mi' } });
    expect(s.options).toContain('buffer-size=150');
  });

  it('node selector min limits: the second item, selected by node labels, brings 10 % and its own floors', () => {
    const config = csiConfig({
      mountPodPatch: [
        { resourcePercentages: pct, mountOptions: ['buffer-size=50%'] },
        { nodeSelector: { matchLabels: { pool: 'big' } }, resourcePercentages: { requests: { cpu: '10%', memory: '10%' }, limits: { cpu: '10%', memory: '10%' }, minLimits: { cpu: '800m', memory: '300Mi' } } },
      ],
    });
    const p = pod([{ name: 'data', claim: 'test-pvc' }], [{ name: 'app', image: 'a', resources: { requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '4', memory: '2Gi' } } }]);
    const s = secondPass(config, p, { pool: 'big' });
    expect(resourcesOf(s)).toEqual({ requests: { cpu: '200m', memory: '103Mi' }, limits: { cpu: '800m', memory: '300Mi' } });
    expect(s.options).toContain('buffer-size=150');
  });

  it('init containers count; a resource the app does not declare is left alone', () => {
    const p = pod([{ name: 'data', claim: 'test-pvc' }], [{ name: 'app', image: 'a', resources: { requests: { cpu: '1' } } }]);
    p.spec.initContainers = [{ name: 'init', volumeMounts: [{ name: 'data', mountPath: '/d' }], resources: { requests: { cpu: '1' } } }];
    const s = secondPass(csiConfig({ mountPodPatch: [{ resourcePercentages: { requests: { cpu: '50%', memory: '50%' } } }] }), p);
    expect(resourcesOf(s).requests).toEqual({ cpu: '1', memory: '1Gi' });
  });

  it('the first pass (no app pod) leaves percentages alone', () => {
    const s = settingsFor({ config: csiConfig({ mountPodPatch: [{ resourcePercentages: pct }] }) });
    expect(resourcesOf(s)).toEqual(resourcesOf({ ...s, attr: { ...s.attr, resources: parsePodResources({}) } }));
  });

  it('an app quantity that does not parse is a shape error at its field', () => {
    const p = pod([{ name: 'data', claim: 'test-pvc' }], [{ name: 'app', image: 'a', resources: { requests: { cpu: 'lots' } } }]);
    const config = csiConfig({ mountPodPatch: [{ resourcePercentages: pct }] });
    expect(() => secondPass(config, p)).toThrow(expect.objectContaining({ code: 'JFS-SHAPE', field: 'spec.containers[0].resources.requests.cpu' }));
  });
});
