import { UsageError } from '../errors';
import { FlagSpec, parseExportFlags } from './flags';

const OWN: FlagSpec[] = [
  { names: ['--tag'], key: 'tag', kind: 'list' },
  { names: ['--mode'], key: 'mode', kind: 'value' },
  { names: ['--all'], key: 'all', kind: 'switch' },
  { names: ['--dataset'], key: 'dataset', kind: 'refused', message: '--dataset is not for this command' },
];

const fails = (argv: string[]): string => {
  try {
    parseExportFlags(argv, OWN);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`no error for ${argv.join(' ')}`);
};

describe('parseExportFlags', () => {
  it('reads the connection flags and the command own ones, both spellings', () => {
    const p = parseExportFlags(['-n', 'a', '--namespace=b', '--server', 'http://127.0.0.1:8001', '--request-timeout', '5s', '-o', 'out.yaml', '--tag', 'x', '--tag=y', '--mode', 'm', '--all'], OWN);
    expect(p.connection).toEqual({ namespaces: ['a', 'b'], server: 'http://127.0.0.1:8001', requestTimeoutSeconds: 5 });
    expect(p.output).toBe('out.yaml');
    expect(Object.fromEntries(p.own)).toEqual({ tag: ['x', 'y'], mode: ['m'], all: [''] });
  });

  it('`-o -` is stdout; --help answers before any check', () => {
    expect(parseExportFlags(['-n', 'a', '-o', '-'], OWN).output).toBeUndefined();
    expect(parseExportFlags(['--help'], OWN).help).toBe(true);
  });

  it('says what is wrong, in one line', () => {
    expect(fails([])).toBe('at least one --namespace is required');
    expect(fails(['-n', 'a', '--mode', 'x', '--mode', 'y'])).toBe('flag --mode given more than once');
    expect(fails(['-n', 'a', '--mode'])).toBe('flag --mode needs a value');
    expect(fails(['-n', 'a', '--mode', '--all'])).toBe('flag --mode needs a value');
    expect(fails(['-n', 'a', '--mode='])).toBe('flag --mode needs a non-empty value');
    expect(fails(['-n', 'a', '--all=yes'])).toBe('flag --all takes no value');
    expect(fails(['-n', 'a', '--dataset', 'x'])).toBe('--dataset is not for this command');
    expect(fails(['-n', 'a', '--fluid-namespace', 'x'])).toBe('unknown flag --fluid-namespace');
    expect(fails(['-n', 'a', 'extra'])).toBe('unexpected argument "extra"');
    expect(fails(['-n', 'a', '--request-timeout', '0'])).toBe('--request-timeout must be a positive number of seconds, got 0');
  });
});
