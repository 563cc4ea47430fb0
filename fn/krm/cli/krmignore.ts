// `.krmignore`: the files kpt leaves out of a package, in .gitignore syntax. `render DIR` honours
// it so that the same directory renders the same objects under kpt and on the command line.
//
// Supported, as in .gitignore: blank lines and `#` comments; `!` re-includes; a trailing `/`
// matches directories only; a `/` at the start or in the middle anchors the pattern to the
// directory of the .krmignore, otherwise it matches a name at any depth; `*`, `?`, `[...]`
// within one path segment, `**` across segments. The last matching pattern decides.

export const KRMIGNORE = '.krmignore';

interface Rule {
  negate: boolean;
  dirOnly: boolean;
  re: RegExp;
}

export interface IgnoreRules {
  /** Whether `rel` (relative to the .krmignore's directory, `/`-separated) is ignored. */
  ignores(rel: string, isDirectory: boolean): boolean;
}

/** `[...]` of a glob as a RegExp class; `[!...]` negates, as in .gitignore. */
function charClass(glob: string, i: number): { re: string; end: number } | undefined {
  const close = glob.indexOf(']', i + 2);
  if (close < 0) return undefined;
  let body = glob.slice(i + 1, close);
  if (body.startsWith('!')) body = `^${body.slice(1)}`;
  return { re: `[${body.replace(/\\/g, '\\\\')}]`, end: close };
}

function globToRegExp(glob: string, anchored: boolean): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const atStart = i === 0 || glob[i - 1] === '/';
      const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
      if (atStart && atEnd) {
        // `**/` any leading directories; `/**` everything inside
        if (i + 2 === glob.length) re += '.*';
        else {
          re += '(?:.*/)?';
          i += 2;
          continue;
        }
        i += 1;
        continue;
      }
      re += '[^/]*';
      i += 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const cls = charClass(glob, i);
      if (cls) {
        re += cls.re;
        i = cls.end;
      } else re += '\\[';
    } else if (c === '\\' && i + 1 < glob.length) {
      re += glob[i + 1].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i += 1;
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${anchored ? '' : '(?:.*/)?'}${re}$`);
}

export function parseIgnoreFile(text: string): IgnoreRules {
  const rules: Rule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    if (line.startsWith('\\#') || line.startsWith('\\!')) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    if (line === '') continue;
    rules.push({ negate, dirOnly, re: globToRegExp(line, anchored) });
  }
  return {
    ignores(rel, isDirectory) {
      let ignored = false;
      for (const rule of rules) {
        if (rule.dirOnly && !isDirectory) continue;
        if (rule.re.test(rel)) ignored = !rule.negate;
      }
      return ignored;
    },
  };
}
