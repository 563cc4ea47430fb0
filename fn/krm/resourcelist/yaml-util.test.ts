// Strings that some reader of the ecosystem reads as something else when written plain: YAML 1.1
// (kubectl's and kustomize's go-yaml v2 era, PyYAML), YAML 1.2, and go-yaml's own rules
// (gopkg.in/yaml.v2 and v3 resolve.go, the sigs.k8s.io/yaml copy). Every look-alike must be
// quoted by the writer and read back as the same string.
import fc from 'fast-check';
import { parse } from 'yaml';
import { emitBlock } from './emit-yaml';
import { canonicalJson, deepEqual, goYamlReadsAsNonString, isRiskyPlainString, PARSE_OPTIONS, readsAsNonString } from './yaml-util';

/** [string, go-yaml reads it as a non-string] — from go-yaml's resolve.go, see goYamlReadsAsNonString. */
const GO_YAML: [string, boolean][] = [
  // the cases
  ['0X1F', true], // ParseInt base 0: hex, either case of the prefix
  ['0o1_7', true], // `_` removed, then 0o octal
  ['1e1_0', true], // `_` removed, then the float pattern
  ['0B1', true],
  ['-_1', true], // sign first, `_` removed: -1
  // integers: any base prefix, leading-zero octal, decimal of any size, signs
  ['0x1f', true],
  ['+0x1F', true],
  ['-0o17', true],
  ['0O17', true],
  ['0b1010', true],
  ['-0b1', true],
  ['0755', true],
  ['08', true], // not octal, but the float pattern: 8
  ['1_000', true],
  ['1__0', true],
  ['1_', true],
  ['+12_3', true],
  ['99999999999999999999', true], // too big for 64 bits: a float (v3) or a big integer (sigs.k8s.io/yaml's v2)
  ['0xFFFFFFFFFFFFFFFFFF', true], // a big integer in sigs.k8s.io/yaml's v2
  ['-0', true],
  // floats
  ['1.', true],
  ['.5', true],
  ['+.5', true],
  ['-.5', true],
  ['.5e3', true],
  ['1E3', true],
  ['6.8523015e+5', true],
  ['685.230_15e+03', true],
  ['09.5', true],
  // timestamps (4 digits, `-`, then Go's time formats)
  ['2006-1-2', true],
  ['2001-12-14', true],
  ['2001-12-14T21:59:43.10Z', true],
  ['2001-12-14 21:59:43.10', true],
  // strings for go-yaml
  ['0x', false],
  ['0b2', false],
  ['0o8', false],
  ['0x1G', false],
  ['_1', false],
  ['1_a', false],
  ['1.2.3', false],
  ['.e3', false],
  ['1e', false],
  ['12:30', false], // (sexagesimal: a number in YAML 1.1 only)
  ['v1', false],
  ['-', false],
  ['+', false],
  ['2001-12', false],
  ['yes', false], // (a word: go-yaml v2's map, covered separately)
];

/** Look-alikes of every kind: isRiskyPlainString must say yes to each. */
const LOOK_ALIKES = [
  ...GO_YAML.filter(([, go]) => go).map(([s]) => s),
  // booleans and nulls, in every case (go-yaml v2 and PyYAML know three spellings, other readers fold case)
  ...['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null'].flatMap((w) => [w, w.toUpperCase(), w[0].toUpperCase() + w.slice(1), w.replace(/./g, (c, i: number) => (i % 2 ? c.toUpperCase() : c))]),
  '~',
  '',
  // special floats, in every case
  '.inf',
  '-.inf',
  '+.INF',
  '.Inf',
  '.iNf',
  '.nan',
  '.NaN',
  '.NAN',
  // YAML 1.1: sexagesimal numbers, floats without digits before the dot, its own int forms
  '12:30',
  '190:20:30',
  '1:20.5',
  '-1:30',
  '1e3',
  '0x_1F',
  '0b1_0',
  // YAML 1.1 timestamps
  '2001-12-14t21:59:43.10-05:00',
  '2001-12-14 21:59:43.10 -5',
  // YAML 1.2
  '0o17',
  '+1',
  '-1',
  // merge key and YAML 1.1's value key
  '<<',
  '=',
];

