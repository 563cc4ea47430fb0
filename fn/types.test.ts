import { apiGroupOf, cloneJson, objectKey } from './types';
import { deepEqual } from './krm/resourcelist/yaml-util';

describe('apiGroupOf and objectKey', () => {
  it('the group of an apiVersion: the core group is empty', () => {
    expect(apiGroupOf('v1')).toBe('');
    expect(apiGroupOf('apps/v1')).toBe('apps');
    expect(apiGroupOf('kubeflow.org/v1')).toBe('kubeflow.org');
    expect(apiGroupOf('')).toBe('');
  });

  it('an object is its group, kind, namespace and name: the version does not count', () => {
    const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
    expect(objectKey(ref, 'ns')).toBe('apps/Deployment/ns/web');
    expect(objectKey({ ...ref, apiVersion: 'apps/v1beta2' }, 'ns')).toBe(objectKey(ref, 'ns'));
    expect(objectKey({ ...ref, apiVersion: 'extensions/v1beta1' }, 'ns')).not.toBe(objectKey(ref, 'ns'));
    expect(objectKey({ apiVersion: 'v1', kind: 'Pod', name: 'p' }, '')).toBe('/Pod//p');
  });
});

describe('cloneJson and deepEqual walk own keys only', () => {
  it('a __proto__ key is copied and compared as data; inherited members are not members', () => {
    const value = JSON.parse('{"a": {"__proto__": {"x": 1}, "b": [1, {"c": null}]}}') as Record<string, unknown>;
    const copy = cloneJson(value);
    expect(copy).not.toBe(value);
    expect(Object.keys(copy.a as object)).toEqual(['__proto__', 'b']);
    expect(Object.getPrototypeOf(copy.a)).toBe(Object.prototype);
    expect(deepEqual(copy, value)).toBe(true);
    const inherits = Object.assign(Object.create({ inherited: 1 }) as object, { b: 2 });
    expect(cloneJson(inherits)).toEqual({ b: 2 });
    expect(deepEqual(inherits, { b: 2 })).toBe(true);
    expect(deepEqual({ b: 2 }, inherits)).toBe(true);
    expect(deepEqual({ b: 2, u: undefined }, { b: 2 })).toBe(true);
    expect(deepEqual({ b: 2 }, { b: 3 })).toBe(false);
  });
});
