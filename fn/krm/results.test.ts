import type { KubeObject } from '../types';
import { FnError } from './errors';
import { InputError } from './resourcelist/read';
import { errorResult, objectResult } from './results';

const deploy: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'ns', annotations: { 'internal.config.kubernetes.io/path': 'apps/web.yaml', 'internal.config.kubernetes.io/index': '0' } } };
const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'ns' };

describe('results', () => {
  it('an error: its message and hint, the object and field at fault, the file, and its code as a tag (last)', () => {
    const e = new FnError('pvc-not-found', 'PVC x not found', { ref, field: 'spec.volumes[0]', hint: 'add it' });
    const r = errorResult(e, 'error', { path: 'apps/web.yaml', index: 0 });
    expect(r).toEqual({ message: 'PVC x not found (add it)', severity: 'error', resourceRef: ref, field: { path: 'spec.volumes[0]' }, file: { path: 'apps/web.yaml', index: 0 }, tags: { code: 'pvc-not-found' } });
    expect(Object.keys(r)).toEqual(['message', 'severity', 'resourceRef', 'field', 'file', 'tags']);
    // a field means nothing without its object
    expect(errorResult(new FnError('c', 'm', { field: 'f' }))).toEqual({ message: 'm', severity: 'error', tags: { code: 'c' } });
  });

  it('input that cannot be read: said so, its item named, the field in the ResourceList and the code as tags', () => {
    const ref = { apiVersion: 'v1', kind: 'Pod', name: 'p' };
    expect(errorResult(new InputError('items[2].spec must be a mapping', 'items[2].spec', ref))).toEqual({
      message: 'invalid input: items[2].spec must be a mapping',
      severity: 'error',
      resourceRef: ref,
      field: { path: 'spec' },
      tags: { field: 'items[2].spec', code: 'invalid-input' },
    });
    expect(errorResult(new InputError('not YAML')).tags).toEqual({ code: 'invalid-input' });
  });

  it('about an object: named (with the template of several), the field, and the file of the item holding it', () => {
    expect(objectResult('info', deploy, deploy, 'injected', { part: 'spec.template' })).toEqual({
      message: 'Deployment ns/web spec.template: injected',
      severity: 'info',
      resourceRef: ref,
      file: { path: 'apps/web.yaml', index: 0 },
    });
    const bare = { ...deploy, metadata: { name: 'web', namespace: 'ns' } };
    expect(objectResult('warning', bare, bare, 'check', { field: 'metadata.labels' })).toEqual({ message: 'Deployment ns/web: check', severity: 'warning', resourceRef: ref, field: { path: 'metadata.labels' } });
  });
});
