// The shape of the code, from its import statements: the chassis (fn/krm) knows no domain, and
// the folders import each other without a cycle.
import * as fs from 'node:fs';
import * as path from 'node:path';

const FN = __dirname;

interface Module {
  /** path relative to fn/, without `.ts` */
  file: string;
  /**
   * relative to fn/, without `.ts`. `import type` lines are left out: they do not order module
   * evaluation, and a record type shared by its builders (JuiceFS `Settings` and the cache-dir and
   * patch steps that fill it in) is a type-level loop, not a dependency cycle.
   */
  imports: string[];
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s(?!type\s)[^;]*?from\s+'(\.{1,2}\/[^']+)'|import\(\s*'(\.{1,2}\/[^']+)'\s*\)|require\(\s*'(\.{1,2}\/[^']+)'\s*\)/g;

function modules(): Module[] {
  return sourceFiles(FN).map((abs) => {
    const text = fs.readFileSync(abs, 'utf8');
    const imports = [...text.matchAll(IMPORT)]
      .map((m) => m[1] ?? m[2] ?? m[3])
      .map((spec) => path.relative(FN, path.resolve(path.dirname(abs), spec)).replace(/\.(ts|js|json)$/, ''))
      .filter((target) => !target.startsWith('..'));
    return { file: path.relative(FN, abs).replace(/\.ts$/, ''), imports };
  });
}

/**
 * The node a file belongs to: its folder; but a file directly in fn/ or in a domain folder
 * (fn/fluid/labels.ts, fn/fluid/transform.ts, ...) is a node of its own, since a domain's
 * vocabulary (imported by its subfolders) and its entry (importing them) sit side by side there.
 */
function nodeOf(file: string): string {
  const parts = file.split('/');
  return parts.length <= 2 ? file : parts.slice(0, -1).join('/');
}

/** A cycle in a directed graph, as its node list, or undefined. */
function findCycle(edges: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === 'done') return undefined;
    if (state.get(n) === 'open') return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 'open');
    stack.push(n);
    for (const m of edges.get(n) ?? []) {
      const c = visit(m);
      if (c) return c;
    }
    stack.pop();
    state.set(n, 'done');
    return undefined;
  };
  for (const n of [...edges.keys()].sort()) {
    const c = visit(n);
    if (c) return c;
  }
  return undefined;
}

function folderGraph(mods: Module[]): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const m of mods) {
    const from = nodeOf(m.file);
    if (!edges.has(from)) edges.set(from, new Set());
    for (const t of m.imports) if (nodeOf(t) !== from) edges.get(from)!.add(nodeOf(t));
  }
  return edges;
}

describe('architecture', () => {
  const mods = modules();

  it('finds the modules and their imports', () => {
    expect(mods.length).toBeGreaterThan(40);
    expect(mods.find((m) => m.file === 'fluid/transform')?.imports).toContain('krm/errors');
  });

  it('the chassis (fn/krm) imports nothing outside fn/krm but fn/types', () => {
    const bad = mods
      .filter((m) => m.file.startsWith('krm/'))
      .flatMap((m) => m.imports.filter((t) => !t.startsWith('krm/') && t !== 'types').map((t) => `${m.file} → ${t}`));
    expect(bad).toEqual([]);
  });

  it('fn/types imports nothing of the package', () => {
    expect(mods.find((m) => m.file === 'types')?.imports).toEqual([]);
  });

  it('the folder graph has no cycle', () => {
    expect(findCycle(folderGraph(mods))).toBeUndefined();
  });

  it('the checks can fail: a cycle and a chassis import are found', () => {
    const planted: Module[] = [
      ...mods,
      { file: 'fluid/state/x', imports: ['fluid/mutate/inject-pod'] },
      { file: 'fluid/mutate/y', imports: ['fluid/state/cluster-state'] },
    ];
    expect(findCycle(folderGraph(planted))).toEqual(expect.arrayContaining(['fluid/state', 'fluid/mutate']));
    expect(nodeOf('fluid/labels')).toBe('fluid/labels');
    expect(nodeOf('krm/resourcelist/read')).toBe('krm/resourcelist');
  });
});
