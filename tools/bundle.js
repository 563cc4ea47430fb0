#!/usr/bin/env node
'use strict';
// Bundles dist/fn/main.js (tsc's output of fn/main.ts) and what it loads at start (yaml, the
// function's modules, the config schema) into dist/inject-fluid-sidecar.js, which bin/ runs: one
// file to read and compile instead of some 200 to resolve. ajv (loaded on first use, only for a
// non-empty function config) and the Kubernetes client (only `export-context` loads it) stay in
// node_modules. Run by `npm run build` after tsc.
// It then runs the bundle once, through bin/, on the benchmark's one-workload package, and keeps
// V8's code cache of that run next to the bundle (dist/inject-fluid-sidecar.js.cache): bin/ hands
// it to V8, so that a run does not compile again what this one compiled (start-up, #18).
const path = require('node:path');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'dist', 'inject-fluid-sidecar.js');

require('esbuild')
  .build({
    entryPoints: [path.join(ROOT, 'dist', 'fn', 'main.js')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: OUT,
    external: ['@kubernetes/client-node', 'ajv'],
    legalComments: 'none',
    // all ASCII (esbuild escapes strings, templates and regular expressions; asciiComments below
    // does the comments), so that bin/ reads it as Latin-1: no UTF-8 decoding at start (#18)
    charset: 'ascii',
    logLevel: 'warning',
  })
  .then(asciiComments)
  .then(makeCodeCache)
  .catch((e) => {
    process.stderr.write(`bundle: ${e.message}\n`);
    process.exit(1);
  });

function asciiComments() {
  const text = fs.readFileSync(OUT, 'utf8');
  // what charset 'ascii' leaves is in comments, where an escape means the same to a reader
  const ascii = text.replace(/[^\t\n\r\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (ascii !== text) fs.writeFileSync(OUT, ascii);
}

function makeCodeCache() {
  const cache = `${OUT}.cache`;
  fs.rmSync(cache, { force: true });
  let input;
  try {
    const { STYLES, resourceList } = require('../bench/generate');
    input = resourceList(STYLES.block.files(1)).text;
  } catch (e) {
    // a build without bench/ (e.g. a container build stage): the bundle runs without a cache
    process.stderr.write(`bundle: no code cache (no bench/ generator: ${e.message.split('\n')[0]})\n`);
    return;
  }
  const run = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'inject-fluid-sidecar.js')], {
    input,
    env: { ...process.env, INJECT_FLUID_SIDECAR_MAKE_CODE_CACHE: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  // Without a cache the bundle still runs (compiled as usual); say so, do not fail the build.
  if (run.status !== 0 || !fs.existsSync(cache)) process.stderr.write(`bundle: no code cache (status ${run.status}): ${run.stderr.trim().split('\n').pop()}\n`);
}
