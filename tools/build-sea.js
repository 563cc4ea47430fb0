#!/usr/bin/env node
// Builds build/inject-fluid-sidecar: the function as one self-contained executable that needs no
// Node.js installation (a Node Single Executable Application), for images without node such as an
// Argo CD config-management-plugin sidecar.
//
//   1. esbuild bundles fn/main.ts and everything it loads (yaml, ajv, the JSON schema, the
//      package version, and export-context with @kubernetes/client-node) into one CommonJS file;
//   2. `node --experimental-sea-config` turns it into a preparation blob;
//   3. a copy of the running node binary gets the blob injected with postject.
//
// The executable is for the platform of the node that runs this script (linux-x64 glibc here;
// it needs the same shared libraries as that node: libc, libstdc++). Usage:
//   node tools/build-sea.js            # or: npm run build:sea
//     → build/inject-fluid-sidecar, and the same file as build/inject-fluid-sidecar-<os>-<arch>
//   SEA_STRIP=0 node tools/build-sea.js   keep the node binary's symbols (bigger file)
'use strict';

const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(ROOT, 'build');
const WORK = path.join(OUT_DIR, 'sea');
const BUNDLE = path.join(WORK, 'inject-fluid-sidecar.cjs');
const BLOB = path.join(WORK, 'sea-prep.blob');
const SEA_CONFIG = path.join(WORK, 'sea-config.json');
const EXECUTABLE = path.join(OUT_DIR, 'inject-fluid-sidecar');
// The same file under its platform's name, as the release publishes it and as the Argo CD plugin
// image (examples/argocd/Dockerfile) picks it per platform: inject-fluid-sidecar-linux-amd64, ...
const DOCKER_ARCH = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x' };
const PLATFORM_EXECUTABLE = path.join(OUT_DIR, `inject-fluid-sidecar-${process.platform}-${DOCKER_ARCH[process.arch] ?? process.arch}`);
// The fuse string Node looks for to know that a blob was injected (Node's SEA documentation).
const SENTINEL_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

// Modules that dependencies require inside try/catch and work without (ws: bufferutil,
// utf-8-validate; node-fetch: encoding). Bundled as a module that throws MODULE_NOT_FOUND, as
// require does when they are not installed (a SEA's own require would also print a warning).
const OPTIONAL = ['bufferutil', 'utf-8-validate', 'encoding'];

// In a single executable application Node repeats argv[0] as argv[1], so the user's arguments
// start at index 2, as for `node script.js`. One executable serves both functions: called by the
// name inject-juicefs-sidecar (a copy or a symlink), it runs the JuiceFS function unless the config
// names the Fluid one, as bin/inject-juicefs-sidecar does.
const ENTRY = `'use strict';
const own = require('node:path').basename(process.argv0).startsWith('inject-juicefs-sidecar') ? 'inject-juicefs-sidecar' : undefined;
require('./fn/main')
  .main(process.argv.slice(2), undefined, own)
  .then((code) => {
    process.exitCode = code;
  });
`;

