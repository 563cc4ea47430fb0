#!/usr/bin/env node
'use strict';
// Summarize a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by file/module,
// plus inclusive (total) time of the function's own phases.
//
//   node --cpu-prof --cpu-prof-dir=.bench/prof bin/inject-fluid-sidecar < .bench/1000.resourcelist.yaml > /dev/null
//   node bench/top-profile.js [PROFILE.cpuprofile | DIR] [--top 15]
//
// Without an argument, the newest .cpuprofile in .bench/prof is read.
const fs = require('node:fs');
const path = require('node:path');

function parseArgs(argv) {
  const o = { file: path.resolve(__dirname, '..', '.bench', 'prof'), top: 15 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--top') o.top = Number(argv[++i]);
    else if (argv[i].startsWith('--top=')) o.top = Number(argv[i].slice(6));
    else o.file = argv[i];
  }
  if (fs.statSync(o.file).isDirectory()) {
    const files = fs
      .readdirSync(o.file)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => path.join(o.file, f))
      .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
    if (!files.length) throw new Error(`no .cpuprofile in ${o.file}`);
    o.file = files[0];
  }
  return o;
}

const ROOT = path.resolve(__dirname, '..');

/** file URL/path → short name: "yaml/dist/parse/lexer.js", "dist/fn/krm/resourcelist/write.js", "(node internals)". */
function shortFile(url) {
  if (!url) return '(native / V8)';
  let p = url.startsWith('file://') ? decodeURIComponent(url.slice(7)) : url;
  if (p.startsWith('node:')) return '(node internals)';
  const nm = p.lastIndexOf('/node_modules/');
  if (nm >= 0) return p.slice(nm + '/node_modules/'.length);
  if (p.startsWith(ROOT + '/')) p = p.slice(ROOT.length + 1);
  // bench/run.js runs a snapshot of the build from .bench/snapshot/
  if (p.startsWith('.bench/snapshot/')) p = p.slice('.bench/snapshot/'.length);
  return p;
}

/** "yaml", "ajv", "dist/fn", "(node internals)", ... */
function moduleOf(file) {
  if (file.startsWith('(')) return file;
  if (file.startsWith('@')) return file.split('/').slice(0, 2).join('/');
  if (file.startsWith('dist/fn/')) return file.split('/').slice(0, 3).join('/');
  return file.split('/')[0];
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  const prof = JSON.parse(fs.readFileSync(o.file, 'utf8'));
  const nodes = new Map(prof.nodes.map((n) => [n.id, n]));
  // self time per node: sum of time deltas of the samples that hit it
  const self = new Map();
  for (let i = 0; i < prof.samples.length; i++) {
    const id = prof.samples[i];
    self.set(id, (self.get(id) || 0) + (prof.timeDeltas[i] || 0));
  }
  const totalUs = [...self.values()].reduce((a, b) => a + b, 0);
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children || []) parent.set(c, n.id);

  const byFn = new Map();
  const byFile = new Map();
  const byModule = new Map();
  const add = (m, k, v) => m.set(k, (m.get(k) || 0) + v);
  for (const [id, us] of self) {
    const cf = nodes.get(id).callFrame;
    const file = shortFile(cf.url);
    const name = cf.functionName || '(anonymous)';
    const key = cf.url ? `${name}  ${file}:${cf.lineNumber + 1}` : name;
    add(byFn, key, us);
    add(byFile, file, us);
    add(byModule, moduleOf(file), us);
  }

  // inclusive time of selected frames (counted once per sample even under recursion)
  const inclusive = new Map();
  const INCLUSIVE = [
    /^(readResourceList|writeResourceList|transform|runKrm|main|parseDocument|toJS|toString|loadConfig|compile|require|compileFunction|syncNode|stringifyNode|structuredClone)$/,
  ];
  for (let i = 0; i < prof.samples.length; i++) {
    const seen = new Set();
    for (let id = prof.samples[i]; id !== undefined; id = parent.get(id)) {
      const cf = nodes.get(id).callFrame;
      const name = cf.functionName;
      if (!name || !INCLUSIVE.some((re) => re.test(name))) continue;
      const key = `${name}  ${shortFile(cf.url)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      add(inclusive, key, prof.timeDeltas[i] || 0);
    }
  }

  // inclusive time of every function of the project (dist/fn), once per sample
  const ownInclusive = new Map();
  for (let i = 0; i < prof.samples.length; i++) {
    const seen = new Set();
    for (let id = prof.samples[i]; id !== undefined; id = parent.get(id)) {
      const cf = nodes.get(id).callFrame;
      const file = shortFile(cf.url);
      if (!file.startsWith('dist/fn/')) continue;
      const key = `${cf.functionName || '(anonymous)'}  ${file}:${cf.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      add(ownInclusive, key, prof.timeDeltas[i] || 0);
    }
  }

  const ms = (us) => (us / 1000).toFixed(0).padStart(6);
  const pct = (us) => `${((100 * us) / totalUs).toFixed(1).padStart(5)} %`;
  const table = (title, m, top) => {
    console.log(`\n${title}`);
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .forEach(([k, us]) => console.log(`${ms(us)} ms ${pct(us)}  ${k}`));
  };
  const wall = (prof.endTime - prof.startTime) / 1000;
  console.log(`${path.relative(process.cwd(), o.file)}: ${prof.samples.length} samples, ${(totalUs / 1000).toFixed(0)} ms sampled, ${wall.toFixed(0)} ms profiled`);
  table(`Top ${o.top} functions by self time`, byFn, o.top);
  table('Self time by file', byFile, o.top);
  table('Self time by module', byModule, 20);
  table('Inclusive time of selected frames', inclusive, 40);
  table(`Inclusive time of the project's functions (dist/fn), top ${2 * o.top}`, ownInclusive, 2 * o.top);
  console.log('\n(garbage collector time is not attributed to callers; it is part of no inclusive figure)');
}

main();
