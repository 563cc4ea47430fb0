#!/usr/bin/env node
'use strict';
// Bundles dist/fn/main.js (tsc's output of fn/main.ts) and what it loads at start (yaml, the
// function's modules, the config schema) into dist/inject-fluid-sidecar.js, which bin/ runs: one
// file to read and compile instead of some 200 to resolve. ajv (loaded on first use, only for a
// non-empty function config) and the Kubernetes client (only `export-context` loads it) stay in
// node_modules. Run by `npm run build` after tsc.
// It then runs the bundle, loaded by bin/'s own loader, on one-workload packages of the benchmark,
// and keeps V8's code cache of those runs next to the bundle (dist/inject-fluid-sidecar.js.cache):
// bin/ hands it to V8, so that a run does not compile again what these compiled (start-up, #18).
const path = require('node:path');
const fs = require('node:fs');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'dist', 'inject-fluid-sidecar.js');
/** The bench styles whose one-item run trains the code cache (besides the JuiceFS function's). */
const TRAINING_STYLES = ['block', 'flow', 'json'];

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

/**
 * V8's code cache of the bundle, made by bin/'s own loader in this process after one-item runs on
 * the benchmark's packages in the styles the function meets (block, flow, JSON items), and of the
 * JuiceFS function: the functions each needs are then in the cache. Without a cache (no bench/
 * generator, as in a build stage without it) the bundle runs as before, compiled on start.
 */
async function makeCodeCache() {
  const { loadBundle, CACHE } = require('../bin/inject-fluid-sidecar.js');
  fs.rmSync(CACHE, { force: true });
  let inputs;
  try {
    const { STYLES, resourceList } = require('../bench/generate');
    const { juicefsPackage } = require('../bench/generate-juicefs');
    inputs = [
      ...TRAINING_STYLES.map((s) => ({ text: resourceList(STYLES[s].files(1)).text })),
      { text: resourceList(juicefsPackage(1)).text, own: 'inject-juicefs-sidecar' },
    ];
  } catch (e) {
    process.stderr.write(`bundle: no code cache (no bench/ generator: ${e.message.split('\n')[0]})\n`);
    return;
  }
  const { exports, script } = loadBundle({ cache: false });
  for (const { text, own } of inputs) {
    let stderr = '';
    const io = { stdout() {}, stderr: (s) => (stderr += s), readStdin: () => text, stdinIsTTY: () => false };
    const code = await exports.main([], io, own);
    // Without a cache the bundle still runs (compiled as usual); say so, do not fail the build.
    if (code !== 0) {
      process.stderr.write(`bundle: no code cache (a training run exited ${code}): ${stderr.trim().split('\n').pop()}\n`);
      return;
    }
  }
  fs.writeFileSync(CACHE, script.createCachedData());
}
