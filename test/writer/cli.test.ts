// The writer through the executable and the KRM entry point: JSON in → JSON out, a byte order
// mark and CRLF line breaks kept, DEBUG=writer naming each item's strategy, the bench's own input
// written item by item (#12), and output that cannot be written exactly failing loudly (#14).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import YAML from 'yaml';
import * as krm from '../../fn/krm/cli/krm';
import { runRender } from '../../fn/krm/cli/render';
import type { KrmFunction, TransformOutput } from '../../fn/krm/function';
import { readResourceList } from '../../fn/krm/resourcelist/read';
import { SOURCE } from '../../fn/krm/resourcelist/state';
import { writeResourceListTraced } from '../../fn/krm/resourcelist/write';
import { transform } from '../../fn/fluid/transform';
import type { KubeObject } from '../../fn/types';
import { loadCases, resourceListOf } from '../support/golden';
import { itemTexts } from './support';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin', 'inject-fluid-sidecar');
const c = loadCases(path.join(ROOT, 'testdata', 'fluid-cases')).find((x) => x.name === 'deployment-basic')!;
const RL = resourceListOf(c.inputText);

function cli(args: string[], input: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(BIN, args, { input, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the executable', () => {
  const lf = cli([], RL);

  test('writes the workload item by item; DEBUG=writer tells how', () => {
    expect(lf.status).toBe(0);
    const debug = cli([], RL, { DEBUG: 'writer' });
    expect(debug.stdout).toBe(lf.stdout);
    expect(debug.stderr).toMatch(/^\[writer\] Deployment team-a\/web \(items\[\d+\]\): patch$/m);
    expect(lf.stderr).not.toContain('[writer]');
  });

  test('CRLF input: the same output with CRLF line breaks', () => {
    const crlf = cli([], RL.replace(/\n/g, '\r\n'));
    expect(crlf.status).toBe(0);
    expect(crlf.stdout).toBe(lf.stdout.replace(/\n/g, '\r\n'));
  });

  test('a byte order mark is kept', () => {
    const bom = cli([], `\ufeff${RL}`);
    expect(bom.status).toBe(0);
    expect(bom.stdout).toBe(`\ufeff${lf.stdout}`);
  });

  test.each([2, 0])('JSON input (indent %i) gives JSON output; untouched items keep their bytes', (indent) => {
    const json = JSON.stringify(YAML.parse(RL, { version: '1.1' }), null, indent || undefined);
    const r = cli([], json);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.items).toEqual(YAML.parse(lf.stdout, { version: '1.1' }).items);
    expect(out.results).toEqual(YAML.parse(lf.stdout, { version: '1.1' }).results);
    const before = itemTexts(json);
    const after = itemTexts(r.stdout);
    const changed = before.filter((t, i) => t !== after[i]);
    expect(changed.length).toBe(1); // the workload
  });

  test('render: a JSON manifest comes back as JSON', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'writer-json-'));
    const docs = YAML.parseAllDocuments(c.inputText, { version: '1.1' }).map((d) => d.toJS()).filter((x) => x !== null);
    const file = path.join(dir, 'in.json');
    fs.writeFileSync(file, docs.map((d) => JSON.stringify(d, null, 2)).join('\n---\n'));
    const r = cli(['render', file], '');
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.status).toBe(0);
    const out = r.stdout.split('\n---\n').map((t) => JSON.parse(t) as KubeObject);
    expect(out.length).toBeGreaterThan(docs.length);
    const dep = out.find((o) => o.kind === 'Deployment') as any;
    expect(dep.spec.template.spec.containers[0].name).toBe('fluid-fuse-0');
  });
});

/** A function whose transform returns `out` whatever it is given: output the writer cannot make exact. */
const returning = (out: TransformOutput): KrmFunction => ({ name: 'inject-fluid-sidecar', configKinds: [], transform: () => out });

describe('output that cannot be written exactly fails loudly', () => {
  test('KRM: an error result naming the item, the input items unchanged, no injection written', () => {
    const parsed = readResourceList(RL);
    const i = parsed.items.findIndex((x) => x.object.kind === 'Deployment');
    const bad = { ...parsed.items[i].object, spec: { note: '\ud800' } } as KubeObject;
    const run = krm.runKrm(RL, returning({ updated: new Map([[i, bad]]), added: [], results: [{ message: 'injected', severity: 'info' }] }));
    expect(run.results).toEqual([
      expect.objectContaining({ severity: 'error', message: expect.stringMatching(/^cannot write Deployment team-a\/web \(items\[\d+\]\) so that it reads back exactly/), resourceRef: expect.objectContaining({ kind: 'Deployment', name: 'web' }) }),
    ]);
    expect(readResourceList(run.stdout).items.map((x) => x.object)).toEqual(parsed.items.map((x) => x.object));
  });

  test('render: the error, nothing on stdout', () => {
    const out: TransformOutput = {
      updated: new Map([[0, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: '\ud800' } } as KubeObject]]),
      added: [],
      results: [],
    };
    const run = runRender([{ path: 'a.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n', context: false }], returning(out));
    expect(run.stdout).toBe('');
    expect(run.results).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringMatching(/^cannot write ConfigMap a \(items\[0\]\)/) })]);
  });
});

describe("#12: the bench's own input is written item by item", () => {
  // the bench's block-style generator: Deployments whose dash lines carry a comment (`- # ...`)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bench = require('../../bench/generate.js') as { generatePackage: (n: number) => { rel: string; objects: ((extra: string[]) => string[])[] }[] };

  test('every workload patched, every new item written afresh, no other strategy', () => {
    const list = ['apiVersion: config.kubernetes.io/v1', 'kind: ResourceList', 'items:'];
    for (const f of bench.generatePackage(40)) {
      f.objects.forEach((o, index) => {
        const extra = [`config.kubernetes.io/index: '${index}'`, `config.kubernetes.io/path: '${f.rel}'`];
        o(extra).forEach((line, li) => list.push(li === 0 ? `- ${line}` : `  ${line}`));
      });
    }
    const text = `${list.join('\n')}\n`;
    expect(text).toMatch(/^- # /m);
    const parsed = readResourceList(text);
    expect(parsed[SOURCE]).toMatchObject({ layout: { kind: 'lines' } });
    const out = transform(
      parsed.items.map((x) => x.object),
      parsed.functionConfig,
    );
    const written = writeResourceListTraced(parsed, out);
    const n = parsed.items.length;
    for (const [i, s] of written.strategies) expect([i, s]).toEqual([i, i < n ? 'patch' : 'fresh']);
    expect([...written.strategies.keys()].filter((i) => i < n).length).toBe(40);
  });
});
