import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { Document, parseAllDocuments } from 'yaml';
import type { JsonValue } from '../../types';
import { emitBlock } from './emit-yaml';
import { stringifyNode } from './splice';
import { createNode, OUTPUT_DOC_OPTIONS } from './yaml-util';
import type { OutputStyle } from './yaml-util';

const COMPACT: OutputStyle = { indent: 2, indentSeq: false };
const INDENTED: OutputStyle = { indent: 2, indentSeq: true };

function library(value: JsonValue, style: OutputStyle): string {
  return stringifyNode(createNode(new Document(null, OUTPUT_DOC_OPTIONS), value), style, false);
}

function expectSameOrDeclined(value: JsonValue, style: OutputStyle): boolean {
  const fast = emitBlock(value, style);
  if (fast === undefined) return false;
  expect(fast).toBe(library(value, style));
  return true;
}

describe('emitBlock writes what the library writes, or declines', () => {
  test.each([
    ['a map of scalars', { a: 'x', b: 1, c: true, d: null, e: 'yes', f: '0755', g: '', h: 'a: b', i: "it's", j: 'say "hi"', k: '-x', l: ' x' }],
    ['nesting', { spec: { containers: [{ name: 'c', args: ['-c', 'time /check.sh /a thin '], env: [] }], volumes: [{ name: 'v', hostPath: { path: '/p', type: 'Directory' } }], s: [['a', 'b'], []], m: {} } }],
    ['a sequence of maps', [{ name: 'a', image: 'x:1' }, { name: 'b' }]],
    ['a scalar', 'plain'],
  ])('%s', (_name, value) => {
    for (const style of [COMPACT, INDENTED]) expect(expectSameOrDeclined(value as JsonValue, style)).toBe(true);
  });

  test.each([
    ['a multi-line string', { a: 'x\ny' }],
    ['a float', { a: 1.5 }],
    ['a non-ASCII string', { a: 'é' }],
    ['a key that does not start with a letter or digit', { '<<': 1 }],
    ['an empty map', {}],
    ['an empty list', []],
    ['4-space indentation', { a: { b: 1 } }],
  ])('declines %s', (_name, value) => {
    const style = _name === '4-space indentation' ? { indent: 4, indentSeq: false } : COMPACT;
    expect(emitBlock(value as JsonValue, style)).toBeUndefined();
  });

  test('on every object of the golden cases (most are emitted, none differently)', () => {
    const root = path.join(__dirname, '..', '..', '..', 'testdata');
    let emitted = 0;
    let total = 0;
    for (const dir of ['cases', 'fluid-cases']) {
      for (const f of fs.readdirSync(path.join(root, dir)).filter((x) => x.endsWith('.yaml'))) {
        for (const d of parseAllDocuments(fs.readFileSync(path.join(root, dir, f), 'utf8'), { version: '1.1' }) as Document[]) {
          const v = d.toJS() as JsonValue;
          if (v === null || typeof v !== 'object') continue;
          total++;
          if (expectSameOrDeclined(v, COMPACT)) emitted++;
        }
      }
    }
    expect(total).toBeGreaterThan(100);
    expect(emitted / total).toBeGreaterThan(0.5);
  });

  test('on generated values', () => {
    const word = fc.oneof(
      fc.constantFrom('', 'yes', 'no', 'on', 'true', 'null', '~', '0755', '1e3', '0x1f', '1:20', '2001-12-14', '.inf', '-', '?', ':', '#', '- x', 'a: b', 'a #b', 'a#b', "it's", 'say "hi"', 'both \'"', 'back\\slash', ' lead', 'trail ', 'x:', '---', '...', '*a', '&a', '!t', '|', '>', '%', '@', '`', '[', '{', ',', 'é', 'a\nb', 'tab\there'),
      fc.string({ maxLength: 8 }),
      fc.stringMatching(/^[a-z][a-z0-9./-]{0,12}$/),
    );
    const scalar = fc.oneof(word, fc.integer(), fc.boolean(), fc.constant(null), fc.double({ noNaN: true }));
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(word, tie('v'), { maxKeys: 4 })),
    })).v as fc.Arbitrary<JsonValue>;
    let emitted = 0;
    fc.assert(
      fc.property(value, fc.boolean(), (v, indentSeq) => {
        if (expectSameOrDeclined(v, { indent: 2, indentSeq })) emitted++;
      }),
      { numRuns: 3000 },
    );
    expect(emitted).toBeGreaterThan(300);
  });
});
