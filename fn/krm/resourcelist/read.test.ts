import { readFileSync } from 'fs';
import { join } from 'path';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { InputError, readResourceList } from './read';

const fixture = (name: string): string => readFileSync(join(__dirname, '__fixtures__', name), 'utf8');

const RL = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
const CM = (name: string, extra = ''): string =>
  `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${name}\n${extra}`;

function expectInputError(text: string, message: RegExp, field?: string): InputError {
  let caught: unknown;
  try {
    readResourceList(text);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(InputError);
  const err = caught as InputError;
  expect(err.message).toMatch(message);
  expect(err.field).toBe(field);
  return err;
}

describe('readResourceList', () => {
  test('reads items, apiVersion and functionConfig of a kpt ResourceList', () => {
    const parsed = readResourceList(fixture('kpt-input.yaml'));
    expect(parsed.apiVersion).toBe('config.kubernetes.io/v1');
    expect(parsed.items.map((i) => [i.index, i.object.kind, i.object.metadata.name])).toEqual([
      [0, 'Deployment', 'trainer'],
      [1, 'ConfigMap', 'untouched'],
    ]);
    expect(parsed.functionConfig).toEqual({
      apiVersion: 'fn.fluid.io/v1alpha1',
      kind: 'InjectFluidSidecar',
      metadata: { name: 'config' },
      spec: {},
    });
    expect(parsed.items[0].object.metadata.annotations?.['internal.config.kubernetes.io/path']).toBe('trainer.yaml');
  });

  test('uses YAML 1.1 meaning: 0755 is octal, quoted "yes" stays a string, plain on/y are booleans', () => {
    const text = `${RL}items:\n${CM('x', '  data:\n    q: "yes"\n    s: \'on\'\n  spec:\n    mode: 0755\n    plainOn: on\n    y: 1\n    big: 1e3\n')}`;
    const obj = readResourceList(text).items[0].object as Record<string, any>;
    expect(obj.spec.mode).toBe(493);
    expect(obj.data).toEqual({ q: 'yes', s: 'on' });
    expect(obj.spec.plainOn).toBe(true);
    expect(obj.spec.true).toBe(1); // the key `y` is a boolean in YAML 1.1
    expect(obj.spec.big).toBe(1000);
    // and this is why: with yaml's default (1.2) the same text means something else
    expect(parseDocument('mode: 0755\nplainOn: on\n').toJS()).toEqual({ mode: 755, plainOn: 'on' });
  });

  test('timestamps and sexagesimal numbers stay strings (as Kubernetes tooling reads them)', () => {
    const obj = readResourceList(`${RL}items:\n${CM('x', '  data:\n    d: 2001-12-14\n    t: 1:20\n')}`).items[0]
      .object as Record<string, any>;
    expect(obj.data).toEqual({ d: '2001-12-14', t: '1:20' });
  });

  test('accepts config.kubernetes.io/v1beta1 and echoes it', () => {
    const parsed = readResourceList(`apiVersion: config.kubernetes.io/v1beta1\nkind: ResourceList\nitems: []\n`);
    expect(parsed.apiVersion).toBe('config.kubernetes.io/v1beta1');
    expect(parsed.items).toEqual([]);
  });

  test('functionConfig absent or null is undefined', () => {
    expect(readResourceList(`${RL}items: []\n`).functionConfig).toBeUndefined();
    expect('functionConfig' in readResourceList(`${RL}items: []\nfunctionConfig:\n`)).toBe(false);
  });

  test('accepts JSON input', () => {
    const json = JSON.stringify({
      apiVersion: 'config.kubernetes.io/v1',
      kind: 'ResourceList',
      items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: '0755' } }],
      functionConfig: { data: { b: 'c' } },
    });
    const parsed = readResourceList(json);
    expect(parsed.items[0].object).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: '0755' } });
    expect(parsed.functionConfig).toEqual({ data: { b: 'c' } });
  });

  test('items of kind List need no metadata.name', () => {
    const parsed = readResourceList(`${RL}items:\n- apiVersion: v1\n  kind: List\n  items: []\n`);
    expect(parsed.items[0].object).toEqual({ apiVersion: 'v1', kind: 'List', items: [] });
  });

  test('aliases within the limit are expanded', () => {
    const text = `${RL}items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: &m\n    name: a\n- apiVersion: v1\n  kind: Secret\n  metadata: *m\n`;
    expect(readResourceList(text).items[1].object.metadata).toEqual({ name: 'a' });
  });

  describe('InputError', () => {
    test.each<[string, string, RegExp, string | undefined]>([
      ['empty input', '', /empty/, undefined],
      ['blank input', '  \n\n', /empty/, undefined],
      ['not YAML', 'items: [a, b\n', /not valid YAML/, undefined],
      ['bad indentation', 'a:\n  b: 1\n c: 2\n', /not valid YAML/, undefined],
      ['a list', '- a\n- b\n', /not a YAML mapping.*a list/, undefined],
      ['a scalar', 'hello\n', /not a YAML mapping/, undefined],
      ['only comments', '# nothing here\n', /not a YAML mapping.*empty/, undefined],
      ['wrong apiVersion', 'apiVersion: v1\nkind: ResourceList\nitems: []\n', /apiVersion must be one of.*"v1"/, 'apiVersion'],
      ['missing apiVersion', 'kind: ResourceList\nitems: []\n', /apiVersion must be one of.*nothing/, 'apiVersion'],
      ['wrong kind', 'apiVersion: config.kubernetes.io/v1\nkind: List\nitems: []\n', /kind must be ResourceList/, 'kind'],
      ['items missing', RL, /items is missing/, 'items'],
      ['items a mapping', `${RL}items:\n  a: 1\n`, /items must be a list; got a mapping/, 'items'],
      ['items null', `${RL}items:\n`, /items must be a list; got null/, 'items'],
      ['item not a mapping', `${RL}items:\n${CM('a')}- just a string\n`, /items\[1\] must be a mapping/, 'items[1]'],
      ['item without apiVersion', `${RL}items:\n- kind: ConfigMap\n  metadata: {name: a}\n`, /items\[0\]\.apiVersion/, 'items[0].apiVersion'],
      ['item without kind', `${RL}items:\n- apiVersion: v1\n  metadata: {name: a}\n`, /items\[0\]\.kind/, 'items[0].kind'],
      ['item without metadata', `${RL}items:\n- apiVersion: v1\n  kind: ConfigMap\n`, /items\[0\]\.metadata is missing/, 'items[0].metadata'],
      ['metadata not a mapping', `${RL}items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: [a]\n`, /metadata must be a mapping/, 'items[0].metadata'],
      ['item without name', `${RL}items:\n${CM('a')}- apiVersion: v1\n  kind: Secret\n  metadata: {namespace: x}\n`, /items\[1\]\.metadata\.name must be a non-empty string \(Secret\)/, 'items[1].metadata.name'],
      ['name not a string', `${RL}items:\n${CM('123')}`, /items\[0\]\.metadata\.name/, 'items[0].metadata.name'],
      ['functionConfig a list', `${RL}items: []\nfunctionConfig: [a]\n`, /functionConfig must be a mapping; got a list/, 'functionConfig'],
      ['functionConfig a string', `${RL}items: []\nfunctionConfig: x\n`, /functionConfig must be a mapping/, 'functionConfig'],
      ['two documents', `${RL}items: []\n---\n${RL}items: []\n`, /more than one YAML document/, undefined],
      ['duplicate top-level key', `${RL}items: []\nitems: []\n`, /^input: duplicate key items at line 4, column 1$/, 'items'],
      ['duplicate key in an item', `${RL}items:\n${CM('a', '  data:\n    k: 1\n    k: 2\n')}`, /^input: duplicate key items\[0\]\.data\.k \(ConfigMap a\) at line 10, column 5$/, 'items[0].data.k'],
      ['keys equal under YAML 1.1 (yes/true)', `${RL}items:\n${CM('a', '  data:\n    yes: 1\n    true: 2\n')}`, /duplicate key items\[0\]\.data\.true/, 'items[0].data.true'],
      ['unknown tag', `${RL}items:\n${CM('a', '  data:\n    k: !foo bar\n')}`, /unsupported YAML.*!foo.*\(in items\[0\]\.data\.k \(ConfigMap a\)\)$/, 'items[0].data.k'],
      ['!!binary', `${RL}items:\n${CM('a', '  data:\n    k: !!binary aGk=\n')}`, /unsupported YAML/, 'items[0].data.k'],
      ['infinite number', `${RL}items:\n${CM('a', '  spec:\n    x: .inf\n')}`, /items\[0\]\.spec\.x: non-finite number/, 'items[0].spec.x'],
      ['collection as key', `${RL}items:\n${CM('a', '  spec:\n    ? [a, b]\n    : c\n')}`, /key must be a scalar/, 'items[0].spec'],
      ['%YAML 1.2 directive', `%YAML 1.2\n---\n${RL}items: []\n`, /%YAML 1\.2 directive is not supported/, undefined],
    ])('%s', (_name, text, message, field) => {
      expectInputError(text, message, field);
    });

    test('an alias bomb (billion laughs) is refused quickly', () => {
      const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
      for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
      const text = `${RL}items:\n${CM('bomb', `  data:\n${lines.map((l) => `    ${l}`).join('\n')}\n`)}`;
      expectInputError(text, /aliases expand too much/);
    });

    test('nothing but InputError escapes, whatever the input', () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom('a', ':', ' ', '\n', '-', '[', '{', '&', '*', '!', '"', '#', '0') })), (text) => {
          try {
            readResourceList(text);
          } catch (e) {
            if (!(e instanceof InputError)) throw e;
          }
        }),
        { numRuns: 300 },
      );
      // and the same inside a valid envelope
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom('a', ':', ' ', '\n', '-', '[', '{', '&', '*', '!', '0', '1') }), (junk) => {
          try {
            readResourceList(`${RL}items:\n- ${junk}\n`);
          } catch (e) {
            if (!(e instanceof InputError)) throw e;
          }
        }),
        { numRuns: 300 },
      );
    });
  });
});
