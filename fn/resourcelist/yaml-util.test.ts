// isRiskyPlainString answers strings that start with a letter without running the schemas' tests;
// that quick answer must be the tests' own answer.
import fc from 'fast-check';
import { Document } from 'yaml';
import { isRiskyPlainString, NULL_BOOL_WORDS } from './yaml-util';

/** The schemas' implicit-tag tests (what isRiskyPlainString runs when it has no quick answer). */
function claimedBySchema(s: string): boolean {
  for (const version of ['1.1', '1.2'] as const) {
    const tags = new Document(null, { version }).schema.tags as unknown as { default?: unknown; tag: string; test?: RegExp }[];
    for (const t of tags) {
      if (t.default && t.test instanceof RegExp && t.tag !== 'tag:yaml.org,2002:str') {
        t.test.lastIndex = 0;
        if (t.test.test(s)) return true;
      }
    }
  }
  return false;
}

describe('isRiskyPlainString', () => {
  test('every null and bool word is risky, and claimed by a schema', () => {
    for (const w of NULL_BOOL_WORDS) {
      expect(isRiskyPlainString(w)).toBe(true);
      expect(claimedBySchema(w)).toBe(true);
    }
  });

  test('agrees with the schemas on strings starting with a letter, and on others', () => {
    const words = fc.oneof(
      fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_.:+-]{0,6}$/),
      fc.constantFrom(...NULL_BOOL_WORDS, 'e5', 'E3', 'e', 'yes1', 'Nan', 'nan', 'inf', 'Inf', 'x1', 'o0', 'b1', 'true ', ' true'),
      fc.string({ maxLength: 6 }),
    );
    fc.assert(
      fc.property(words, (s) => {
        expect(isRiskyPlainString(s)).toBe(s === '' || claimedBySchema(s));
      }),
      { numRuns: 3000 },
    );
  });
});
