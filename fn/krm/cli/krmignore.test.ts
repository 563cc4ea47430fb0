import { parseIgnoreFile } from './krmignore';

describe('.krmignore patterns (.gitignore syntax)', () => {
  const rules = parseIgnoreFile(
    [
      '# a comment',
      '',
      '*.bak.yaml',
      'build/',
      '/local.yaml',
      'docs/*.yaml',
      'charts/**/values.yaml',
      'tmp-?.yaml',
      'v[0-9].yaml',
      'secret*.yaml',
      '!secret-template.yaml',
      '\\#literal.yaml',
      'trailing.yaml   ',
    ].join('\n'),
  );
  it.each([
    ['x.bak.yaml', false, true],
    ['deep/dir/x.bak.yaml', false, true],
    ['build', true, true],
    ['sub/build', true, true],
    ['build', false, false], // `build/` matches directories only
    ['local.yaml', false, true],
    ['sub/local.yaml', false, false], // anchored by the leading /
    ['docs/a.yaml', false, true],
    ['docs/deeper/a.yaml', false, false], // * stays within a segment
    ['sub/docs/a.yaml', false, false], // a / in the middle anchors too
    ['charts/values.yaml', false, true],
    ['charts/a/b/values.yaml', false, true],
    ['tmp-1.yaml', false, true],
    ['tmp-12.yaml', false, false],
    ['v7.yaml', false, true],
    ['vx.yaml', false, false],
    ['secret-prod.yaml', false, true],
    ['secret-template.yaml', false, false], // re-included by the later `!` rule
    ['#literal.yaml', false, true],
    ['trailing.yaml', false, true],
    ['app.yaml', false, false],
  ])('%s (directory: %s) ignored: %s', (rel, isDirectory, ignored) => {
    expect(rules.ignores(rel, isDirectory)).toBe(ignored);
  });

  it('an empty file ignores nothing', () => {
    expect(parseIgnoreFile('').ignores('a.yaml', false)).toBe(false);
  });
});