describe('strings some reader takes for something else are quoted', () => {
  test('go-yaml resolution, from its resolve.go', () => {
    for (const [s, go] of GO_YAML) expect([s, goYamlReadsAsNonString(s)]).toEqual([s, go]);
  });

  test.each(LOOK_ALIKES.map((s) => [s]))('%j', (s) => {
    expect(isRiskyPlainString(s)).toBe(true);
    const text = emitBlock({ [s]: s, list: [s] }, { indent: 2, indentSeq: false });
    expect(text.startsWith(`${s}:`)).toBe(false); // the key is quoted too
    for (const version of ['1.1', '1.2'] as const) expect(parse(text, { version })).toEqual({ [s]: s, list: [s] });
  });

  test.each(['abc', 'v1', '1.2.3', '-foo', '_1', '1_a', '0x', 'n/a', 'yes please', 'onion', 'nullable', 'image:1.0', '/bin/sh', 'hello world', 'e', 'Y2K', 'é'])(
    '%j stays plain',
    (s) => {
      expect(isRiskyPlainString(s)).toBe(false);
      expect(emitBlock({ k: s }, { indent: 2, indentSeq: false })).toBe(`k: ${s}\n`);
    },
  );

  test('the first-character shortcut gives what every rule gives', () => {
    for (const s of LOOK_ALIKES) expect(isRiskyPlainString(s)).toBe(readsAsNonString(s));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 8 }), fc.stringMatching(/^[-+.~=<0-9a-zA-Z_:]{0,8}$/)), (s) => {
        expect(isRiskyPlainString(s)).toBe(readsAsNonString(s));
      }),
      { numRuns: 5000, seed: 1 },
    );
  });
});

test('canonicalJson is equal exactly when deepEqual is', () => {
  fc.assert(
    fc.property(fc.jsonValue({ maxDepth: 2 }), fc.jsonValue({ maxDepth: 2 }), (a, b) => {
      expect(canonicalJson(a) === canonicalJson(b)).toBe(deepEqual(a, b));
      const reordered = JSON.parse(JSON.stringify(a, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v))) as unknown;
      expect(canonicalJson(reordered)).toBe(canonicalJson(a));
    }),
    { numRuns: 1000, seed: 2 },
  );
});

describe('PARSE_OPTIONS reads floats as go-yaml does', () => {
  // yaml's YAML 1.1 float tests also match `.`, `-.`, `._` and `.e1`, which it reads as NaN; go-yaml
  // (kubectl, the API server, kyaml) reads them as strings, and `.: {}` is a key of every
  // managedFields entry that `kubectl get -o yaml` writes.
  const read = (s: string): unknown => (parse(`k: ${s}`, PARSE_OPTIONS) as { k: unknown }).k;

  test.each(['.', '-.', '+.', '._', '._1', '.e1', '-.e+1', '.E3', 'e3', '-e3', '+E3'])('%s is a string', (s) => {
    expect(read(s)).toBe(s);
  });

  test.each([
    ['.5', 0.5],
    ['-.5', -0.5],
    ['1.', 1],
    ['1_0.5', 10.5],
    ['+.5e-3', 0.0005],
    ['1.5e3', 1500],
    ['1e3', 1000],
    ['0.', 0],
  ])('%s is the number %d', (s, n) => {
    expect(read(s)).toBe(n);
  });

  test('.inf and .nan are still numbers', () => {
    expect(read('-.inf')).toBe(-Infinity);
    expect(read('.NaN')).toBeNaN();
  });

  test('a managedFields entry keeps its `.` key', () => {
    expect(parse('f:labels:\n  .: {}\n  f:app: {}\n', PARSE_OPTIONS)).toEqual({ 'f:labels': { '.': {}, 'f:app': {} } });
  });
});
