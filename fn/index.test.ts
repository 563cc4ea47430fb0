// The library entry: what package.json `main` names, and that it works without the command line.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as lib from './index';

describe('library entry fn/index.ts', () => {
  it('is what package.json main names (tsc writes fn/index.ts to dist/fn/index.js)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/fn/index.js');
  });

  it('exports the pure transform, the function registry and the error model', () => {
    expect(typeof lib.transform).toBe('function');
    expect(lib.FUNCTIONS).toContain(lib.fluidSidecar);
    expect(lib.fluidSidecar.configKinds).toContain(lib.CONFIG_KIND);
    expect(new lib.InjectError('pvc-not-found', 'x')).toBeInstanceOf(lib.FnError);
    expect(new lib.InjectError('pvc-not-found', 'x').rejects).toBe(true);
    expect(new lib.InjectError('daemonset-not-found', 'x').rejects).toBe(false);
  });

  it('picks a function by config kind, else the executable’s own', () => {
    const other: lib.KrmFunction = { name: 'other', configKinds: ['Other'], transform: () => ({ updated: new Map(), added: [], results: [] }) };
    const all = [...lib.FUNCTIONS, other];
    expect(lib.pickFunction(all, 'inject-fluid-sidecar', { apiVersion: 'x/v1', kind: 'Other' })).toBe(other);
    expect(lib.pickFunction(all, 'inject-fluid-sidecar', { apiVersion: 'v1', kind: 'ConfigMap' })).toBe(lib.fluidSidecar);
    expect(lib.pickFunction(all, 'inject-fluid-sidecar', undefined)).toBe(lib.fluidSidecar);
    expect(lib.pickFunction(all, 'other', undefined)).toBe(other);
    expect(lib.pickFunction(all, 'inject-fluid-sidecar', { apiVersion: 'x/v1', kind: 'Unknown' })).toBe(lib.fluidSidecar);
  });

  it('transforms plain objects: nothing to do is no change and no error', () => {
    const out = lib.transform([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }]);
    expect(out.updated.size).toBe(0);
    expect(out.added).toEqual([]);
    expect(out.results.filter((r) => r.severity === 'error')).toEqual([]);
  });
});
