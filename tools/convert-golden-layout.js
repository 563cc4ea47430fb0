#!/usr/bin/env node
// Converts our own golden cases from the old flat layout of testdata/cases/
//   NAME.in.yaml, NAME.expected.yaml | NAME.error.txt, NAME.config.yaml | NAME.env, NAME.md
// to one directory per case, testdata/<function>/NAME/
//   in.yaml, expected.yaml (absent for an error case), config.yaml (optional), README.md
// (an .env becomes the equivalent config.yaml; error.txt is dropped: the case's results.yaml pins
// the error). Re-runnable: cases already converted are left alone, and the old files of a converted
// case are removed. Then pin the results of new cases, review them and commit:
//   WRITE_GOLDEN=1 npx jest test/golden.test.ts
//
// Usage: node tools/convert-golden-layout.js [--from testdata/cases] [--to testdata/fluid]
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const { configFromEnv } = require('./webhook-env');

const ROOT = path.resolve(__dirname, '..');
const EXTS = ['in.yaml', 'expected.yaml', 'error.txt', 'config.yaml', 'env', 'md'];

function arg(argv, flag, fallback) {
  const i = argv.indexOf(flag);
  return i >= 0 && argv[i + 1] ? path.resolve(argv[i + 1]) : path.join(ROOT, fallback);
}

function convert(from, to) {
  if (!fs.existsSync(from)) return [];
  const names = fs
    .readdirSync(from)
    .filter((f) => f.endsWith('.in.yaml'))
    .map((f) => f.slice(0, -'.in.yaml'.length))
    .sort();
  const done = [];
  for (const name of names) {
    const old = (ext) => path.join(from, `${name}.${ext}`);
    const dir = path.join(to, name);
    if (!fs.existsSync(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      fs.copyFileSync(old('in.yaml'), path.join(dir, 'in.yaml'));
      if (fs.existsSync(old('expected.yaml'))) fs.copyFileSync(old('expected.yaml'), path.join(dir, 'expected.yaml'));
      if (fs.existsSync(old('config.yaml'))) {
        fs.copyFileSync(old('config.yaml'), path.join(dir, 'config.yaml'));
      } else if (fs.existsSync(old('env'))) {
        const config = configFromEnv(fs.readFileSync(old('env'), 'utf8'));
        if (config) fs.writeFileSync(path.join(dir, 'config.yaml'), YAML.stringify(config, { lineWidth: 0 }));
      }
      const readme = fs.existsSync(old('md')) ? fs.readFileSync(old('md'), 'utf8') : '';
      fs.writeFileSync(path.join(dir, 'README.md'), `# ${name}\n\n${readme}`);
      done.push(name);
    }
    for (const ext of EXTS) fs.rmSync(old(ext), { force: true });
  }
  return done;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const from = arg(argv, '--from', 'testdata/cases');
  const to = arg(argv, '--to', 'testdata/fluid');
  const done = convert(from, to);
  process.stdout.write(done.length ? `converted ${done.length} case(s) into ${path.relative(ROOT, to)}/: ${done.join(', ')}\n` : 'nothing to convert\n');
  if (done.length) process.stdout.write('now pin their results: WRITE_GOLDEN=1 npx jest test/golden.test.ts (and review them)\n');
}

module.exports = { convert };
