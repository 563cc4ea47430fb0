import { JuiceFSError } from './errors';
import { hashedMountDir, mountDirOverrides } from './mount-dir';

describe('mount directories (A4)', () => {
  it('6 lowercase letters, deterministic, different per index and identity', () => {
    const a = hashedMountDir('ns', 'Deployment', 'web', 'data', 0);
    expect(a).toMatch(/^[a-z]{6}$/);
    expect(hashedMountDir('ns', 'Deployment', 'web', 'data', 0)).toBe(a);
    expect(new Set([a, hashedMountDir('ns', 'Deployment', 'web', 'data', 1), hashedMountDir('ns', 'StatefulSet', 'web', 'data', 0), hashedMountDir('other', 'Deployment', 'web', 'data', 0)]).size).toBe(4);
  });

  it('the annotation names one directory per JuiceFS volume in order', () => {
    expect(mountDirOverrides({}, 2)).toEqual([]);
    expect(mountDirOverrides({ 'juicefs.fn.fluid.io/mount-dir': 'abcdef' }, 2)).toEqual(['abcdef']);
    expect(mountDirOverrides({ 'juicefs.fn.fluid.io/mount-dir': 'abcdef, web-data-1' }, 2)).toEqual(['abcdef', 'web-data-1']);
  });

  it.each([['../x'], ['a b'], ['$(id)'], ['a,a'], ['a,b,c'], ['']])('rejects %j', (value) => {
    expect(() => mountDirOverrides({ 'juicefs.fn.fluid.io/mount-dir': value }, 2)).toThrow(JuiceFSError);
  });
});
