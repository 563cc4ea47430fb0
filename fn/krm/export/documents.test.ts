import type { KubeObject } from '../../types';
import { exportNamespaces, plural, renderExport } from './documents';
import { ExportError } from './errors';

describe('what every export shares', () => {
  it('reads each namespace once, sorted; none, or a name that is not a namespace, is an argument error', () => {
    expect(exportNamespaces(['web', 'demo', 'web'])).toEqual(['demo', 'web']);
    expect(() => exportNamespaces([])).toThrow(new ExportError('argument-invalid', 'at least one namespace is required'));
    expect(() => exportNamespaces(['Web'])).toThrow('invalid namespace name "Web"');
    expect(() => exportNamespaces(['web'], ['kube_system'])).toThrow('invalid namespace name "kube_system"');
  });

  it('writes a header (title, context, scope, count, more) and then the objects in the export’s order', () => {
    const cm = (name: string, namespace: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace } });
    const text = renderExport({
      title: 'T',
      reader: { contextName: 'ctx', server: 'https://k' },
      scope: 'Namespaces: a, b',
      objects: [cm('second', 'b'), cm('first', 'a')],
      more: ['Re-export with: x'],
      kindRank: () => 0,
    });
    expect(text.split('---\n')[0]).toBe('# T\n# Context: ctx (server https://k)\n# Namespaces: a, b\n# 2 objects, each annotated config.kubernetes.io/local-config: "true" (read by the function, never applied).\n# Re-export with: x\n');
    expect(text.split('---\n').slice(1).map((d) => d.match(/name: (\w+)/)?.[1])).toEqual(['first', 'second']);
    expect(plural(1, 'object')).toBe('1 object');
  });
});
