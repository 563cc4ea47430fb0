import { CE_SECRET, settingsFor } from '../../test/support/juicefs';
import { escapeBash, initCommand, metricsPort, mountCommand, parseFormatOptions, quoteForShell, quotaPath, sidecarScript } from './commands';
import type { Settings } from './model';

/** Settings with the fields a command test sets; the rest from a plain CE volume. */
function with_(over: Partial<Settings>): Settings {
  const s = settingsFor();
  return { ...s, options: [], ...over, attr: { ...s.attr, ...(over.attr ?? {}) } };
}

describe('bash escaping (§3.5)', () => {
  it.each([
    ['a', 'a'],
    ['a b', 'a b'],
    ['$a', "$'$a'"],
    ["$'a'", "$'$\\'a\\''"],
    ['a;b', "$'a;b'"],
    ['a\\b|c', "$'a\\\\b|c'"],
    ['(x)', "$'(x)'"],
    ['`x`', "$'`x`'"],
    ['a&b>c', "$'a&b>c'"],
    ["it's", "it's"],
  ])('%s → %s', (input, want) => {
    expect(escapeBash(input)).toBe(want);
  });

  it('QuoteForShell puts a backslash before every parenthesis', () => {
    expect(quoteForShell('a (b) c)')).toBe('a \\(b\\) c\\)');
  });
});

describe('mount command (pod_test TestPodMount_getCommand)', () => {
  it('test-ce', () => {
    const s = with_({ isCe: true, mountPath: '/jfs/test-volume', options: ['debug'] });
    expect(mountCommand(s)).toBe('exec /bin/mount.juicefs ${metaurl} /jfs/test-volume -o debug,metrics=0.0.0.0:9567');
  });

  it('test-ee', () => {
    const s = with_({ isCe: false, source: 'test', mountPath: '/jfs/test-volume', options: ['debug'] });
    expect(mountCommand(s)).toBe('exec /sbin/mount.juicefs test /jfs/test-volume -o foreground,no-update,debug');
  });

  it('test-subpath: subdir= joined with the sub path, last', () => {
    const s = with_({ isCe: false, source: 'test', mountPath: '/jfs/test-volume', options: ['subdir=test'], subPath: '/jfs/test-volume/subpath' });
    expect(mountCommand(s)).toBe('exec /sbin/mount.juicefs test /jfs/test-volume -o foreground,no-update,subdir=test/jfs/test-volume/subpath');
  });

  it('EE with no options ends in foreground,no-update; the rsa key is an option', () => {
    expect(mountCommand(with_({ isCe: false, source: 'v', mountPath: '/jfs/x' }))).toBe('exec /sbin/mount.juicefs v /jfs/x -o foreground,no-update');
    expect(mountCommand(with_({ isCe: false, source: 'v', mountPath: '/jfs/x', encryptRsaKey: 'K' }))).toBe(
      'exec /sbin/mount.juicefs v /jfs/x -o foreground,no-update,rsa-key=/root/.rsa/rsa-key.pem',
    );
  });

  it('a sub path alone becomes subdir=; share mode keeps the options as they are', () => {
    expect(mountCommand(with_({ mountPath: '/jfs/x', subPath: 'pvc-1', options: ['a'] }))).toBe('exec /bin/mount.juicefs ${metaurl} /jfs/x -o a,subdir=pvc-1,metrics=0.0.0.0:9567');
    expect(mountCommand(with_({ mountPath: '/jfs/x', subPath: 'pvc-1', options: ['subdir=a'], mountShareMode: 'fsShareMount' }))).toBe(
      'exec /bin/mount.juicefs ${metaurl} /jfs/x -o subdir=a,metrics=0.0.0.0:9567',
    );
  });

  it('a metrics option is kept; hostNetwork picks a random port', () => {
    expect(mountCommand(with_({ mountPath: '/jfs/x', options: ['metrics=0.0.0.0:9999'] }))).toBe('exec /bin/mount.juicefs ${metaurl} /jfs/x -o metrics=0.0.0.0:9999');
    const s = with_({ mountPath: '/jfs/x' });
    s.attr.hostNetwork = true;
    expect(mountCommand(s)).toBe('exec /bin/mount.juicefs ${metaurl} /jfs/x -o metrics=0.0.0.0:0');
  });

  it('options with shell characters are escaped, then every parenthesis gets a backslash', () => {
    expect(mountCommand(with_({ mountPath: '/jfs/x', options: ['a=$(b)'] }))).toBe("exec /bin/mount.juicefs ${metaurl} /jfs/x -o $'a=$\\(b\\),metrics=0.0.0.0:9567'");
  });
});

describe('metrics port (TestPodMount_getMetricsPort)', () => {
  it.each([
    [[], 9567],
    [['metrics=0.0.0.0:9999'], 9999],
    [['metrics=0.0.0.0:foo'], 9567],
  ])('%j → %d', (options, port) => {
    expect(metricsPort(with_({ options: options as string[] }), 9567)).toBe(port);
  });
});

