// One check for every function's README configuration table: the rows between the two markers must
// name exactly the schema's options, with its enum values and defaults.
import * as fs from 'node:fs';
import * as path from 'node:path';

interface SchemaProp {
  enum?: string[];
  default?: unknown;
  type?: string;
}
interface FunctionSchema {
  definitions: { spec: { properties: object } };
}

const README = path.join(__dirname, '..', '..', 'README.md');

/** Registers the table's tests: `marker` is the name in `<!-- MARKER:start … MARKER:end -->`. */
export function describeConfigTable(title: string, marker: string, schema: FunctionSchema): void {
  const readme = fs.readFileSync(README, 'utf8');
  const table = readme.split(`<!-- ${marker}:start`)[1]?.split(`<!-- ${marker}:end -->`)[0] ?? '';
  const rows = new Map(
    table
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) => l.split('|').map((c) => c.trim()))
      .map((cells) => [cells[1].replace(/`/g, ''), { values: cells[2], def: cells[3] }]),
  );
  const props = schema.definitions.spec.properties as Record<string, SchemaProp>;

  describe(title, () => {
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
      else expect(row.def).toBe(`\`${Array.isArray(d) ? d.join(',') : String(d)}\``);
    });
  });
}
