import type { JsonObject } from '../../types';
import { decodeRecord, encodeRecord, injectedHow, leftAsItIs, notInjected, recordOf, undoRecord } from './record';

const written = (): JsonObject => ({
  metadata: { labels: { app: 'web', 'serverless.fluid.io/inject': 'true' } },
  spec: {
    containers: [{ name: 'web', image: 'nginx:1', ports: [{ containerPort: 80 }], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
    volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'ds' } }],
    nodeSelector: { a: 'b' },
  },
});

/** What an injection does to it: a sidecar first, a changed mount and volume, new labels and annotations. */
const injected = (): JsonObject => ({
  metadata: { labels: { app: 'web', 'serverless.fluid.io/inject': 'true', 'done.sidecar.fluid.io/inject': 'true' }, annotations: { 'fluid.io/datasets-in-use': 'ds' } },
  spec: {
    containers: [
      { name: 'fluid-fuse-0', image: 'fuse:1' },
      { name: 'web', image: 'nginx:1', ports: [{ containerPort: 80 }], volumeMounts: [{ name: 'data', mountPath: '/data', mountPropagation: 'HostToContainer' }, { name: 'check', mountPath: '/check.sh' }] },
    ],
    volumes: [{ name: 'data', hostPath: { path: '/mnt/ds' } }, { name: 'check', configMap: { name: 'check' } }],
    nodeSelector: { a: 'b' },
  },
});

describe('the injection record', () => {
  it('takes the injection back out exactly, keys in their written order', () => {
    const rec = recordOf(written(), injected());
    const back = undoRecord(injected(), rec);
    expect(back).toEqual(written());
    expect(JSON.stringify(back)).toBe(JSON.stringify(written()));
  });

  it('is compact: only what changed, the added entries by name', () => {
    expect(encodeRecord(recordOf(written(), injected()))).toBe(
      '{"v":1,"u":{"metadata":{"annotations":0,"labels":{"done.sidecar.fluid.io/inject":0}},"spec":{"containers":{"+":["fluid-fuse-0"],"@":"name","~":{"web":{"volumeMounts":{"+":["/check.sh"],"@":"mountPath","~":{"/data":[{"mountPath":"/data","name":"data"}]}}}}},"volumes":{"+":["check"],"@":"name","~":{"data":[{"name":"data","persistentVolumeClaim":{"claimName":"ds"}}]}}}}}',
    );
  });

  it('does not depend on the key order of the input (kustomize sorts keys, kpt keeps them)', () => {
    const sorted = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(sorted) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])])) : v;
    const a = encodeRecord(recordOf(written(), injected()));
    expect(encodeRecord(recordOf(sorted(written()) as JsonObject, sorted(injected()) as JsonObject))).toBe(a);
  });

  it('keeps edits made to the injected template elsewhere (kpt renders in place)', () => {
    const rec = recordOf(written(), injected());
    const edited = injected();
    const spec = edited.spec as { containers: JsonObject[]; nodeSelector: JsonObject; volumes: JsonObject[] };
    spec.containers[1].image = 'nginx:2';
    spec.nodeSelector.zone = 'x';
    spec.volumes.push({ name: 'extra', emptyDir: {} });
    const back = undoRecord(edited, rec) as typeof edited & { spec: typeof spec };
    expect(back.spec.containers).toEqual([{ ...(written().spec as { containers: JsonObject[] }).containers[0], image: 'nginx:2' }]);
    expect(back.spec.nodeSelector).toEqual({ a: 'b', zone: 'x' });
    expect(back.spec.volumes.map((v) => v.name)).toEqual(['data', 'extra']);
  });

  it('a list whose written entries were reordered or lost is recorded whole', () => {
    const before: JsonObject = { spec: { containers: [{ name: 'a' }, { name: 'b' }] } };
    const after: JsonObject = { spec: { containers: [{ name: 'b' }, { name: 'a' }] } };
    expect(recordOf(before, after).u).toEqual({ spec: { containers: [[{ name: 'a' }, { name: 'b' }]] } });
    expect(undoRecord(after, recordOf(before, after))).toEqual(before);
  });

  it('names a controller gave are taken off again', () => {
    const raw: JsonObject = { spec: { containers: [{ image: 'x' }] } };
    const named: JsonObject = { spec: { containers: [{ image: 'x', name: 'user-container' }] } };
    const after: JsonObject = { spec: { containers: [{ name: 'fluid-fuse-0' }, { image: 'x', name: 'user-container' }] } };
    expect(undoRecord(after, recordOf(named, after, ['user-container']))).toEqual(raw);
  });

  it('__proto__ keys are data', () => {
    const before = JSON.parse('{"metadata":{"labels":{"__proto__":"x"}}}') as JsonObject;
    const after = JSON.parse('{"metadata":{"labels":{"__proto__":"y","z":"1"}}}') as JsonObject;
    const back = undoRecord(after, decodeRecord(encodeRecord(recordOf(before, after)))!);
    expect(JSON.stringify(back)).toBe(JSON.stringify(before));
    expect(({} as { z?: unknown }).z).toBeUndefined();
  });

  it.each([['not JSON', '{'], ['another version', '{"v":2,"u":{}}'], ['a bad entry', '{"v":1,"u":{"spec":"x"}}'], ['bad names', '{"v":1,"u":{},"n":[1]}']])(
    'decoding refuses %s',
    (_what, text) => {
      expect(decodeRecord(text)).toBeUndefined();
    },
  );
});

describe('the words for what a render did with a template', () => {
  const pod = { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c' }] } };
  const fresh = { raw: pod, written: pod };
  const again = { raw: pod, written: pod, record: { v: 1 as const, u: {} } };
  it('injected: new, as it was, or changed since the last render', () => {
    expect(injectedHow(fresh, pod)).toBe('injected');
    expect(injectedHow(again, JSON.parse(JSON.stringify(pod)))).toBe('injected (unchanged)');
    expect(injectedHow(again, { ...pod, spec: {} })).toBe('re-injected from the current state:');
  });
  it('not injected: with a record it is uninjected; without, one injected by something else is left as it is', () => {
    expect(notInjected(again, 'disabled', false, 'k')).toBe('uninjected (not injected now: disabled)');
    expect(notInjected(fresh, 'disabled', true, 'k')).toBe('not injected: disabled (no k record: left as it is)');
    expect(notInjected(fresh, 'disabled', false, 'k')).toBe('not injected: disabled');
    expect(leftAsItIs('k')).toBe('left as it is: injected by something else (no k record)');
  });
});
