// The JuiceFS function in the library entry and the registry.
import * as lib from '../index';

describe('library entry', () => {
  it('exports the JuiceFS function as `juicefs`, registered beside Fluid’s', () => {
    expect(lib.FUNCTIONS).toContain(lib.juicefs.injectJuiceFSSidecar);
    expect(lib.juicefs.injectJuiceFSSidecar.configKinds).toEqual([lib.juicefs.CONFIG_KIND]);
    expect(lib.pickFunction(lib.FUNCTIONS, 'inject-fluid-sidecar', { apiVersion: lib.juicefs.CONFIG_API_VERSION, kind: 'InjectJuiceFSSidecar' })).toBe(lib.juicefs.injectJuiceFSSidecar);
    expect(lib.pickFunction(lib.FUNCTIONS, 'inject-juicefs-sidecar', { apiVersion: 'v1', kind: 'ConfigMap' })).toBe(lib.juicefs.injectJuiceFSSidecar);
    const out = lib.juicefs.transform([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }]);
    expect(out.results).toEqual([]);
  });
});
