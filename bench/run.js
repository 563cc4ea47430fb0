#!/usr/bin/env node
'use strict';
// Benchmark: inject-fluid-sidecar against Go's kyaml (kpt) on synthetic kpt packages, in the
// styles people write (bench/generate.js: block, helm, mixed, flow, json, anchors).
//
//   node bench/run.js [--styles block,helm,mixed,flow,json,anchors,juicefs] [--sizes 1,1000,10000] [--runs K]
//                     [--commands fn,kyaml,fnKpt,catKpt,replayKpt,node,nodeBare] [--kpt-max N]
//                     [--build DIR] [--no-warmup] [--live] [--heap-mb MB] [--out FILE]
//
// Environment: BENCH_STYLES and BENCH_SIZES (same as --styles, --sizes; the options win).
// --runs K: timed runs per command (default 5 for N <= 1000, 3 above); every command also gets one
// untimed warm-up run whose output is checked (N > 1000: the checked run counts as the first run).
// --kpt-max N: the commands under kpt (fnKpt, catKpt, replayKpt) run only for sizes up to N
// (default 1000: at 10,000 each takes minutes; --kpt-max 10000 for those too).
// The function is run from a copy of bin/ + dist/ taken at start (.bench/snapshot), so a rebuild
// during the benchmark does not mix builds; --build DIR takes that copy from another checkout's
// build (a baseline; its node_modules are this one's); --live runs bin/ in place.
// --heap-mb: diagnostic only, runs the function with NODE_OPTIONS=--max-old-space-size=MB.
// --out: where the markdown goes besides stdout (default .bench/results.md).
//
// For each style S and size N it generates (deterministically, seeded) into .bench/:
//   .bench/S-N/                   the kpt package: workloads that opt in to Fluid sidecar injection
//                                 (and, for mixed, the objects around them), plus the cluster state
//                                 (fluid-context/<ns>.yaml)
//   .bench/S-N-copy/              the same package, the target of `kpt fn eval` (never modified: -o stdout)
//   .bench/S-N.resourcelist.yaml  the same items as one ResourceList, with the annotations kpt adds
//                                 (path, index, seqindent), each item in its file's own style
// and times, median of several runs, wall clock around spawnSync, CPU and peak RSS via GNU time:
//   fn          bin/inject-fluid-sidecar < S-N.resourcelist.yaml > /dev/null
//   kyaml       kpt fn source .bench/S-N > /dev/null                      (Go read + write)
//   fn@kpt      kpt fn eval .bench/S-N-copy --exec <bin, timed by GNU time> -o stdout > /dev/null
//               (the timing also gives the function's own process under kpt, directly)
//   cat@kpt     kpt fn eval .bench/S-N-copy --exec /bin/cat -o stdout > /dev/null   (kpt's own cost)
//   replay@kpt  kpt fn eval .bench/S-N-copy --exec <script printing the fn's recorded output>
//               (kpt's own cost for the function's bigger output: fn@kpt - replay@kpt is the
//               function's own share under kpt)
//   node        node -e 0                                                  (Node.js start-up alone, N=1)
//   nodeBare    the same without NODE_EXTRA_CA_CERTS, when it is set (node loads those certificates
//               at start-up; bin/'s launcher drops the variable for the function)
// The checked warm-up run of fn also reports the fast paths' declines (INJECT_FLUID_SIDECAR_STATS,
// fn/krm/resourcelist/fast-path-stats.ts): scans declined, flow collections and items left to the
// library, whole-document reads, items re-written by the library.
// The JuiceFS function (bin/inject-juicefs-sidecar) is the style `juicefs` (its package in block
// style); without it that row says so.
// Prints markdown tables and the targets of #18 (PASS/FAIL) and writes both to .bench/results.md.
// A failed target never fails the script; a failed run (non-zero exit of the function or kpt) does.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { STYLES, fileText, resourceList } = require('./generate');
const { juicefsPackage } = require('./generate-juicefs');

const ROOT = path.resolve(__dirname, '..');
const BENCH = path.join(ROOT, '.bench');
// The function under test: a snapshot of bin/ + dist/ taken at start (see snapshotBuild), so that a
// rebuild of dist/ by someone else during a long benchmark cannot mix two builds. --live: use ROOT.
// (one per bench process, removed at exit: two benchmarks, e.g. of a baseline, may run side by side)
const SNAPSHOT = path.join(BENCH, `snapshot-${process.pid}`);
let BIN = path.join(ROOT, 'bin', 'inject-fluid-sidecar');
let JUICEFS_BIN = path.join(ROOT, 'bin', 'inject-juicefs-sidecar');
let BUILD_INFO = '';
const LOAD = { start: '' };
const KPT = process.env.KPT || 'kpt';
const TIME = '/usr/bin/time';
const MiB = 1024 * 1024;
const COMMAND_KEYS = ['fn', 'kyaml', 'fnKpt', 'catKpt', 'replayKpt', 'node', 'nodeBare'];
const STATS_ENV = 'INJECT_FLUID_SIDECAR_STATS';

