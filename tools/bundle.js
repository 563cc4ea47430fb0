#!/usr/bin/env node
'use strict';
// Bundles dist/fn/main.js (tsc's output of fn/main.ts) and what it loads at start (yaml, the
// function's modules, the config schema) into dist/inject-fluid-sidecar.js, which bin/ runs: one
// file to read and compile instead of some 200 to resolve. ajv (loaded on first use, only for a
// non-empty function config) and the Kubernetes client (only `export-context` loads it) stay in
// node_modules. Run by `npm run build` after tsc.
// The bundle is minified: half the bytes to read and to hold as a string at every start, where a
// page of memory first touched costs as much as a few thousand instructions (#18). Its source map
// (dist/inject-fluid-sidecar.js.map, to tsc's output in dist/fn/) maps a stack trace's frames to
// the files and lines they stand for; bin/ prints a trace only with DEBUG set, and then maps it.
// It then runs the bundle, loaded by bin/'s own loader, on one-item packages of the benchmark, and
// keeps V8's code cache of those runs next to the bundle, one per program and for this node's V8
// (dist/inject-fluid-sidecar.js.<program>.v8-<version>.cache): bin/ hands its program's cache to
// V8, so that a run does not compile again what these compiled (start-up, #18).
const path = require('node:path');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'dist', 'inject-fluid-sidecar.js');
/** The bench styles whose one-item runs train the Fluid program's code cache. */
const TRAINING_STYLES = ['block', 'flow', 'json'];

/** The programs and the bench inputs whose one-item runs make each one's code cache. */
const PROGRAMS = {
  'inject-fluid-sidecar': () => {
    const { STYLES, resourceList } = require('../bench/generate');
    return TRAINING_STYLES.map((s) => resourceList(STYLES[s].files(1)).text);
  },
  'inject-juicefs-sidecar': () => {
    const { resourceList } = require('../bench/generate');
    return [resourceList(require('../bench/generate-juicefs').juicefsPackage(1)).text];
  },
};

function fail(e) {
  process.stderr.write(`bundle: ${e.message}\n`);
  process.exit(1);
}

if (process.argv[2] === '--code-cache') {
  makeCodeCache(process.argv[3]).catch(fail);
} else {
  require('esbuild')
    .build({
      entryPoints: [path.join(ROOT, 'dist', 'fn', 'main.js')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile: OUT,
      external: ['@kubernetes/client-node', 'ajv'],
      minify: true,
      sourcemap: 'linked',
      // the map names dist/fn/ files and lines; their text is in the package beside it
      sourcesContent: false,
      legalComments: 'none',
      // all ASCII (esbuild escapes strings, templates and regular expressions, and minifying drops
      // the comments), so that bin/ reads it as Latin-1: no UTF-8 decoding at start (#18)
      charset: 'ascii',
      logLevel: 'warning',
    })
    .then(() => {
      // the caches of earlier builds, of any program and V8
      for (const f of fs.readdirSync(path.dirname(OUT))) {
        if (f.startsWith(`${path.basename(OUT)}.`) && f.endsWith('.cache')) fs.rmSync(path.join(path.dirname(OUT), f));
      }
      // Each program's cache in a process of its own: V8 shares what it compiled among scripts of
      // the same source in one process, and one program's cache would carry the other's functions.
      for (const program of Object.keys(PROGRAMS)) {
        const r = spawnSync(process.execPath, [__filename, '--code-cache', program], { stdio: 'inherit' });
        if (r.status !== 0) process.exit(1);
      }
    })
    .catch(fail);
}

/**
 * V8's code cache of the bundle for one program, made by bin/'s own loader after that program's
 * one-item runs on the benchmark's packages (the Fluid function's in the styles it meets: block,
 * flow and JSON items): the functions its runs need are then in the cache. Without a cache (no
 * bench/ generator, as in a build stage without it) the bundle runs as before, compiled on start.
 */
async function makeCodeCache(program) {
  const { loadBundle, cacheFile } = require('../bin/inject-fluid-sidecar.js');
  const file = cacheFile(program);
  fs.rmSync(file, { force: true });
  let texts;
  try {
    texts = PROGRAMS[program]();
  } catch (e) {
    process.stderr.write(`bundle: no code cache (no bench/ generator: ${e.message.split('\n')[0]})\n`);
    return;
  }
  const { exports, script } = loadBundle({ cache: false });
  for (const text of texts) {
    let stderr = '';
    const io = { stdout() {}, stderr: (s) => (stderr += s), readStdin: () => text, stdinIsTTY: () => false };
    const code = await exports.main([], io, program);
    // Without a cache the bundle still runs (compiled as usual); say so, do not fail the build.
    if (code !== 0) {
      process.stderr.write(`bundle: no code cache for ${program} (a training run exited ${code}): ${stderr.trim().split('\n').pop()}\n`);
      return;
    }
  }
  fs.writeFileSync(file, script.createCachedData());
}