describe('init command (common_test TestGenInitCommand)', () => {
  const base = { formatCmd: 'juicefs format', name: 'test-vol' };
  it('CE format', () => expect(initCommand(with_({ ...base, isCe: true }))).toBe('juicefs format'));
  it('CE with an rsa key', () => expect(initCommand(with_({ ...base, isCe: true, encryptRsaKey: 'k' }))).toBe('juicefs format --encrypt-rsa-key=/root/.rsa/rsa-key.pem'));
  it('EE with an rsa key is unchanged', () => expect(initCommand(with_({ ...base, isCe: false, encryptRsaKey: 'k' }))).toBe('juicefs format'));
  it('initconfig copies the config', () => expect(initCommand(with_({ ...base, isCe: false, initConfig: 'x' }))).toBe('cp /etc/juicefs/test-vol.conf /root/.juicefs'));
  it('EE ACL links', () => {
    expect(initCommand(with_({ ...base, isCe: false, initConfig: 'x', configs: { 'acl-secret': '/root/.acl' } }))).toBe(
      'cp /etc/juicefs/test-vol.conf /root/.juicefs && ln -sf /root/.acl/group /etc/group && ln -sf /root/.acl/passwd /etc/passwd',
    );
  });
  it('CE ignores ACL configs', () => expect(initCommand(with_({ ...base, isCe: true, configs: { a: '/root/.acl' } }))).toBe('juicefs format'));
});

describe('format and auth commands from the Secret (setting_test TestParseSecret)', () => {
  it('EE auth with every key, format options, conf dir', () => {
    const s = settingsFor({
      secret: { name: 'abc', token: 't', 'secret-key': 'sk', 'secret-key2': 'sk2', passphrase: 'p', encrypt_rsa_key: 'k', initconfig: 'i', 'format-options': 'xxx' },
    });
    expect(s.formatCmd).toBe('/usr/bin/juicefs auth abc --token=${token} --secret-key=${secretkey} --secret-key2=${secretkey2} --passphrase=${passphrase} --xxx --conf-dir=/root/.juicefs');
    expect(s.uuid).toBe('abc');
  });

  it('EE without a token has no init command; old key names are accepted', () => {
    expect(settingsFor({ secret: { name: 'v' } }).formatCmd).toBe('');
    const s = settingsFor({ secret: { name: 'v', token: 't', accesskey: 'A', secretkey: 'S', bucket: 'b' } });
    expect(s.formatCmd).toBe('/usr/bin/juicefs auth v --access-key=A --bucket=b --token=${token} --secret-key=${secretkey} --conf-dir=/root/.juicefs');
  });

  it('EE with noUpdateConfig: --no-update, and a bucket is required (E16)', () => {
    expect(settingsFor({ secret: { name: 'v', token: 't', bucket: 'b' }, noUpdateConfig: true }).formatCmd).toBe(
      '/usr/bin/juicefs auth v --bucket=b --token=${token} --no-update --conf-dir=/root/.juicefs',
    );
    expect(() => settingsFor({ secret: { name: 'v', token: 't' }, noUpdateConfig: true })).toThrow('bucket argument is required when --no-update option is provided');
  });

  it('CE format: flags in key order, values escaped, the name raw, secret key by reference', () => {
    const s = settingsFor({ secret: { ...CE_SECRET, 'block-size': '4096', compress: 'lz4', 'trash-days': '1', capacity: '10', inodes: '5', shards: '2', 'format-options': 'session-token=abc,x' } });
    expect(s.formatCmd).toBe(
      '/usr/local/bin/juicefs format --storage=s3 --bucket=https://b.s3.amazonaws.com --access-key=AK --block-size=4096 --compress=lz4 --trash-days=1 --capacity=10 --inodes=5 --shards=2 --secret-key=${secretkey} ${metaurl} myjfs --session-token=${session-token} --x',
    );
  });

  it('CE: --no-update without storage or bucket; only `secret-key` gives the flag', () => {
    const s = settingsFor({ secret: { name: 'v', metaurl: 'redis://r', secretkey: 'S' } });
    expect(s.formatCmd).toBe('/usr/local/bin/juicefs format --no-update ${metaurl} v');
    expect(s.secretKey).toBe('S');
  });

  it('E14: metaurl present but empty', () => {
    expect(() => settingsFor({ secret: { name: 'v', metaurl: '' } })).toThrow('rpc error: code = InvalidArgument desc = Empty metaurl');
  });

  it('E15: a format option with an empty value', () => {
    expect(() => settingsFor({ secret: { ...CE_SECRET, 'format-options': 'a,b=' } })).toThrow(
      'rpc error: code = InvalidArgument desc = Parse format options error: invalid format options: a,b=',
    );
    expect(parseFormatOptions(' a = 1 , ,b')).toEqual([
      ['a', '1'],
      ['b', ''],
    ]);
  });
});

describe('quota path (§4.2)', () => {
  it.each([
    [[], '', ''],
    [[], 'pvc-123', 'pvc-123'],
    [['subdir=a'], 'pvc-1', '/a/pvc-1'],
    [['subdir=a', 'subdir=/b/'], '', '/b'],
  ])('options %j, sub path %j → %j', (options, subPath, want) => {
    expect(quotaPath(with_({ options: options as string[], subPath }))).toBe(want);
  });
});

describe('sidecar script', () => {
  it('init and mount on two lines; the serverless builders always write both', () => {
    const s = with_({ isCe: false, source: 'v', mountPath: '/jfs/x', formatCmd: '' });
    expect(sidecarScript(s, false)).toBe('exec /sbin/mount.juicefs v /jfs/x -o foreground,no-update');
    expect(sidecarScript(s, true)).toBe('\nexec /sbin/mount.juicefs v /jfs/x -o foreground,no-update');
  });
});
