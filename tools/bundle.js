#!/usr/bin/env node
'use strict';
// Bundles dist/fn/main.js (tsc's output of fn/main.ts) and what it loads at start (yaml, the
// function's modules, the config schema) into dist/inject-fluid-sidecar.js, which bin/ runs: one
// file to read and compile instead of some 200 to resolve. ajv (loaded on first use, only for a
// non-empty function config) and the Kubernetes client (only `export-context` loads it) stay in
// node_modules. Run by `npm run build` after tsc.
const path = require('node:path');

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
    logLevel: 'warning',
  })
  .catch((e) => {
    process.stderr.write(`bundle: ${e.message}\n`);
    process.exit(1);
  });
