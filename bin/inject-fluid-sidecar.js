#!/usr/bin/env node
'use strict';
// The program behind bin/inject-fluid-sidecar (the exec entry point for kpt `--exec`, kustomize
// `exec.path`, Helm `--post-renderer` and the command line, which starts node on this file; so do
// the images, and `node bin/inject-fluid-sidecar.js` where there is no POSIX shell). It runs the
// one-file bundle that `npm run build` (and `npm pack`) writes (one file to compile instead of some
// 200 modules to resolve); there is no fallback to other build output, so what runs is always what
// was built.
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

// Node >= 22.1 caches compiled modules on disk (what is loaded outside the bundle: ajv, the
// Kubernetes client); a read-only disk only means no cache. Node 20 has no such call.
try {
  if (typeof Module.enableCompileCache === 'function') Module.enableCompileCache();
} catch {
  // no cache
}

const bundle = path.join(__dirname, '..', 'dist', 'inject-fluid-sidecar.js');
const dist = path.dirname(bundle);

/**
 * The code cache of a program: what that program's runs compile, for one V8 (tools/bundle.js makes
 * one per program with the node that builds). A node with another V8 would reject it after
 * reading it: by its name it does not read it at all.
 */
function cacheFile(program = 'inject-fluid-sidecar') {
  return `${bundle}.${program}.v8-${process.versions.v8}.cache`;
}

function missing() {
  process.stderr.write(`inject-fluid-sidecar: ${bundle} is missing: run \`npm run build\` in ${path.dirname(__dirname)}\n`);
  process.exit(1);
}

/**
 * The bundle's exports, and its vm.Script. With `cache` (a program's cache file, the Fluid
 * program's by default) it is compiled with the V8 code cache that `npm run build` made
 * (tools/bundle.js, from runs of this same loader): the functions a run needs are then not
 * compiled again (start-up, #18). A cache from another Node.js or V8 is rejected by V8 and the
 * bundle is compiled as usual; `cache: false` compiles it without one.
 */
function loadBundle({ cache = cacheFile() } = {}) {
  let bytes;
  try {
    bytes = fs.readFileSync(bundle);
  } catch (e) {
    if (e && e.code === 'ENOENT') missing();
    throw e;
  }
  // tools/bundle.js writes it all ASCII: then Latin-1 is the same text without UTF-8 decoding
  const source = require('node:buffer').isAscii(bytes) ? bytes.latin1Slice() : bytes.toString('utf8');
  let cachedData;
  if (cache) {
    try {
      cachedData = fs.readFileSync(cache);
    } catch {
      // no cache
    }
  }
  const script = new (require('node:vm').Script)(Module.wrap(source), { filename: bundle, cachedData });
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  mod.paths = Module._nodeModulePaths(dist);
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, dist);
  mod.loaded = true;
  return { exports: mod.exports, script };
}

/**
 * The bundle loaded as a module, with source maps on: what DEBUG, which prints the stack trace of
 * an internal error, runs. Node maps a module's stack frames through the bundle's source map to
 * the files and lines of dist/fn/ (it does not map a vm.Script's); no code cache then.
 */
function loadMapped() {
  if (!fs.existsSync(bundle)) missing();
  process.setSourceMapsEnabled(true);
  return { exports: require(bundle) };
}

/** Runs the program; `own` is the function it runs when the config names none (see bin/inject-juicefs-sidecar.js). */
function run(own) {
  (process.env.DEBUG ? loadMapped() : loadBundle({ cache: cacheFile(own) })).exports
    .main(process.argv.slice(2), undefined, own)
    .then((code) => {
      process.exitCode = code;
    });
}

module.exports = { run, loadBundle, loadMapped, cacheFile };

if (require.main === module) run();
