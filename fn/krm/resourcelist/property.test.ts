import { readFileSync } from 'fs';
import { join } from 'path';
import fc from 'fast-check';
import type { JsonObject, KubeObject } from '../../types';
import { readResourceList } from './read';
import { writeResourceListTraced } from './write';

const KPT = readFileSync(join(__dirname, '__fixtures__', 'kpt-input.yaml'), 'utf8');

// Random plain data put into items: whatever it is, the output must be a splice of the block
// input that parses back to exactly that data, with the untouched item byte-identical.
test('random changes round-trip through the splice writer', () => {
  const parsed = readResourceList(KPT);
  const untouched = KPT.slice(KPT.indexOf('- apiVersion: v1\n  kind: ConfigMap'), KPT.indexOf('functionConfig:'));
  const str = fc.string({ unit: 'binary' });
  const data = fc.dictionary(str, fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }), { maxKeys: 6 }) as fc.Arbitrary<JsonObject>;
  fc.assert(
    fc.property(data, data, str, (changed, added, message) => {
      const dep = { ...JSON.parse(JSON.stringify(parsed.items[0].object)), extra: changed } as KubeObject;
      const item = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'n' }, data: added } as KubeObject;
      const r = writeResourceListTraced(parsed, {
        updated: new Map([[0, dep]]),
        added: [item],
        results: [{ message, severity: 'info' }],
      });
      expect([...r.strategies.values()]).toEqual(['patch', 'fresh']);
      expect(r.text).toContain(untouched);
      const back = readResourceList(r.text);
      expect(back.items.map((i) => i.object)).toEqual([dep, parsed.items[1].object, item]);
    }),
    { numRuns: 300 },
  );
});
