// Items left out of the output (`removed`): an uninject takes back the ConfigMaps it emitted.
import { readManifests, readResourceList } from './read';
import { writeManifests, writeResourceListTraced } from './write';

const configMap = (name: string, comment = '') => `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: ${name}${comment}\n`;
const LIST = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${configMap('a')}# about b\n${configMap('b')}${configMap('c', ' # last')}`;

const names = (text: string) => readResourceList(text).items.map((i) => i.object.metadata.name);

describe('removed items', () => {
  it('item by item: their lines are cut, the rest stays byte for byte', () => {
    const r = writeResourceListTraced(readResourceList(LIST), { updated: new Map(), added: [], removed: new Set([1]), results: [] });
    expect(names(r.text)).toEqual(['a', 'c']);
    expect(r.text).toBe(LIST.replace(configMap('b'), ''));
  });

  it('the last item, and together with a changed one', () => {
    const parsed = readResourceList(LIST);
    const a = { ...parsed.items[0].object, data: { k: 'v' } };
    const r = writeResourceListTraced(parsed, { updated: new Map([[0, a]]), added: [], removed: new Set([2]), results: [] });
    expect(names(r.text)).toEqual(['a', 'b']);
    expect(readResourceList(r.text).items[0].object).toEqual(a);
    expect(r.text).not.toContain('# last');
  });

  it('a list read whole (CRLF): block items go too; a flow item cannot, and that is an error naming it', () => {
    const crlf = LIST.replace(/\n/g, '\r\n');
    const r = writeResourceListTraced(readResourceList(crlf), { updated: new Map(), added: [], removed: new Set([0]), results: [] });
    expect(names(r.text)).toEqual(['b', 'c']);
    const flow = '{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a"}}, {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "b"}}]}';
    expect(() => writeResourceListTraced(readResourceList(flow), { updated: new Map(), added: [], removed: new Set([0]), results: [] })).toThrow('ConfigMap a');
  });

  it('manifest files: the document leaves its file, the other files stay as they were', () => {
    const parsed = readManifests([
      { path: 'a.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n# b\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n' },
      { path: 'c.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n' },
    ]);
    const out = writeManifests(parsed, { updated: new Map(), added: [], removed: new Set([1]), results: [] });
    expect(out.map((f) => f.path)).toEqual(['a.yaml', 'c.yaml']);
    expect(out[0].text).toBe('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n# b\n');
    expect(out[1].text).toBe('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n');
  });
});
