import { splitItems } from './split-items';

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

describe('splitItems: the common ResourceList layouts, one range per item', () => {
  test('compact items (kyaml), comments, functionConfig after the items', () => {
    const text = lines(
      'apiVersion: config.kubernetes.io/v1',
      'kind: ResourceList',
      'items:',
      '# first',
      '- apiVersion: v1',
      '  kind: ConfigMap',
      '  metadata:',
      '    name: a',
      '- # a comment on the dash line',
      '  apiVersion: v1',
      '  kind: Secret',
      '  metadata: {name: b}',
      'functionConfig:',
      '  apiVersion: v1',
      '  kind: ConfigMap',
    );
    const s = splitItems(text)!;
    expect(s.dashCol).toBe(0);
    expect(s.rootKeys).toEqual(['apiVersion', 'kind', 'items', 'functionConfig']);
    expect(s.items.map((r) => text.slice(r.from, r.to))).toEqual([
      'apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: a\n',
      'apiVersion: v1\n  kind: Secret\n  metadata: {name: b}\n',
    ]);
    expect(text.slice(s.items[1].lineStart, s.items[1].from)).toBe('- # a comment on the dash line\n  ');
    expect(s.skeleton).toBe(lines('apiVersion: config.kubernetes.io/v1', 'kind: ResourceList', 'items: []', 'functionConfig:', '  apiVersion: v1', '  kind: ConfigMap'));
  });

  test('flow mapping items (a JSON file\'s object as kpt passes it), also on the line after the dash; quoted first keys', () => {
    const text = lines('kind: ResourceList', 'items:', '- {"kind": "A", "x": [1, 2]} # c', '- # the next', '  {"kind": "B"}', '- kind: C');
    const s = splitItems(text)!;
    expect(s.items.map((r) => text.slice(r.from, r.to))).toEqual(['{"kind": "A", "x": [1, 2]} # c\n', '{"kind": "B"}\n', 'kind: C\n']);
    // a quoted first key (generators that quote every key)
    const quoted = lines('kind: ResourceList', 'items:', '- "kind": A', '  "x": 1', "- 'kind': B");
    expect(splitItems(quoted)!.items.map((r) => quoted.slice(r.from, r.to))).toEqual(['"kind": A\n  "x": 1\n', "'kind': B\n"]);
    // a flow sequence is not an item the fast path reads
    expect(splitItems(lines('kind: ResourceList', 'items:', '- [1, 2]'))).toBeUndefined();
  });

  test('indented items, the last one at the end of a text without a final newline', () => {
    const text = 'kind: ResourceList\nitems:\n  - kind: A\n    x: |\n      - not an item\n  - kind: B';
    const s = splitItems(text)!;
    expect(s.dashCol).toBe(2);
    expect(s.items.map((r) => text.slice(r.from, r.to))).toEqual(['kind: A\n    x: |\n      - not an item\n', 'kind: B']);
    expect(s.regionEnd).toBe(text.length);
  });

  test.each([
    ['flow items', 'kind: ResourceList\nitems: [{kind: A}]\n'],
    ['empty items', 'kind: ResourceList\nitems: []\n'],
    ['items with nothing under them', 'kind: ResourceList\nitems:\nfunctionConfig: {}\n'],
    ['a document marker', '---\nkind: ResourceList\nitems:\n- kind: A\n'],
    ['a directive', '%YAML 1.1\n---\nkind: ResourceList\nitems:\n- kind: A\n'],
    ['CRLF line ends', 'kind: ResourceList\r\nitems:\r\n- kind: A\r\n'],
    ['a byte order mark', '\ufeffkind: ResourceList\nitems:\n- kind: A\n'],
    ['an anchored item', 'kind: ResourceList\nitems:\n- &a kind: A\n'],
    ['a tagged item', 'kind: ResourceList\nitems:\n- !!map\n  kind: A\n'],
    ['a nested sequence item', 'kind: ResourceList\nitems:\n- - kind: A\n'],
    ['an empty item', 'kind: ResourceList\nitems:\n-\n- kind: A\n'],
    ['a quoted root key', '"kind": ResourceList\nitems:\n- kind: A\n'],
    ['two items keys', 'items:\n- kind: A\nitems:\n- kind: B\n'],
    ['a line between the dash column and the root', 'items:\n  - kind: A\n x: 1\n'],
    ['content at the dash column that is not a dash', 'items:\n  - kind: A\n  x: 1\n'],
    ['indented content before the first key', '  kind: ResourceList\nitems:\n- kind: A\n'],
  ])('declines %s', (_name, text) => {
    expect(splitItems(text)).toBeUndefined();
  });
});
