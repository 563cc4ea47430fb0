// The README's JuiceFS configuration table must describe exactly the schema's options and defaults.
import * as fs from 'node:fs';
import * as path from 'node:path';
import schema from '../../schemas/inject-juicefs-sidecar.schema.json';

const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
const table = readme.split('<!-- juicefs-config-reference:start')[1]?.split('<!-- juicefs-config-reference:end -->')[0] ?? '';
const rows = new Map(
  table
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => l.split('|').map((c) => c.trim()))
    .map((cells) => [cells[1].replace(/`/g, ''), { values: cells[2], def: cells[3] }]),
);
const props = schema.definitions.spec.properties as Record<string, { enum?: string[]; default?: unknown; type?: string }>;

describe('README JuiceFS config reference', () => {
  it('lists exactly the schema options', () => {
    expect([...rows.keys()].sort()).toEqual(Object.keys(props).sort());
  });

  it.each(Object.entries(props))('%s: values and default match the schema', (name, prop) => {
    const row = rows.get(name)!;
    for (const v of prop.enum ?? []) expect(row.values).toContain(`\`${v}\``);
    if (prop.type === 'boolean') expect(row.values).toBe('boolean');
    const d = prop.default;
    if (d === undefined || (Array.isArray(d) && d.length === 0)) expect(row.def).toBe('none');
    else if (d === '') expect(row.def).toBe('empty');
    else expect(row.def).toBe(`\`${String(d)}\``);
  });
});
