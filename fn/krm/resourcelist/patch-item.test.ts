import fc from 'fast-check';
import type { JsonObject, JsonValue } from '../../types';
import { scanBlockMapping } from './block-scan';
import { align, itemStyle, patchItem } from './patch-item';
import { applyEdits } from './splice';
import { DEFAULT_STYLE } from './yaml-util';

/** Patch the mapping that is the whole `text` (column 0) from its value to `after`. */
function patch(text: string, after: JsonObject): string | undefined {
  const from = /^[^#\s]/m.exec(text)!.index;
  const scanned = scanBlockMapping(text, from, text.length, { positions: true, level: 1 })!;
  expect(scanned).toBeDefined();
  const edits = patchItem(text, scanned.node!, scanned.value, after, itemStyle(scanned.node!, DEFAULT_STYLE));
  return edits && applyEdits(text, edits, '\n');
}

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

describe('patchItem rewrites only what changed', () => {
  const pod = lines(
    'metadata:',
    '  labels:',
    '    app: web # the app',
    'spec:',
    '  containers:',
    '  # the application',
    '  - name: app',
    '    image: "web:1"',
    '    volumeMounts:',
    '    - name: data',
    '      mountPath: /data',
    '  volumes:',
    '  - name: data',
    '    persistentVolumeClaim:',
    '      claimName: ds',
  );

  test('the sidecar injection: keys added after their neighbours, an entry prepended above its comment, a key swapped', () => {
    const after = {
      metadata: { labels: { app: 'web', done: 'true' } },
      spec: {
        containers: [
          { name: 'fluid-fuse-0', image: 'fuse:1', args: ['-f', 'yes'] },
          { name: 'app', image: 'web:1', volumeMounts: [{ name: 'data', mountPath: '/data' }, { name: 'check', mountPath: '/c', readOnly: true }] },
        ],
        volumes: [{ name: 'data', hostPath: { path: '/runtime-mnt/ds', type: 'Directory' } }, { name: 'check', configMap: { name: 'x', defaultMode: 493 } }],
      },
    };
    expect(patch(pod, after)).toBe(
      lines(
        'metadata:',
        '  labels:',
        '    app: web # the app',
        '    done: "true"',
        'spec:',
        '  containers:',
        '  - name: fluid-fuse-0',
        '    image: fuse:1',
        '    args:',
        '    - -f',
        '    - "yes"',
        '  # the application',
        '  - name: app',
        '    image: "web:1"',
        '    volumeMounts:',
        '    - name: data',
        '      mountPath: /data',
        '    - name: check',
        '      mountPath: /c',
        '      readOnly: true',
        '  volumes:',
        '  - name: data',
        '    hostPath:',
        '      path: /runtime-mnt/ds',
        '      type: Directory',
        '  - name: check',
        '    configMap:',
        '      name: x',
        '      defaultMode: 493',
      ),
    );
  });

  test('scalars are replaced in place, their comments kept', () => {
    expect(patch(lines('a: 1 # one', 'b:', 'c: x'), { a: 2, b: 'now', c: 'x' })).toBe(lines('a: 2 # one', 'b: now', 'c: x'));
  });

  test('a removed key is cut out with its line; a block scalar is replaced whole', () => {
    expect(patch(lines('a: 1', 'b: |', '  text', 'c: 3'), { b: 'one line', c: 3 })).toBe(lines('b: one line', 'c: 3'));
  });

  test('indented sequences keep their style', () => {
    expect(patch(lines('l:', '  - a', 'm:', '  - x'), { l: ['a', 'b'], m: ['x'] })).toBe(lines('l:', '  - a', '  - b', 'm:', '  - x'));
  });

  test.each([
    ['keys that change order', lines('a: 1', 'b: 2'), { b: 2, a: 1 }],
    ['a mapping that becomes empty', lines('a:', '  b: 1'), { a: {} }],
  ])('%s: declined or right', (_n, text, after) => {
    const out = patch(text, after as JsonObject);
    if (out !== undefined) expect(scanBlockMapping(out, 0, out.length, { level: 1 })?.value).toEqual(after);
  });

  test('property: whatever changes, the patch (when it is made) reads back as the new value and keeps untouched lines', () => {
    const base = {
      metadata: { name: 'x', labels: { a: 'b' } },
      spec: { containers: [{ name: 'app', image: 'i', args: ['a', 'b'] }], volumes: [{ name: 'v', emptyDir: {} }] },
    };
    const text = lines(
      '# head',
      'metadata:',
      '  name: x',
      '  labels:',
      '    a: b # keep me',
      'spec:',
      '  containers:',
      '  - name: app',
      '    image: i',
      '    args:',
      '    - a',
      '    - b',
      '  volumes:',
      '  - name: v',
      '    emptyDir: {}',
    );
    const scalar = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('yes', '0755', 'a: b', ''));
    const value: fc.Arbitrary<JsonValue> = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), tie('v'), { maxKeys: 3 })),
    })).v as fc.Arbitrary<JsonValue>;
    let patched = 0;
    fc.assert(
      fc.property(value, value, fc.boolean(), fc.nat(3), (x, y, keepLabel, what) => {
        const after = JSON.parse(JSON.stringify(base));
        if (what === 0) after.metadata.labels.extra = x;
        if (what === 1) after.spec.containers.unshift({ name: 'side', image: y });
        if (what === 2) after.spec.volumes[0].emptyDir = x;
        if (what === 3) after.spec.containers[0].args = Array.isArray(x) ? x : [x];
        if (!keepLabel) after.metadata.labels = { z: y };
        const out = patch(text, after);
        if (out === undefined) return;
        patched++;
        expect(scanBlockMapping(out, out.indexOf('metadata'), out.length, { level: 1 })?.value ?? 'declined by the scanner').toEqual(after);
        expect(out.startsWith('# head\n')).toBe(true);
        if (keepLabel) expect(out).toContain('    a: b # keep me\n');
      }),
      { numRuns: 1500 },
    );
    expect(patched).toBeGreaterThan(1000);
  });
});

describe('align', () => {
  test('by name when every entry has a distinct one', () => {
    expect(align([{ name: 'a' }, { name: 'b' }], [{ name: 'x' }, { name: 'a', v: 1 }, { name: 'b' }])).toEqual([-1, 0, 1]);
    expect(align([{ name: 'a' }, { name: 'b' }], [{ name: 'b' }, { name: 'a' }])).toBeUndefined();
  });
  test('else equal entries in order, changed ones between them paired one to one', () => {
    expect(align(['a', 'b', 'c'], ['a', 'B', 'c', 'd'])).toEqual([0, 1, 2, -1]);
    expect(align(['a', 'b'], ['x', 'a', 'b'])).toEqual([-1, 0, 1]);
  });
});
