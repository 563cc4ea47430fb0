import { cleanPath, goParseFloat, isGoDuration, parseGoBool, pathJoin } from './go';

describe('Go semantics the webhooks rely on', () => {
  it('strconv.ParseBool: exactly Go\'s twelve spellings, nothing trimmed', () => {
    expect(['1', 't', 'T', 'TRUE', 'true', 'True'].map(parseGoBool)).toEqual([true, true, true, true, true, true]);
    expect(['0', 'f', 'F', 'FALSE', 'false', 'False'].map(parseGoBool)).toEqual([false, false, false, false, false, false]);
    expect(['', 'yes', 'tRUE', ' true', 'on', '2'].map(parseGoBool)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it.each([
    ['/a/b/../c/./d/', '/a/c/d'],
    ['/../a', '/a'],
    ['a/../../b', '../b'],
    ['', '.'],
    ['//', '/'],
  ])('path.Clean %s → %s', (input, want) => expect(cleanPath(input)).toBe(want));

  it('strconv.ParseFloat (decimal, exponent, inf/nan; no hex, no underscores)', () => {
    expect(['1', '1.5', '.5', '1.', '1e3', '-2', '+3'].map(goParseFloat)).toEqual([1, 1.5, 0.5, 1, 1000, -2, 3]);
    expect(goParseFloat('Inf')).toBe(Infinity);
    expect(Number.isNaN(goParseFloat('nan'))).toBe(true);
    expect(['', 'x', '1_0', '0x10', '1 ', '1%'].map(goParseFloat)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('time.ParseDuration validity', () => {
    expect(['0', '10s', '1m30s', '1.5h', '-2ms', '300us', '1µs'].every(isGoDuration)).toBe(true);
    expect(['', '10', '5 minutes', '1d', 'h'].some(isGoDuration)).toBe(false);
  });

  it('path.Join: empty parts ignored, result cleaned, all empty is ""', () => {
    expect(pathJoin('', '')).toBe('');
    expect(pathJoin('', 'pvc-1')).toBe('pvc-1');
    expect(pathJoin('/', 'a/')).toBe('/a');
    expect(pathJoin('test', '/jfs/test-volume/subpath')).toBe('test/jfs/test-volume/subpath');
    expect(pathJoin('/var/lib/juicefs/volume/', 'abc')).toBe('/var/lib/juicefs/volume/abc');
    expect(pathJoin('/jfs', '../x')).toBe('/x');
  });
});
