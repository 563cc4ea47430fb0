// Reader limits: UTF-8 decoding, input size, nesting depth (checked before the document is built)
// and alias cycles. The executable is tested with the same inputs in test/hostile/.
import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { decodeInput, InputError, MAX_INPUT_BYTES, readManifests, readResourceList } from './read';
import { parseStream } from './parse';
import { MAX_DEPTH, PARSE_OPTIONS } from './yaml-util';

const RL = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';

function inputError(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('no InputError');
}

describe('decodeInput', () => {
  test.each<[string, number[], RegExp]>([
    ['a Latin-1 byte', [0x61, 0x0a, 0x62, 0xe9, 0x63], /byte 0xe9 at line 2, column 2 \(byte offset 3\)/],
    ['a lone continuation byte', [0x80], /byte 0x80 at line 1, column 1 \(byte offset 0\)/],
    ['an overlong encoding', [0x41, 0xc0, 0x80], /byte 0xc0 at line 1, column 2/],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80], /byte 0xed at line 1, column 1/],
    ['a truncated sequence at the end', [0xc3, 0xa9, 0xe2, 0x82], /byte 0xe2 at line 1, column 2 \(byte offset 2\)/],
    ['a UTF-16 byte order mark', [0xff, 0xfe, 0x61, 0x00], /byte 0xff at line 1, column 1/],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], /byte 0xf4/],
  ])('refuses %s with its position', (_what, bytes, message) => {
    expect(inputError(() => decodeInput(Uint8Array.from(bytes), 'input')).message).toMatch(message);
  });

  test('accepts UTF-8 and keeps a UTF-8 byte order mark (the readers drop it, the writer writes it back)', () => {
    expect(decodeInput(Buffer.from('\ufeffcafé ✓ 𝄞'), 'input')).toBe('\ufeffcafé ✓ 𝄞');
  });

  test('any bytes: the same text as Node decodes, or an InputError at the first bad byte', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        if (isUtf8(bytes)) {
          expect(decodeInput(bytes, 'x')).toBe(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
          return;
        }
        const m = /byte offset (\d+)\)/.exec(inputError(() => decodeInput(bytes, 'x')).message);
        const at = Number(m?.[1]);
        expect(isUtf8(bytes.subarray(0, at))).toBe(true);
        // the sequence starting there cannot be completed to a valid one
        expect(isUtf8(bytes.subarray(0, at + 4))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  test('refuses more than MAX_INPUT_BYTES', () => {
    expect(inputError(() => decodeInput(new Uint8Array(MAX_INPUT_BYTES + 1), 'input')).message).toMatch(/input is 64\.0 MiB; the limit is 64\.0 MiB/);
    expect(inputError(() => readResourceList(`${RL}items: []\n#${'x'.repeat(MAX_INPUT_BYTES)}`)).message).toMatch(/the limit is 64\.0 MiB/);
    expect(inputError(() => readManifests([{ path: 'a.yaml', text: `#${'é'.repeat(MAX_INPUT_BYTES / 2)}` }])).message).toMatch(/a\.yaml is 64\.0 MiB/);
  });
});

describe('nesting depth', () => {
  const flow = (levels: number): string => `${'['.repeat(levels)}${']'.repeat(levels)}`;
  const block = (levels: number): string => Array.from({ length: levels }, (_, i) => `${'  '.repeat(i)}k:`).join('\n');

  test.each([
    ['flow', flow],
    ['block', block],
  ])(`%s: ${MAX_DEPTH} levels are read, one more is refused with its place`, (_style, make) => {
    expect(parseStream(make(MAX_DEPTH), PARSE_OPTIONS).tooDeep).toBeUndefined();
    const deep = parseStream(make(MAX_DEPTH + 1), PARSE_OPTIONS).tooDeep;
    expect(deep).toBeDefined();
    expect(deep!.path.match(/\[\d+\]|[^.[\]]+/g)?.length).toBe(MAX_DEPTH);
  });

  test('the path and the item are named; 10,000 levels do not overflow the stack', () => {
    const text = `${RL}items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: deep, namespace: ns}\n  data:\n    a: [{b: ${flow(10_000)}}]\n`;
    const e = inputError(() => readResourceList(text));
    expect(e.message).toMatch(/^input: nesting is too deep under items\[0\]\.data\.a\[0\]\.b\[0\]\[0\] \(ConfigMap ns\/deep\) at line 8, column \d+ \(the limit is 256 levels\)$/);
    expect(e.field).toBe('items[0].data.a[0].b[0][0]');
    expect(e.ref).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'deep', namespace: 'ns' });
    expect(inputError(() => readManifests([{ path: 'm.yaml', text: `a: 1\n---\nb: ${flow(10_000)}\n` }])).message).toMatch(
      /^m\.yaml: nesting is too deep under items\[1\]\.b\[0\]/,
    );
  });

  test('aliases that nest copies deeper than the limit are refused', () => {
    const lines = [`a0: &a0 ${flow(100)}`, 'a1: &a1 [[[[[[[[[[*a0]]]]]]]]]]'];
    for (let i = 2; i < 30; i++) lines.push(`a${i}: &a${i} [[[[[[[[[[*a${i - 1}]]]]]]]]]]`);
    const text = `${RL}items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: x}\n  data:\n${lines.map((l) => `    ${l}`).join('\n')}\n`;
    expect(inputError(() => readResourceList(text)).message).toMatch(/nesting (deeper than 256 levels \(after expanding aliases\)|is too deep once aliases are expanded)/);
  });
});

describe('alias cycles', () => {
  test.each([
    ['an item that contains itself', `${RL}items:\n- &i\n  apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: x}\n  data: *i\n`, 'items[0].data'],
    ['a list that contains itself', `${RL}items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: x}\n  data: &l [a, *l]\n`, 'items[0].data[1]'],
    ['the root', `&r\n${RL}items: []\nself: *r\n`, 'self'],
  ])('%s', (_what, text, field) => {
    const e = inputError(() => readResourceList(text));
    expect(e.message).toMatch(/refers to a node that contains it \(a cycle\)/);
    expect(e.field).toBe(field);
  });

  test('an alias to an earlier sibling is fine', () => {
    const text = `${RL}items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: &m {name: x}\n  data: {copy: *m}\n`;
    expect(readResourceList(text).items[0].object.data).toEqual({ copy: { name: 'x' } });
  });
});