// ------------------------------------------------------------------------------------------------
// arguments

function parseArgs(argv) {
  const opts = {
    styles: listOf(process.env.BENCH_STYLES) || [...Object.keys(STYLES), 'juicefs'],
    sizes: (listOf(process.env.BENCH_SIZES) || ['1', '1000', '10000']).map(sizeOf),
    runs: undefined,
    warmup: true,
    live: false,
    commands: undefined,
    kptMax: 1000,
    build: ROOT,
    heapMb: undefined,
    out: path.join(BENCH, 'results.md'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    const is = (name) => a === name || a.startsWith(`${name}=`);
    if (is('--sizes')) opts.sizes = listOf(value()).map(sizeOf);
    else if (is('--styles')) opts.styles = listOf(value());
    else if (is('--runs')) {
      opts.runs = Number(value());
      if (!Number.isInteger(opts.runs) || opts.runs < 1) usage('--runs needs a positive integer');
    } else if (is('--commands')) opts.commands = listOf(value());
    else if (is('--kpt-max')) opts.kptMax = sizeOf(value());
    else if (is('--build')) opts.build = path.resolve(value());
    else if (is('--heap-mb')) {
      opts.heapMb = Number(value());
      if (!Number.isInteger(opts.heapMb) || opts.heapMb < 64) usage('--heap-mb needs an integer >= 64');
    } else if (is('--out')) opts.out = path.resolve(value());
    else if (a === '--live') opts.live = true;
    else if (a === '--no-warmup') opts.warmup = false;
    else if (a === '-h' || a === '--help') usage();
    else usage(`unknown argument ${a}`);
  }
  for (const s of opts.styles) if (!STYLES[s] && s !== 'juicefs') usage(`unknown style ${s}; known: ${Object.keys(STYLES).join(',')},juicefs`);
  for (const c of opts.commands || []) if (!COMMAND_KEYS.includes(c)) usage(`unknown command ${c}; known: ${COMMAND_KEYS.join(',')}`);
  return opts;
}

function listOf(s) {
  if (s === undefined || s.trim() === '') return undefined;
  return s.split(',').map((x) => x.trim()).filter((x) => x !== '');
}

function sizeOf(s) {
  const n = Number(String(s).replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) usage(`bad size ${JSON.stringify(s)}`);
  return n;
}

function usage(error) {
  const text =
    'usage: node bench/run.js [--styles block,helm,mixed,flow,json,anchors,juicefs] [--sizes 1,1000,10000] [--runs K]\n' +
    '                         [--commands fn,kyaml,fnKpt,catKpt,replayKpt,node,nodeBare] [--kpt-max N]\n' +
    '                         [--build DIR] [--no-warmup] [--live] [--heap-mb MB] [--out FILE]\n' +
    '       (BENCH_STYLES, BENCH_SIZES: the same as --styles, --sizes)\n';
  if (error) {
    process.stderr.write(`bench: ${error}\n${text}`);
    process.exit(2);
  }
  process.stdout.write(text);
  process.exit(0);
}

// ------------------------------------------------------------------------------------------------
// packages

function writeIfChanged(file, text) {
  try {
    if (fs.readFileSync(file, 'utf8') === text) return;
  } catch {
    // missing
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

/** Writes .bench/N, .bench/N-copy and .bench/N.resourcelist.yaml; returns the ResourceList path. */
/**
 * Writes .bench/S-N, .bench/S-N-copy and .bench/S-N.resourcelist.yaml for style S (a key of
 * STYLES, or 'juicefs') at size N.
 */
function generate(style, n) {
  const files = style === 'juicefs' ? juicefsPackage(n) : STYLES[style].files(n);
  const id = `${style}-${n}`;
  const dirs = [path.join(BENCH, id), path.join(BENCH, `${id}-copy`)];
  const wanted = new Set(files.map((f) => f.rel));
  for (const f of files) {
    const text = fileText(f);
    for (const d of dirs) writeIfChanged(path.join(d, f.rel), text);
  }
  const { text, items } = resourceList(files);
  // remove files a previous generator version left behind
  for (const d of dirs) {
    for (const rel of listFiles(d)) if (!wanted.has(rel)) fs.rmSync(path.join(d, rel));
  }
  const rl = path.join(BENCH, `${id}.resourcelist.yaml`);
  writeIfChanged(rl, text);
  return { id, style, resourceList: rl, pkg: dirs[0], copy: dirs[1], items };
}

function listFiles(dir, rel = '') {
  let out = [];
  let entries;
  try {
    entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out = out.concat(listFiles(dir, r));
    else out.push(r);
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// measuring

const HAVE_TIME = (() => {
  try {
    fs.accessSync(TIME, fs.constants.X_OK);
    return spawnSync(TIME, ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;
  } catch {
    return false;
  }
})();

/**
 * One run: wall ms (hrtime around spawnSync) and peak RSS in KiB. With GNU time, %M is the child's
 * ru_maxrss from wait4, which on Linux is the max over the child and the descendants it waited for
 * (for kpt: max(kpt, function)). Without it, peak RSS is not measured (the parent's
 * process.resourceUsage() only covers the parent itself).
 */
function runOnce(cmd, args, { stdinFile, stdoutFile, cwd, env }) {
  const rssFile = path.join(BENCH, `.rss-${process.pid}`);
  const argv = HAVE_TIME ? [TIME, '-f', '%M %U %S', '-o', rssFile, cmd, ...args] : [cmd, ...args];
  const stdin = stdinFile ? fs.openSync(stdinFile, 'r') : 'ignore';
  const stdout = fs.openSync(stdoutFile || '/dev/null', 'w');
  try {
    const t0 = process.hrtime.bigint();
    const res = spawnSync(argv[0], argv.slice(1), {
      cwd: cwd || ROOT,
      env: env || process.env,
      stdio: [stdin, stdout, 'pipe'],
      maxBuffer: 512 * MiB,
      encoding: 'utf8',
    });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    let rssKiB;
    let cpuMs;
    if (HAVE_TIME) {
      const text = fs.readFileSync(rssFile, 'utf8').trim().split('\n');
      const [m, u, sy] = text[text.length - 1].split(' ').map(Number);
      rssKiB = m;
      cpuMs = (u + sy) * 1000;
      fs.rmSync(rssFile, { force: true });
    }
    return { ms, rssKiB, cpuMs, status: res.status, signal: res.signal, error: res.error, stderr: res.stderr || '' };
  } finally {
    if (typeof stdin === 'number') fs.closeSync(stdin);
    fs.closeSync(stdout);
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function commandsFor(n, gen, opts) {
  const env = opts.heapMb ? { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS || ''} --max-old-space-size=${opts.heapMb}`.trim() } : undefined;
  const bin = gen.style === 'juicefs' ? JUICEFS_BIN : BIN;
  const all = [
    { key: 'fn', label: 'fn', cmd: bin, args: [], stdinFile: gen.resourceList },
    { key: 'kyaml', label: 'kpt fn source', cmd: KPT, args: ['fn', 'source', gen.pkg] },
    // (through a script that times the function's own process under kpt: timedScript)
    { key: 'fnKpt', label: 'fn under kpt', cmd: KPT, lazyArgs: () => ['fn', 'eval', gen.copy, '--exec', timedScript(gen, bin), '-o', 'stdout'], kpt: true },
    { key: 'catKpt', label: 'cat under kpt', cmd: KPT, args: ['fn', 'eval', gen.copy, '--exec', '/bin/cat', '-o', 'stdout'], kpt: true },
    // kpt handing back the function's (bigger) output without running it
    { key: 'replayKpt', label: 'replay under kpt', cmd: KPT, lazyArgs: () => ['fn', 'eval', gen.copy, '--exec', replayScript(gen, bin), '-o', 'stdout'], kpt: true },
    // Node.js starting with nothing to do (for the one-item run)
    { key: 'node', label: 'node -e 0', cmd: process.execPath, args: ['-e', '0'], only1: true },
    // ... and as on a machine without NODE_EXTRA_CA_CERTS, whose certificates node loads at start
    // (bin/'s launcher drops the variable for the function, which never connects anywhere)
    ...(process.env.NODE_EXTRA_CA_CERTS ? [{ key: 'nodeBare', label: 'node -e 0, no CA env', cmd: process.execPath, args: ['-e', '0'], only1: true, env: withoutCaCerts(env || process.env) }] : []),
  ].map((c) => ({ env, ...c }));
  let chosen = opts.commands ? all.filter((c) => opts.commands.includes(c.key)) : all;
  chosen = chosen.filter((c) => (!c.kpt || n <= opts.kptMax) && (!c.only1 || n === 1));
  for (const c of chosen) if (c.lazyArgs) c.args = c.lazyArgs();
  return chosen;
}

function withoutCaCerts(env) {
  const out = { ...env };
  delete out.NODE_EXTRA_CA_CERTS;
  return out;
}

/**
 * The function as an exec for kpt, timed by GNU time (one line per run appended to
 * `.bench/S-N.fn-under-kpt.times`): the function's own process under kpt, wall and CPU, measured
 * directly, besides fn@kpt − replay@kpt (which carries kpt's own run-to-run spread).
 */
function timedScript(gen, bin) {
  const script = path.join(BENCH, `${gen.id}.timed.sh`);
  const log = ownTimesFile(gen);
  fs.rmSync(log, { force: true });
  fs.writeFileSync(script, HAVE_TIME ? `#!/bin/sh\nexec "${TIME}" -a -o "${log}" -f '%e %U %S' "${bin}"\n` : `#!/bin/sh\nexec "${bin}"\n`, { mode: 0o755 });
  return script;
}

function ownTimesFile(gen) {
  return path.join(BENCH, `${gen.id}.fn-under-kpt.times`);
}

/** The function's own runs under kpt (timedScript), without the first (the warm-up) unless it counted. */
function ownUnderKpt(gen, countsWarmup) {
  let lines;
  try {
    lines = fs.readFileSync(ownTimesFile(gen), 'utf8').trim().split('\n').filter((l) => /^[0-9.]+ [0-9.]+ [0-9.]+$/.test(l));
  } catch {
    return undefined;
  }
  const runs = (countsWarmup ? lines : lines.slice(1)).map((l) => l.split(' ').map(Number));
  if (runs.length === 0) return undefined;
  return { ms: median(runs.map(([e]) => e * 1000)), cpuMs: median(runs.map(([, u, sy]) => (u + sy) * 1000)), runs: runs.length };
}

/**
 * An exec function for kpt that reads its input and prints what the function printed for that
 * same input under kpt (recorded once, here): what kpt itself costs for the function's output.
 */
function replayScript(gen, bin) {
  const recorded = path.join(BENCH, `${gen.id}.replay.yaml`);
  const record = path.join(BENCH, `${gen.id}.record.sh`);
  const replay = path.join(BENCH, `${gen.id}.replay.sh`);
  fs.writeFileSync(record, `#!/bin/sh\n"${bin}" | tee "${recorded}"\n`, { mode: 0o755 });
  fs.writeFileSync(replay, `#!/bin/sh\ncat > /dev/null\nexec cat "${recorded}"\n`, { mode: 0o755 });
  if (!fs.existsSync(recorded) || fs.statSync(recorded).mtimeMs < fs.statSync(gen.resourceList).mtimeMs || fs.statSync(recorded).mtimeMs < fs.statSync(bin).mtimeMs) {
    const res = runOnce(KPT, ['fn', 'eval', gen.copy, '--exec', record, '-o', 'stdout'], {});
    if (res.status !== 0) throw new Error(`recording the function's output under kpt failed: ${reasonOf(res)}`);
  }
  return replay;
}

/** A short reason for a failed run. */
function reasonOf(res) {
  if (res.error) return res.error.message;
  if (/heap out of memory|Reached heap limit|allocation failure; scavenge might not succeed/.test(res.stderr)) return 'out of memory (JS heap)';
  return `exit status ${res.status}${res.signal ? ` (${res.signal})` : ''}`;
}

/** Output checks of the first (warm-up) run: the function really injected every opted-in workload. */
function check(c, gen, expected, outFile, stderr) {
  if (c.key === 'node' || c.key === 'nodeBare') return undefined;
  const out = fs.readFileSync(outFile, 'utf8');
  // kpt may move comments onto the sidecar's name line
  const sidecar =
    gen.style === 'juicefs'
      ? /^\s*(- )?name: jfs-mount( +#.*)?$/gm
      : gen.style === 'json'
        ? /\{"name": "fluid-fuse-0"/g // (a changed JSON item is written back as JSON)
        : /^\s*(- )?name: fluid-fuse-0( +#.*)?$/gm;
  const sidecars = (out.match(sidecar) || []).length;
  if (c.key === 'fn' || c.key === 'fnKpt' || c.key === 'replayKpt') {
    if (sidecars !== expected) return `expected ${expected} injected sidecars, found ${sidecars}`;
    if (/\[error\]/.test(stderr)) return `error results on stderr: ${stderr.split('\n').find((l) => l.includes('[error]'))}`;
    if (gen.style !== 'juicefs' && /\[warning\]/.test(stderr)) return `warning results on stderr: ${stderr.split('\n').find((l) => l.includes('[warning]'))}`;
  } else if (sidecars !== 0) {
    return `expected no injected containers, found ${sidecars}`;
  }
  if (out.length < 100) return `output too short (${out.length} bytes)`;
  return undefined;
}

/** The fast paths' counts from the function's stderr (fast-path-stats.ts), if it printed them. */
function declinesOf(stderr) {
  const m = /^fast-path-stats (\{.*\})$/m.exec(stderr);
  if (!m) return undefined;
  try {
    return JSON.parse(m[1]);
  } catch {
    return undefined;
  }
}

function fail(c, gen, why, stderr) {
  const tail = (stderr || '').trim().split('\n').slice(-15).join('\n');
  process.stderr.write(`bench: ${gen.id} ${c.label} failed: ${why}\n${tail ? `${tail}\n` : ''}`);
}

function measure(n, gen, expected, opts) {
  const reps = opts.runs || (n <= 1000 ? 5 : 3);
  const cmds = commandsFor(n, gen, opts);
  const samples = Object.fromEntries(cmds.map((c) => [c.key, []]));
  const failed = new Map(); // key → reason
  let declines;
  // warm-up + check: output goes to a file and is checked, not timed
  for (const c of cmds) {
    const outFile = path.join(BENCH, `${gen.id}.${c.key}.out.yaml`);
    const env = c.key === 'fn' ? { ...(c.env || process.env), [STATS_ENV]: '1' } : c.env;
    const res = runOnce(c.cmd, c.args, { stdinFile: c.stdinFile, stdoutFile: outFile, env });
    if (res.status !== 0) {
      fail(c, gen, reasonOf(res), res.stderr);
      failed.set(c.key, reasonOf(res));
      fs.rmSync(outFile, { force: true });
      continue;
    }
    if (c.key === 'fn') declines = declinesOf(res.stderr);
    const problem = check(c, gen, expected, outFile, res.stderr);
    if (problem) {
      fail(c, gen, problem, '');
      failed.set(c.key, `wrong output: ${problem}`);
    }
    // kept: the function's output, to compare builds (cmp .bench/S-N.fn.out.yaml)
    if (c.key !== 'fn') fs.rmSync(outFile, { force: true });
    if (opts.warmup === false || n > 1000) samples[c.key].push(res); // no separate warm-up: count it
  }
  const remaining = (k) => reps - samples[k].length;
  for (let rep = 0; cmds.some((c) => !failed.has(c.key) && remaining(c.key) > 0); rep++) {
    for (const c of cmds) {
      if (failed.has(c.key) || remaining(c.key) <= 0) continue;
      const res = runOnce(c.cmd, c.args, { stdinFile: c.stdinFile, env: c.env });
      if (res.status !== 0) {
        fail(c, gen, reasonOf(res), res.stderr);
        failed.set(c.key, reasonOf(res));
        continue;
      }
      samples[c.key].push(res);
      process.stderr.write(`  ${gen.id} ${c.label.padEnd(16)} run ${samples[c.key].length}/${reps}: ${res.ms.toFixed(0)} ms${res.rssKiB ? `, ${(res.rssKiB / 1024).toFixed(0)} MiB` : ''}\n`);
    }
  }
  const stats = {};
  for (const c of cmds) {
    const s = samples[c.key];
    if (failed.has(c.key) || s.length === 0) continue;
    stats[c.key] = {
      ms: median(s.map((x) => x.ms)),
      min: Math.min(...s.map((x) => x.ms)),
      max: Math.max(...s.map((x) => x.ms)),
      rssMiB: HAVE_TIME ? Math.max(...s.map((x) => x.rssKiB)) / 1024 : undefined,
      cpuMs: HAVE_TIME ? median(s.map((x) => x.cpuMs)) : undefined,
      runs: s.length,
    };
  }
  if (stats.fnKpt) stats.fnKpt.own = ownUnderKpt(gen, opts.warmup === false || n > 1000);
  return { stats, failed, commands: cmds.map((c) => c.key), declines };
}

// ------------------------------------------------------------------------------------------------
// report

const f0 = (x) => (x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(0));
const f2 = (x) => (x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(2));
const ratio = (a, b) => (a === undefined || b === undefined ? undefined : a / b);

/** Declines as one cell: scans declined / scans, and the library's share of the work. */
function declineCell(d) {
  if (!d) return 'n/a';
  const parts = [`${d.scanDeclines}/${d.scans} scans`];
  if (d.flowToLibrary) parts.push(`${d.flowToLibrary} flows`);
  if (d.itemsByLibrary) parts.push(`${d.itemsByLibrary} items by yaml`);
  if (d.wholeDocumentReads) parts.push(`${d.wholeDocumentReads} whole-doc reads`);
  if (d.itemsNotPatched) parts.push(`${d.itemsNotPatched} changed items not patched`);
  return parts.join(', ');
}

function report(rows, opts, notes) {
  const lines = [];
  const cell = (r, key, v, fmt) => (r.failed.has(key) ? 'FAILED' : !r.commands.includes(key) ? '-' : fmt(v));
  const why = (r, key) => (r.failed.has(key) ? ` (${key} run failed: ${r.failed.get(key)})` : '');
  lines.push(`Benchmark of inject-fluid-sidecar (${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} CPUs, ${kptVersion()})`);
  lines.push(BUILD_INFO);
  lines.push(`load average at start/end: ${LOAD.start} / ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (other work on this machine skews wall times)`);
  if (opts.heapMb) lines.push(`NOTE: the function ran with --max-old-space-size=${opts.heapMb} (diagnostic, not the shipped default)`);
  for (const n of notes) lines.push(n);
  lines.push('');
  lines.push('| style | N | items | input MiB | fn ms | fn CPU ms | fn RSS MiB | kyaml ms | kyaml CPU ms | kyaml RSS MiB | fn/kyaml | RSS fn/kyaml | fast-path declines |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const s = r.stats;
    lines.push(
      `| ${r.style} | ${r.n} | ${r.items} | ${f2(r.inputMiB)} | ${cell(r, 'fn', s.fn?.ms, f0)} | ${cell(r, 'fn', s.fn?.cpuMs, f0)} | ${cell(r, 'fn', s.fn?.rssMiB, f0)} | ${cell(r, 'kyaml', s.kyaml?.ms, f0)} | ${cell(r, 'kyaml', s.kyaml?.cpuMs, f0)} | ${cell(r, 'kyaml', s.kyaml?.rssMiB, f0)} | ${f2(ratio(s.fn?.ms, s.kyaml?.ms))} | ${f2(ratio(s.fn?.rssMiB, s.kyaml?.rssMiB))} | ${declineCell(r.declines)} |`,
    );
  }
  const kptRows = rows.filter((r) => r.commands.includes('fnKpt') || r.commands.includes('catKpt'));
  if (kptRows.length) {
    lines.push('');
    lines.push('Under kpt (`kpt fn eval --exec`): the do-nothing pipeline (`/bin/cat`), kpt replaying the function\'s recorded output, and the function; its own share is fn@kpt − replay@kpt:');
    lines.push('');
    lines.push('| style | N | cat@kpt ms | replay@kpt ms | fn@kpt ms | fn@kpt / cat@kpt | function\'s own share | share / cat@kpt | fn process under kpt: ms (CPU ms) | / cat@kpt (CPU) |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of kptRows) {
      const s = r.stats;
      const share = s.fnKpt && s.replayKpt ? s.fnKpt.ms - s.replayKpt.ms : undefined;
      const own = s.fnKpt?.own;
      lines.push(
        `| ${r.style} | ${r.n} | ${cell(r, 'catKpt', s.catKpt?.ms, f0)} | ${cell(r, 'replayKpt', s.replayKpt?.ms, f0)} | ${cell(r, 'fnKpt', s.fnKpt?.ms, f0)} | ${f2(ratio(s.fnKpt?.ms, s.catKpt?.ms))} | ${f0(share)} ms | ${share === undefined ? 'n/a' : `${f0((100 * share) / s.catKpt?.ms)} %`} | ${own ? `${f0(own.ms)} (${f0(own.cpuMs)})` : 'n/a'} | ${own ? `${f0((100 * own.ms) / s.catKpt?.ms)} % (${f0((100 * own.cpuMs) / s.catKpt?.cpuMs)} %)` : 'n/a'} |`,
      );
    }
  }
  lines.push('');
  lines.push('Every command: wall ms (median, min, max), median CPU ms (user+sys, incl. children; less');
  lines.push('sensitive to other load than wall time), peak RSS MiB (kpt rows: max over kpt and its child):');
  lines.push('');
  lines.push('| style | N | command | runs | median ms | min ms | max ms | CPU ms | peak RSS MiB |');
  lines.push('|---|---:|---|---:|---:|---:|---:|---:|---:|');
  const labels = {
    fn: 'fn',
    kyaml: 'kpt fn source',
    fnKpt: 'kpt fn eval --exec fn',
    catKpt: 'kpt fn eval --exec /bin/cat',
    replayKpt: 'kpt fn eval --exec replay of fn output',
    node: 'node -e 0',
    nodeBare: 'node -e 0 without NODE_EXTRA_CA_CERTS',
  };
  for (const r of rows) {
    for (const key of COMMAND_KEYS) {
      const s = r.stats[key];
      if (!r.commands.includes(key)) continue;
      if (!s) lines.push(`| ${r.style} | ${r.n} | ${labels[key]} | FAILED: ${r.failed.get(key) || 'no run'} | | | | | |`);
      else lines.push(`| ${r.style} | ${r.n} | ${labels[key]} | ${s.runs} | ${f0(s.ms)} | ${f0(s.min)} | ${f0(s.max)} | ${f0(s.cpuMs)} | ${f0(s.rssMiB)} |`);
    }
  }
  lines.push('');
  lines.push('Targets (#18):');
  lines.push('');
  const verdict = (ok, r, fnKeys) => {
    if (r && fnKeys.some((k) => r.failed.has(k))) return 'FAIL';
    return ok === undefined ? 'n/a ' : ok ? 'PASS' : 'FAIL';
  };
  for (const r of rows) {
    const s = r.stats;
    if (r.n >= 1000 && r.commands.includes('fn') && r.commands.includes('kyaml')) {
      const rt = ratio(s.fn?.ms, s.kyaml?.ms);
      lines.push(`- ${verdict(rt === undefined ? undefined : rt <= 1.0, r, ['fn'])} ${r.style} N=${r.n}: fn alone ≤ 1.0 × kyaml read+write: ${f0(s.fn?.ms)} ms vs ${f0(s.kyaml?.ms)} ms (${f2(rt)}×; CPU ${f2(ratio(s.fn?.cpuMs, s.kyaml?.cpuMs))}×)${why(r, 'fn')}`);
    }
    if (r.n >= 10000 && r.commands.includes('fn') && r.commands.includes('kyaml')) {
      const rt = ratio(s.fn?.rssMiB, s.kyaml?.rssMiB);
      lines.push(`- ${verdict(rt === undefined ? undefined : rt <= 0.25, r, ['fn'])} ${r.style} N=${r.n}: fn peak RSS ≤ 0.25 × kyaml's: ${f0(s.fn?.rssMiB)} MiB vs ${f0(s.kyaml?.rssMiB)} MiB (${f2(rt)}×)${why(r, 'fn')}`);
    }
    if (r.n === 1 && r.commands.includes('fn') && r.commands.includes('node')) {
      const rt = ratio(s.fn?.ms, s.node?.ms);
      lines.push(`- ${verdict(rt === undefined ? undefined : rt <= 1.2, r, ['fn'])} ${r.style} N=1 (${r.items} items): one-item run ≤ 1.2 × node -e 0: ${f0(s.fn?.ms)} ms vs ${f0(s.node?.ms)} ms (${f2(rt)}×; CPU ${f0(s.fn?.cpuMs)} vs ${f0(s.node?.cpuMs)} ms, ${f2(ratio(s.fn?.cpuMs, s.node?.cpuMs))}×)${why(r, 'fn')}`);
      if (s.nodeBare) {
        const bare = ratio(s.fn?.ms, s.nodeBare.ms);
        lines.push(`- ${verdict(bare === undefined ? undefined : bare <= 1.2, r, ['fn'])} ${r.style} N=1: the same where NODE_EXTRA_CA_CERTS is not set (node -e 0 without the certificates it names, ${process.env.NODE_EXTRA_CA_CERTS}): ${f0(s.fn?.ms)} ms vs ${f0(s.nodeBare.ms)} ms (${f2(bare)}×; CPU ${f2(ratio(s.fn?.cpuMs, s.nodeBare.cpuMs))}×)`);
      }
    }
    if (r.n === 1000 && s.fnKpt && s.replayKpt && s.catKpt) {
      const share = (s.fnKpt.ms - s.replayKpt.ms) / s.catKpt.ms;
      const cpuShare = (s.fnKpt.cpuMs - s.replayKpt.cpuMs) / s.catKpt.cpuMs;
      lines.push(`- ${verdict(share <= 0.15, r, ['fnKpt'])} ${r.style} N=${r.n}: under kpt, the function's own share (fn@kpt − replay@kpt) ≤ 15 % of cat@kpt: ${f0(s.fnKpt.ms - s.replayKpt.ms)} ms of ${f0(s.catKpt.ms)} ms (${f0(share * 100)} %; CPU ${f0(s.fnKpt.cpuMs - s.replayKpt.cpuMs)} of ${f0(s.catKpt.cpuMs)} ms, ${f0(cpuShare * 100)} %)`);
      const own = s.fnKpt.own;
      if (own) {
        const ownShare = own.cpuMs / s.catKpt.cpuMs;
        lines.push(`- ${verdict(own.ms / s.catKpt.ms <= 0.15 && ownShare <= 0.15, r, ['fnKpt'])} ${r.style} N=${r.n}: the same share measured directly (the function's process under kpt, timed): ${f0(own.ms)} ms of ${f0(s.catKpt.ms)} ms (${f0((100 * own.ms) / s.catKpt.ms)} %); CPU ${f0(own.cpuMs)} of ${f0(s.catKpt.cpuMs)} ms (${f0(ownShare * 100)} %)`);
      }
    }
  }
  if (!HAVE_TIME) lines.push('', `(${TIME} not found: peak RSS and CPU not measured)`);
  return `${lines.join('\n')}\n`;
}

function kptVersion() {
  const r = spawnSync(KPT, ['version'], { encoding: 'utf8' });
  return r.status === 0 ? `kpt ${r.stdout.trim()}` : 'kpt ?';
}

// ------------------------------------------------------------------------------------------------

function copyDir(from, to) {
  // (verbatimSymlinks: bin/inject-juicefs-sidecar stays a relative link, to the copy's launcher)
  fs.cpSync(from, to, { recursive: true, force: true, preserveTimestamps: true, verbatimSymlinks: true });
}

/** Copies bin/, dist/ and package.json to .bench/snapshot (node_modules resolves from ROOT). */
function snapshotBuild(from) {
  fs.rmSync(SNAPSHOT, { recursive: true, force: true });
  fs.mkdirSync(SNAPSHOT, { recursive: true });
  copyDir(path.join(from, 'bin'), path.join(SNAPSHOT, 'bin'));
  copyDir(path.join(from, 'dist'), path.join(SNAPSHOT, 'dist'));
  fs.copyFileSync(path.join(from, 'package.json'), path.join(SNAPSHOT, 'package.json'));
  BIN = path.join(SNAPSHOT, 'bin', 'inject-fluid-sidecar');
  JUICEFS_BIN = path.join(SNAPSHOT, 'bin', 'inject-juicefs-sidecar');
}

function buildInfo(from) {
  const built = fs.statSync(path.join(from, 'dist', 'fn', 'main.js')).mtime.toISOString();
  if (from !== ROOT) return `build: ${from} (a baseline), dist/fn/main.js built ${built}`;
  const git = (args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  const head = git(['rev-parse', '--short', 'HEAD']) || '?';
  const dirty = git(['status', '--porcelain', '--', 'fn', 'package.json']) ? ' + uncommitted changes under fn/' : '';
  return `build: git ${head}${dirty}, dist/fn/main.js built ${built}`;
}
function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(opts.build, 'dist', 'fn', 'main.js'))) {
    if (opts.build !== ROOT) usage(`${opts.build} has no build (dist/fn/main.js)`);
    process.stderr.write('bench: dist/ missing, building (npm run build)\n');
    const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (!fs.existsSync(path.join(ROOT, 'dist', 'fn', 'main.js'))) {
      process.stderr.write(`bench: build failed (status ${b.status})\n`);
      process.exit(1);
    }
  }
  fs.mkdirSync(BENCH, { recursive: true });
  LOAD.start = os.loadavg().map((x) => x.toFixed(2)).join(' ');
  BUILD_INFO = buildInfo(opts.build);
  if (!opts.live || opts.build !== ROOT) {
    snapshotBuild(opts.build);
    process.on('exit', () => fs.rmSync(SNAPSHOT, { recursive: true, force: true }));
  }
  process.stderr.write(`bench: ${BUILD_INFO}; function: ${BIN}\n`);
  const notes = [];
  const jobs = [];
  for (const style of opts.styles.filter((s) => s !== 'juicefs')) for (const n of opts.sizes) jobs.push({ style, n, expected: STYLES[style].expected(n) });
  // The JuiceFS function (style 'juicefs', one style: block): the same sizes.
  if (opts.styles.includes('juicefs')) {
    if (fs.existsSync(JUICEFS_BIN)) for (const n of opts.sizes) jobs.push({ style: 'juicefs', n, expected: n });
    else notes.push('JuiceFS function: skipped (bin/inject-juicefs-sidecar is not in this build).');
  }
  const rows = [];
  let failedRuns = false;
  for (const job of jobs) {
    const t0 = Date.now();
    const gen = generate(job.style, job.n);
    const inputMiB = fs.statSync(gen.resourceList).size / MiB;
    process.stderr.write(`bench: ${gen.id}: ${gen.items} items, ${inputMiB.toFixed(2)} MiB (generated in ${Date.now() - t0} ms)\n`);
    const { stats, failed, commands, declines } = measure(job.n, gen, job.expected, opts);
    if (failed.size) failedRuns = true;
    rows.push({ style: job.style, n: job.n, items: gen.items, inputMiB, stats, failed, commands, declines });
  }
  const text = report(rows, opts, notes);
  process.stdout.write(text);
  fs.writeFileSync(opts.out, text);
  process.exitCode = failedRuns ? 1 : 0;
}

if (require.main === module) main();

module.exports = { generate, median };
