// The example packages render to what their `.expected/output.yaml` holds, as kpt catalog
// functions pin their examples: `kpt fn render PKG --allow-exec -o stdout` with bin/ on the PATH
// (the packages name the executables, which kpt looks up there). `-o stdout` leaves the files as
// they are. WRITE_GOLDEN=1 writes a missing expectation; review it before committing.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { requireBuild } from '../hostile/support';

const ROOT = path.resolve(__dirname, '..', '..');
const PACKAGES = ['.', 'examples/cross-namespace', 'examples/juicefs'];

beforeAll(requireBuild);

describe.each(PACKAGES)('example package %s', (pkg) => {
  test('kpt fn render gives .expected/output.yaml, with exit 0', () => {
    const r = spawnSync('kpt', ['fn', 'render', pkg, '--allow-exec', '-o', 'stdout'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, PATH: `${path.join(ROOT, 'bin')}:${process.env.PATH}` },
    });
    expect({ status: r.status, stderr: r.status === 0 ? '' : r.stderr }).toEqual({ status: 0, stderr: '' });
    const file = path.join(ROOT, pkg, '.expected', 'output.yaml');
    if (!fs.existsSync(file) && process.env.WRITE_GOLDEN) fs.writeFileSync(file, r.stdout);
    expect(r.stdout).toBe(fs.readFileSync(file, 'utf8'));
  });
});