const optionalModulesMissing = {
  name: 'optional-modules-missing',
  setup(build) {
    const filter = new RegExp(`^(${OPTIONAL.map((m) => m.replace(/[-/]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'optional-missing' }));
    build.onLoad({ filter: /.*/, namespace: 'optional-missing' }, (args) => ({
      contents: `throw Object.assign(new Error(${JSON.stringify(`Cannot find module '${args.path}'`)}), { code: 'MODULE_NOT_FOUND' });`,
      loader: 'js',
    }));
  },
};

/**
 * fn/main.ts requires '../../package.json' (its path from dist/fn/main.js) only for the version:
 * resolve that to the repository's package.json and inline the name and version, nothing else.
 */
const packageJsonVersionOnly = {
  name: 'package-json-version-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/\.\.\/package\.json$/ }, (args) => {
      if (args.importer !== path.join(ROOT, 'fn', 'main.ts')) return undefined;
      return { path: path.join(ROOT, 'package.json'), namespace: 'package-version' };
    });
    build.onLoad({ filter: /.*/, namespace: 'package-version' }, (args) => {
      const { name, version } = JSON.parse(fs.readFileSync(args.path, 'utf8'));
      return { contents: JSON.stringify({ name, version }), loader: 'json' };
    });
  },
};

async function bundle() {
  const esbuild = require('esbuild');
  const result = await esbuild.build({
    stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: 'sea-entry.js', loader: 'js' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: BUNDLE,
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    plugins: [packageJsonVersionOnly, optionalModulesMissing],
    legalComments: 'none',
    minify: true,
    keepNames: true,
    logLevel: 'silent',
    metafile: true,
  });
  for (const w of result.warnings) {
    // client-node's ESM sources read import.meta.url in code paths export-context never takes.
    if (/import\.meta/.test(w.text)) continue;
    process.stderr.write(`esbuild warning: ${w.text} (${w.location ? w.location.file : ''})\n`);
  }
  // A SEA can only require built-in modules: every other import must be inside the bundle.
  const external = Object.values(result.metafile.outputs)
    .flatMap((o) => o.imports)
    .filter((i) => i.external && !require('node:module').isBuiltin(i.path));
  if (external.length) {
    throw new Error(`not bundled (a SEA cannot load them): ${[...new Set(external.map((i) => i.path))].join(', ')}`);
  }
}

function stripIfPossible(file) {
  if (process.env.SEA_STRIP === '0') return false;
  const r = spawnSync('strip', ['--strip-all', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.error || r.status !== 0) return false;
  return true;
}

/**
 * postject's ELF writer (LIEF) warns "Can't find string offset for section name '.note…'" for
 * every note section of node's binary; the result is fine (the smoke test below runs it). Keep
 * those lines out of the build log, let anything else through.
 */
async function quietly(fn) {
  const original = console.warn;
  console.warn = (...args) => {
    if (!/Can't find string offset for section name/.test(args.join(' '))) original(...args);
  };
  try {
    return await fn();
  } finally {
    console.warn = original;
  }
}

async function main() {
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  await bundle();

  fs.writeFileSync(
    SEA_CONFIG,
    `${JSON.stringify({ main: BUNDLE, output: BLOB, disableExperimentalSEAWarning: true, useCodeCache: true }, null, 2)}\n`,
  );
  const prep = spawnSync(process.execPath, ['--experimental-sea-config', SEA_CONFIG], { encoding: 'utf8' });
  if (prep.status !== 0) throw new Error(`node --experimental-sea-config failed:\n${prep.stderr}${prep.stdout}`);

  fs.rmSync(EXECUTABLE, { force: true });
  fs.copyFileSync(process.execPath, EXECUTABLE);
  fs.chmodSync(EXECUTABLE, 0o755);
  const stripped = stripIfPossible(EXECUTABLE);
  await quietly(() => require('postject').inject(EXECUTABLE, 'NODE_SEA_BLOB', fs.readFileSync(BLOB), { sentinelFuse: SENTINEL_FUSE }));
  fs.chmodSync(EXECUTABLE, 0o755);

  fs.rmSync(PLATFORM_EXECUTABLE, { force: true });
  fs.linkSync(EXECUTABLE, PLATFORM_EXECUTABLE);

  // Smoke test: the executable runs and knows its version without any node on the PATH.
  const version = execFileSync(EXECUTABLE, ['--version'], { env: { PATH: '/nonexistent' }, encoding: 'utf8' }).trim();
  const size = fs.statSync(EXECUTABLE).size;
  process.stdout.write(
    `built ${path.relative(ROOT, EXECUTABLE)} (= ${path.relative(ROOT, PLATFORM_EXECUTABLE)}) ${version} (node ${process.version}, ${process.platform}-${process.arch}` +
      `${stripped ? ', stripped' : ''}): ${(size / 1024 / 1024).toFixed(1)} MiB\n`,
  );
}

main().catch((e) => {
  process.stderr.write(`build-sea: ${e && e.message ? e.message : e}\n`);
  process.exit(1);
});
