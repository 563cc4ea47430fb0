import { firstLine } from './errors';

describe('what an export prints of a failure', () => {
  it('is the first line of the message, trimmed, of an error, an error-like object, a string or anything else', () => {
    expect(firstLine(new Error('cannot read\nstack or detail'))).toBe('cannot read');
    expect(firstLine({ message: '  request failed  \nmore', code: 'ECONNREFUSED' })).toBe('request failed');
    expect(firstLine('404 page not found\n')).toBe('404 page not found');
    expect(firstLine(42)).toBe('42');
    expect(firstLine({ message: 3 })).toBe('[object Object]');
  });
});
