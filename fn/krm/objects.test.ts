import type { KubeObject } from '../types';
import { allObjects, eachObject, isKubeLike, isV1List } from './objects';

const cm = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
const list = (items: unknown[], apiVersion = 'v1'): KubeObject => ({ apiVersion, kind: 'List', metadata: {}, items } as unknown as KubeObject);

describe('the objects of the input', () => {
  it('are the items and the entries of v1 Lists, with the holding item and the path there, in input order', () => {
    const inner = list([cm('c'), cm('d')]);
    const items = [cm('a'), list([cm('b'), inner]), cm('e')];
    const seen: string[] = [];
    eachObject(items, (obj, item, index, path) => seen.push(`${obj.metadata.name} ${index} ${item === items[index]} ${JSON.stringify(path)}`));
    expect(seen).toEqual(['a 0 true []', 'b 1 true ["items",0]', 'c 1 true ["items",1,"items",0]', 'd 1 true ["items",1,"items",1]', 'e 2 true []']);
    expect(allObjects(items).map((o) => o.metadata.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('a List of another apiVersion, or without an items list, is an object like any other', () => {
    const other = list([cm('x')], 'example.com/v1');
    const noItems = { apiVersion: 'v1', kind: 'List', metadata: {} } as KubeObject;
    expect(allObjects([other, noItems])).toEqual([other, noItems]);
    expect(isV1List(other)).toBe(false);
    expect(isV1List(noItems)).toBe(false);
    expect(isV1List(list([]))).toBe(true);
  });

  it('a List entry not shaped like an object (no apiVersion, kind or metadata mapping) is left out', () => {
    const bad = [null, 3, 'x', { kind: 'ConfigMap', metadata: {} }, { apiVersion: 'v1', metadata: {} }, { apiVersion: 'v1', kind: 'ConfigMap', metadata: 'm' }];
    expect(allObjects([list([...bad, cm('ok')])]).map((o) => o.metadata.name)).toEqual(['ok']);
    expect(bad.some(isKubeLike)).toBe(false);
    expect(isKubeLike(cm('y'))).toBe(true);
  });
});
