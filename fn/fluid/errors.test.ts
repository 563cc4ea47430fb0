// goQuote is Go's strconv.Quote: Fluid's messages quote values with it.
import { goQuote } from './errors';

describe('goQuote', () => {
  test('printable ASCII stays as it is, but for the quote and the backslash', () => {
    for (let cp = 0x20; cp < 0x7f; cp++) {
      const ch = String.fromCharCode(cp);
      const want = ch === '"' || ch === '\\' ? `"\\${ch}"` : `"${ch}"`;
      expect([cp, goQuote(ch)]).toEqual([cp, want]);
    }
  });

  test('controls are escaped, non-ASCII printable stays, other code points are escaped', () => {
    expect(goQuote('a\tb\x00\x7f')).toBe('"a\\tb\\x00\\x7f"');
    expect(goQuote('é中')).toBe('"é中"');
    expect(goQuote('\u00a0\u200b')).toBe('"\\u00a0\\u200b"');
    expect(goQuote('\u{1F600}')).toBe('"\u{1F600}"');
    expect(goQuote('\u{E0001}')).toBe('"\\U000e0001"');
  });
});
