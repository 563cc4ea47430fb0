import {
  addQuantities,
  binaryQuantity,
  canonicalQuantity,
  compareQuantities,
  formatQuantity,
  milliQuantity,
  milliValue,
  parseQuantity,
  QuantityError,
  quantityValue,
} from './quantities';

describe('canonical form (what the API server and the webhook JSON write)', () => {
  it.each([
    ['1000m', '1'],
    ['5000m', '5'],
    ['1', '1'],
    ['1.5', '1500m'],
    ['0.5', '500m'],
    ['100m', '100m'],
    ['1Gi', '1Gi'],
    ['5Gi', '5Gi'],
    ['1.5Gi', '1536Mi'],
    ['1024Mi', '1Gi'],
    ['1024', '1024'],
    ['1Ki', '1Ki'],
    ['512', '512'],
    ['0.5Ki', '512'],
    ['2G', '2G'],
    ['2000M', '2G'],
    ['1e3', '1e3'],
    ['12e1', '120'],
    ['1E', '1E'],
    ['0', '0'],
    ['0Gi', '0'],
    ['-1', '-1'],
    ['+2', '2'],
    ['.5', '500m'],
    ['1.', '1'],
    ['Mi', '0'],
    ['0.9n', '1n'],
    ['1.0000000001', '1000000001n'],
    ['300Mi', '300Mi'],
    ['123456789', '123456789'],
  ])('%s → %s', (input, want) => {
    expect(canonicalQuantity(input)).toBe(want);
  });

  it('rejects what ParseQuantity rejects, with its message', () => {
    for (const bad of ['', 'aaa', '1.5.5', '1K', '1 Gi', '1Mi5', '1e']) {
      expect(() => parseQuantity(bad)).toThrow(QuantityError);
    }
    expect(() => parseQuantity('aaa')).toThrow(/quantities must match the regular expression/);
    expect(() => parseQuantity('1K')).toThrow("unable to parse quantity's suffix");
  });

  it('caps a binary quantity at 2^63-1', () => {
    expect(quantityValue(parseQuantity('8Ei'))).toBe((1n << 63n) - 1n);
  });
});

describe('values and arithmetic', () => {
  it('Value and MilliValue round away from zero', () => {
    expect(quantityValue(parseQuantity('1500m'))).toBe(2n);
    expect(quantityValue(parseQuantity('1Gi'))).toBe(1073741824n);
    expect(milliValue(parseQuantity('1'))).toBe(1000n);
    expect(milliValue(parseQuantity('0.0001'))).toBe(1n);
  });

  it('adds and compares exactly', () => {
    const sum = addQuantities(parseQuantity('50Mi'), parseQuantity('51Mi'));
    expect(quantityValue(sum)).toBe(101n * 1024n * 1024n);
    expect(compareQuantities(parseQuantity('1'), parseQuantity('1000m'))).toBe(0);
    expect(compareQuantities(parseQuantity('150m'), parseQuantity('100m'))).toBe(1);
    expect(compareQuantities(parseQuantity('150Mi'), parseQuantity('300Mi'))).toBe(-1);
  });

  it('new quantities print as the webhook prints NewMilliQuantity / NewQuantity(BinarySI)', () => {
    const fmt = formatQuantity;
    expect(fmt(milliQuantity(30n))).toBe('30m');
    expect(fmt(milliQuantity(1000n))).toBe('1');
    expect(fmt(milliQuantity(1500n))).toBe('1500m');
    expect(fmt(binaryQuantity(31n * 1024n * 1024n))).toBe('31Mi');
    expect(fmt(binaryQuantity(0n))).toBe('0');
    expect(fmt(binaryQuantity(1000n))).toBe('1k');
  });
});
