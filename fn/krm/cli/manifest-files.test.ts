import { FnError } from '../errors';
import { FileError, fileError } from './manifest-files';

describe('fileError', () => {
  it('turns an errno error into one line naming the file', () => {
    const e = fileError('a.yaml', Object.assign(new Error('ENOENT: no such file, open a.yaml'), { code: 'ENOENT' }));
    expect(e).toBeInstanceOf(FileError);
    expect((e as FileError).message).toBe('a.yaml: no such file or directory');
  });

  it('keeps our own coded errors (they say what is wrong with the file already)', () => {
    const own = new FnError('invalid-input', 'a.yaml is not valid UTF-8: byte 0xe9 at line 4, column 15');
    expect(fileError('a.yaml', own)).toBe(own);
  });

  it('passes other errors through', () => {
    const other = new TypeError('boom');
    expect(fileError('a.yaml', other)).toBe(other);
  });
});
