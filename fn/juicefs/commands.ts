// The sidecar's shell command (§3.3): the Community `juicefs format` or Enterprise `juicefs auth`
// init step, the mount command, and the driver's bash escaping (§3.5). Credentials appear only as
// `${metaurl}`-style references that `sh` expands from the env.
import { invalidArgument, jfsError } from './errors';
import { pathJoin } from '../krm/go';
import type { Settings } from './model';
import {
  CE_CLI,
  CE_MOUNT,
  CLIENT_CONF_DIR,
  DEFAULT_METRICS,
  EE_CLI,
  EE_MOUNT,
  HOST_NETWORK_METRICS,
  RO_CONF_DIR,
  RSA_KEY_PATH,
} from './vocabulary';

const BASH_SPECIAL = /[$`&;>|()]/;

/** `security.EscapeBashStr`: `$'…'` quoting, only for strings with one of `` $`&;>|() ``. */
export function escapeBash(s: string): string {
  if (!BASH_SPECIAL.test(s)) return s;
  return `$'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** `util.QuoteForShell`: a backslash before every parenthesis of the whole command. */
export function quoteForShell(cmd: string): string {
  return cmd.replaceAll('(', '\\(').replaceAll(')', '\\)');
}

/** `format-options`: `k` or `k=v` pairs; `k=` is an error; empty keys are skipped. */
export function parseFormatOptions(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const option of text.split(',')) {
    const trimmed = option.trim();
    const eq = trimmed.indexOf('=');
    const pair = eq < 0 ? [trimmed] : [trimmed.slice(0, eq), trimmed.slice(eq + 1)];
    if (pair.length === 2 && pair[1] === '') {
      throw jfsError('E15', invalidArgument(`Parse format options error: invalid format options: ${text}`));
    }
    const key = pair[0].trim();
    if (key === '') continue;
    out.push([key, pair.length === 1 ? '' : pair[1].trim()]);
  }
  return out;
}

/** Format options as flags; `session-token` becomes a reference to its env var. */
function formatOptionFlags(s: Settings): string[] {
  if (s.formatOptions === '') return [];
  return parseFormatOptions(s.formatOptions).map(([k, v]) => {
    if (v === '') return `--${escapeBash(k)}`;
    return `--${escapeBash(k)}=${k === 'session-token' ? `\${${k}}` : escapeBash(v)}`;
  });
}

const KEYS_COMPATIBLE: [string, string][] = [
  ['accesskey', 'access-key'],
  ['accesskey2', 'access-key2'],
  ['secretkey', 'secret-key'],
  ['secretkey2', 'secret-key2'],
];

/** `GenAuthCmd` as the sidecar runs it (values from env). Mutates `secrets` as the driver does. */
function authCommand(secrets: Record<string, string>, s: Settings, noUpdateConfig: boolean): string {
  const args = [EE_CLI, 'auth', escapeBash(secrets.name)];
  // An old key replaces the new one even when empty, as `KeysCompatible` does.
  for (const [old, key] of KEYS_COMPATIBLE) {
    if (Object.hasOwn(secrets, old)) {
      secrets[key] = secrets[old];
      delete secrets[old];
    }
  }
  for (const k of ['access-key', 'access-key2', 'bucket', 'bucket2', 'subdir']) {
    if (secrets[k]) args.push(`--${k}=${escapeBash(secrets[k])}`);
  }
  const envOf: Record<string, string> = { token: 'token', 'secret-key': 'secretkey', 'secret-key2': 'secretkey2', passphrase: 'passphrase' };
  for (const [k, env] of Object.entries(envOf)) if (secrets[k]) args.push(`--${k}=\${${env}}`);
  if (noUpdateConfig) {
    args.push('--no-update');
    if (!secrets.bucket) throw jfsError('E16', 'bucket argument is required when --no-update option is provided');
  }
  args.push(...formatOptionFlags(s));
  args.push(`--conf-dir=${CLIENT_CONF_DIR}`);
  return args.join(' ');
}

/** `GenFormatCmd` as the sidecar runs it; `--no-update` when `storage` or `bucket` is empty. */
function formatCommand(secrets: Record<string, string>, s: Settings): string {
  if (!secrets.metaurl) throw jfsError('E14', invalidArgument('Empty metaurl'));
  const args = [CE_CLI, 'format'];
  if (!secrets.storage || !secrets.bucket) args.push('--no-update');
  for (const k of ['storage', 'bucket', 'access-key', 'block-size', 'compress', 'trash-days', 'capacity', 'inodes', 'shards']) {
    if (secrets[k]) args.push(`--${k}=${escapeBash(secrets[k])}`);
  }
  // Only the hyphenated key gives the flag (a Secret with `secretkey` gets the env var alone).
  if (secrets['secret-key']) args.push('--secret-key=${secretkey}');
  args.push('${metaurl}', secrets.name);
  args.push(...formatOptionFlags(s));
  return args.join(' ');
}

/** `genFormatCmd`: sets `formatCmd` (and, for Enterprise, `uuid` and `initConfig` from the exact keys). */
export function genFormatCmd(s: Settings, secrets: Record<string, string>, noUpdateConfig: boolean): void {
  if (!s.isCe) {
    if (secrets.token) s.formatCmd = authCommand(secrets, s, noUpdateConfig);
    s.uuid = secrets.name;
    s.initConfig = secrets.initconfig ?? '';
  } else {
    s.formatCmd = formatCommand(secrets, s);
  }
}

/** `genInitCommand`: the format/auth command, or the copy of the init config; Enterprise ACL links. */
export function initCommand(s: Settings): string {
  let cmd = s.formatCmd;
  if (s.encryptRsaKey !== '' && s.isCe) cmd = `${cmd} --encrypt-rsa-key=${RSA_KEY_PATH}`;
  if (s.initConfig !== '') cmd = ['cp', pathJoin(RO_CONF_DIR, `${s.name}.conf`), CLIENT_CONF_DIR].join(' ');
  if (!s.isCe) {
    const acl = Object.values(s.configs).find((p) => p.includes('/root/.acl'));
    if (acl !== undefined) cmd += ` && ln -sf ${pathJoin(acl, 'group')} /etc/group && ln -sf ${pathJoin(acl, 'passwd')} /etc/passwd`;
  }
  return cmd;
}

/**
 * `genMountCommand`: unless in share mode, every `subdir=` option is replaced by one last
 * `subdir=<dir joined with subPath>`; CE adds the default metrics option.
 */
export function mountCommand(s: Settings): string {
  let options: string[];
  if (s.mountShareMode === '') {
    options = [];
    let subdir = s.subPath;
    for (const o of s.options) {
      if (!o.startsWith('subdir=')) {
        options.push(o);
        continue;
      }
      const parts = o.split('=');
      if (parts.length === 2) subdir = pathJoin(parts[1], s.subPath);
    }
    if (subdir !== '') options.push(`subdir=${subdir}`);
  } else {
    options = [...s.options];
  }
  let args: string[];
  if (s.isCe) {
    if (!options.some((o) => o.startsWith('metrics='))) options.push(s.attr.hostNetwork ? HOST_NETWORK_METRICS : DEFAULT_METRICS);
    args = ['exec', CE_MOUNT, '${metaurl}', escapeBash(s.mountPath), '-o', escapeBash(options.join(','))];
  } else {
    const own = ['foreground', 'no-update'];
    if (s.encryptRsaKey !== '') own.push(`rsa-key=${RSA_KEY_PATH}`);
    args = ['exec', EE_MOUNT, escapeBash(s.source), escapeBash(s.mountPath), '-o', escapeBash([...own, ...options].join(','))];
  }
  return quoteForShell(args.join(' '));
}

/** The sidecar's `sh -c` script: init and mount on two lines (the serverless builders always write both). */
export function sidecarScript(s: Settings, alwaysTwoLines: boolean): string {
  const init = initCommand(s);
  const mount = mountCommand(s);
  return init !== '' || alwaysTwoLines ? `${init}\n${mount}` : mount;
}

/** `getQuotaPath`: `/<last subdir=>` joined with subPath (no leading slash without a subdir). */
export function quotaPath(s: Settings): string {
  let subdir = '';
  for (const o of s.options) {
    const pair = o.split('=');
    if (pair.length === 2 && pair[0] === 'subdir') subdir = pathJoin('/', pair[1]);
  }
  return pathJoin(subdir, s.subPath);
}

/** The metrics port: the last `metrics=…:<port>` option's port, else 9567. */
export function metricsPort(s: Settings, fallback: number): number {
  let port = fallback;
  for (const o of s.options) {
    if (!o.startsWith('metrics=')) continue;
    const m = /metrics=.*:([0-9]{1,6})/.exec(o);
    if (m) port = Number(m[1]);
  }
  return port;
}
