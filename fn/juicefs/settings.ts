// The settings record the driver derives per JuiceFS volume (§3.1, `ParseSettingWithNode`): from
// the credentials Secret, the PV's volume attributes overlaid with the PVC's `juicefs*` annotations,
// the PV's mount options and the CSI ConfigMap patch (first pass, without templates). Also where a
// Secret's data is read and where keys-only Secrets (A3) are understood.
import YAML from 'yaml';
import { isObject } from '../types';
import type { JsonObject, KubeObject } from '../types';
import { genCacheDirs } from './cache-dirs';
import { genFormatCmd } from './commands';
import type { CsiConfig } from './csi-config';
import { invalidArgument, jfsError, JuiceFSError } from './errors';
import { isGoDuration } from '../krm/go';
import { applyConfigPatch, parseToBytes } from './mount-pod-patch';
import type { PodAttr, Resources, Settings } from './model';
import { formatQuantity, parseQuantity, Quantity, QuantityError, quantityValue } from './quantities';
import {
  DEFAULT_RESOURCES,
  GENERATED_SECRET_SUFFIX,
  VOLCTX_ANNOTATIONS,
  VOLCTX_CLEAN_CACHE,
  VOLCTX_CPU_LIMIT,
  VOLCTX_CPU_REQUEST,
  VOLCTX_DELETE_DELAY,
  VOLCTX_HOST_PATH,
  VOLCTX_IMAGE,
  VOLCTX_LABELS,
  VOLCTX_MEMORY_LIMIT,
  VOLCTX_MEMORY_REQUEST,
  VOLCTX_MOUNT_OPTIONS,
  VOLCTX_PVC_PREFIX,
  VOLCTX_SUB_PATH,
} from './vocabulary';

export interface SettingsInput {
  /** the credentials Secret's data, decoded; keys-only values already replaced (see `keysOnly`) */
  secret: Record<string, string>;
  volCtx: Record<string, string>;
  options: string[];
  volumeHandle: string;
  pv: KubeObject;
  pvc: KubeObject;
  nodeLabels?: Record<string, string>;
  config: CsiConfig;
  images: { ce: string; ee: string };
  shareMount: 'none' | 'storageClass' | 'fs';
  noUpdateConfig: boolean;
}

// ---- the credentials Secret --------------------------------------------------------------------

/**
 * Secret keys whose values reach the pod only through the generated Secret (env `secretKeyRef`s and
 * the files of the rsa-key and init-config volumes), never through the pod spec: a keys-only
 * Secret may leave them empty (A3).
 */
export const KEYS_ONLY_KEYS = ['metaurl', 'secret-key', 'secretkey', 'secret-key2', 'secretkey2', 'token', 'passphrase', 'encrypt_rsa_key', 'initconfig'];

/** Stands in for an empty keys-only value: non-empty, so every rule reads the key as set. Never written out. */
export const KEYS_ONLY_VALUE = '<value kept in the cluster>';

/** `data` (base64) overlaid with `stringData`, as the API server stores a Secret. Throws JFS-SHAPE. */
export function secretData(secret: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  const shape = (field: string, message: string): never => {
    throw jfsError('JFS-SHAPE', `${field} ${message}`, { field });
  };
  for (const key of ['data', 'stringData'] as const) {
    const map = secret[key];
    if (map === undefined || map === null) continue;
    if (!isObject(map)) shape(key, 'must be a map of strings');
    for (const [k, v] of Object.entries(map as JsonObject)) {
      if (v === null) {
        out[k] = '';
        continue;
      }
      if (typeof v !== 'string') shape(`${key}.${k}`, 'must be a string');
      if (key === 'stringData') out[k] = v as string;
      else {
        const text = (v as string).replace(/\s+/g, '');
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) shape(`${key}.${k}`, 'is not base64');
        out[k] = Buffer.from(text, 'base64').toString('utf8');
      }
    }
  }
  return out;
}

/** The keys-only keys that are empty (including `envs` entries, as `envs.<KEY>`). */
export function emptyKeys(secret: Record<string, string>): string[] {
  const empty = KEYS_ONLY_KEYS.filter((k) => secret[k] === '');
  if (secret.envs) {
    try {
      for (const [k, v] of Object.entries(parseStringMap(secret.envs))) if (v === '') empty.push(`envs.${k}`);
    } catch {
      // a bad `envs` is reported by the settings parser
    }
  }
  return empty;
}

/** A keys-only Secret read for the `external` mode: empty keys-only values count as set (A3). */
export function keysOnly(secret: Record<string, string>): Record<string, string> {
  const out = { ...secret };
  for (const k of KEYS_ONLY_KEYS) if (out[k] === '') out[k] = KEYS_ONLY_VALUE;
  return out;
}

// ---- YAML-or-JSON maps -------------------------------------------------------------------------

class MapError extends Error {}

/**
 * `parseYamlOrJson` into `map[string]string`: YAML (1.1, as the driver's parser) or JSON; a value
 * that is not a string (a number, `yes`) fails as the driver's decoder does; null is "".
 */
export function parseStringMap(text: string): Record<string, string> {
  const doc = YAML.parseDocument(text, { version: '1.1' });
  if (doc.errors.length > 0) {
    try {
      return stringMapOf(JSON.parse(text));
    } catch (e) {
      if (e instanceof MapError) throw e;
      throw new MapError(doc.errors[0].message.split('\n')[0]);
    }
  }
  const root = doc.contents;
  if (root === null || (YAML.isScalar(root) && root.value === null)) return {};
  if (!YAML.isMap(root)) throw new MapError(`cannot unmarshal ${YAML.isSeq(root) ? 'array' : typeof (root as YAML.Scalar).value} into Go value of type map[string]string`);
  const out: Record<string, string> = {};
  for (const pair of root.items) {
    const key = YAML.isScalar(pair.key) ? pair.key.value : undefined;
    // Null and collection keys have no JSON form: the driver's YAML-to-JSON step fails on them.
    if (key === null || key === undefined || typeof key === 'object') throw new MapError(`unsupported map key ${String(pair.key)}`);
    const value: unknown = YAML.isNode(pair.value) ? pair.value.toJS(doc) : pair.value;
    out[String(key)] = checkValue(String(key), value);
  }
  return out;
}

function checkValue(key: string, v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  throw new MapError(`cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v} into Go value of type string (key ${JSON.stringify(key)})`);
}

function stringMapOf(parsed: unknown): Record<string, string> {
  if (parsed === null) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new MapError('cannot unmarshal into Go value of type map[string]string');
  return Object.fromEntries(Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [k, checkValue(k, v)]));
}

/** `field`: `data.<key>` of the Secret, or the volume-context key. */
function parseMapOrFail(text: string, what: string, field: string, prefix = ''): Record<string, string> {
  try {
    return parseStringMap(text);
  } catch (e) {
    if (!(e instanceof MapError)) throw e;
    throw jfsError('E9', `${prefix}${invalidArgument(`Parse yaml or json error: ${what}: ${e.message}`)}`, { field });
  }
}

function sortedRecord(rec: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(rec).sort()) out[k] = rec[k];
  return out;
}

// ---- the JSON decode of the Secret into the settings record ------------------------------------

type StringField = 'name' | 'metaUrl' | 'source' | 'storage' | 'formatOptions' | 'secretKey' | 'secretKey2' | 'token' | 'passphrase' | 'encryptRsaKey' | 'initConfig' | 'deletedDelay' | 'uuid' | 'volumeId' | 'uniqueId' | 'mountPath' | 'formatCmd' | 'subPath' | 'secretName';

/**
 * The driver JSON-encodes the Secret's data and decodes it into its settings struct, so a key that
 * names a struct field (by JSON tag, or by Go name when there is no tag; case-insensitively) sets
 * it, and one that names a non-string field fails the injection (§3.1 step 2).
 */
const DECODED_FIELDS: { json: string; field?: StringField; goType?: string }[] = [
  { json: 'name', field: 'name' },
  { json: 'metaurl', field: 'metaUrl' },
  { json: 'source', field: 'source' },
  { json: 'storage', field: 'storage' },
  { json: 'format-options', field: 'formatOptions' },
  { json: 'secret-key', field: 'secretKey' },
  { json: 'secret-key2', field: 'secretKey2' },
  { json: 'token', field: 'token' },
  { json: 'passphrase', field: 'passphrase' },
  { json: 'envs_map', goType: 'map[string]string' },
  { json: 'encrypt_rsa_key', field: 'encryptRsaKey' },
  { json: 'initconfig', field: 'initConfig' },
  { json: 'configs_map', goType: 'map[string]string' },
  { json: 'deleted_delay', field: 'deletedDelay' },
  { json: 'clean_cache', goType: 'bool' },
  { json: 'host_path', goType: '[]string' },
  { json: 'IsCe', goType: 'bool' },
  { json: 'UsePod', goType: 'bool' },
  { json: 'UUID', field: 'uuid' },
  { json: 'CachePVCs', goType: '[]config.CachePVC' },
  { json: 'CacheEmptyDir', goType: 'config.CacheEmptyDir' },
  { json: 'CacheInlineVolumes', goType: '[]*config.CacheInlineVolume' },
  { json: 'CacheEphemeral', goType: '[]*config.CacheEphemeral' },
  { json: 'CacheDirs', goType: '[]string' },
  { json: 'VolumeId', field: 'volumeId' },
  { json: 'UniqueId', field: 'uniqueId' },
  { json: 'MountPath', field: 'mountPath' },
  { json: 'Options', goType: '[]string' },
  { json: 'FormatCmd', field: 'formatCmd' },
  { json: 'SubPath', field: 'subPath' },
  { json: 'SecretName', field: 'secretName' },
  { json: 'Attr', goType: 'config.PodAttr' },
];

function decodeSecret(s: Settings, secret: Record<string, string>): void {
  // encoding/json writes map keys sorted and applies them in order: the last match wins.
  for (const key of Object.keys(secret).sort()) {
    const f = DECODED_FIELDS.find((d) => d.json === key) ?? DECODED_FIELDS.find((d) => d.json.toLowerCase() === key.toLowerCase());
    if (!f) continue;
    if (f.goType) {
      throw jfsError('E9', invalidArgument(`Parse yaml or json error: json: cannot unmarshal string into Go struct field JfsSetting.${f.json} of type ${f.goType} (Secret key ${JSON.stringify(key)})`), {
        field: `data.${key}`,
      });
    }
    s[f.field!] = secret[key];
  }
}

// ---- volume context, options -------------------------------------------------------------------

function stringMapAt(obj: unknown, field: string): Record<string, string> {
  if (obj === undefined || obj === null) return {};
  if (!isObject(obj)) throw jfsError('JFS-SHAPE', `${field} must be a map of strings`, { field });
  for (const [k, v] of Object.entries(obj)) if (typeof v !== 'string') throw jfsError('JFS-SHAPE', `${field}.${k} must be a string`, { field: `${field}.${k}` });
  return obj as Record<string, string>;
}

/** The PV's volumeAttributes, then every PVC annotation whose key starts with `juicefs` (§1.6). */
export function volumeContext(pv: KubeObject, pvc: KubeObject): { volCtx: Record<string, string>; pvcFields: Set<string> } {
  const csi = isObject(pv.spec) && isObject(pv.spec.csi) ? pv.spec.csi : {};
  const volCtx = { ...stringMapAt(csi.volumeAttributes, 'spec.csi.volumeAttributes') };
  const pvcFields = new Set<string>();
  const annotations = pvc.metadata.annotations ?? {};
  for (const [k, v] of Object.entries(annotations)) {
    if (!k.startsWith(VOLCTX_PVC_PREFIX) || typeof v !== 'string') continue;
    volCtx[k] = v;
    pvcFields.add(k);
  }
  return { volCtx, pvcFields };
}

/** `ro` for a ReadOnlyMany-only PV, the PV's mountOptions, then volumeAttributes `mountOptions` (§3.1 step 1). */
export function volumeOptions(pv: KubeObject, volCtx: Record<string, string>): string[] {
  const spec = isObject(pv.spec) ? pv.spec : {};
  const options: string[] = [];
  const modes = spec.accessModes;
  if (Array.isArray(modes) && modes.length === 1 && modes[0] === 'ReadOnlyMany') options.push('ro');
  const mountOptions = spec.mountOptions;
  if (mountOptions !== undefined && mountOptions !== null) {
    if (!Array.isArray(mountOptions) || mountOptions.some((o) => typeof o !== 'string')) {
      throw jfsError('JFS-SHAPE', 'spec.mountOptions must be a list of strings', { field: 'spec.mountOptions' });
    }
    options.push(...(mountOptions as string[]));
  }
  if (Object.hasOwn(volCtx, VOLCTX_MOUNT_OPTIONS)) options.push(...volCtx[VOLCTX_MOUNT_OPTIONS].split(','));
  return options;
}

// ---- resources ---------------------------------------------------------------------------------

function quantityOrFail(text: string, key: string): Quantity {
  try {
    return parseQuantity(text);
  } catch (e) {
    if (!(e instanceof QuantityError)) throw e;
    throw jfsError('E11', `GenPodAttrWithCfg error: ${e.message} (${key}: ${JSON.stringify(text)})`, { field: key });
  }
}

/**
 * `ParsePodResources` over the volume context: each key on its own over the defaults; a limit ≤ 0
 * or a request < 0 removes it, a request of 0 stays.
 */
export function parsePodResources(volCtx: Record<string, string>): Resources {
  const limits: Record<string, Quantity> = { cpu: parseQuantity(DEFAULT_RESOURCES.limits.cpu), memory: parseQuantity(DEFAULT_RESOURCES.limits.memory) };
  const requests: Record<string, Quantity> = { cpu: parseQuantity(DEFAULT_RESOURCES.requests.cpu), memory: parseQuantity(DEFAULT_RESOURCES.requests.memory) };
  const set = (list: Record<string, Quantity>, name: string, key: string, keepZero: boolean): void => {
    const text = volCtx[key] ?? '';
    if (text === '') return;
    const q = quantityOrFail(text, key);
    const sign = q.mantissa === 0n ? 0 : q.mantissa > 0n ? 1 : -1;
    if (sign < 0 || (sign === 0 && !keepZero)) delete list[name];
    else list[name] = q;
  };
  set(limits, 'cpu', VOLCTX_CPU_LIMIT, false);
  set(limits, 'memory', VOLCTX_MEMORY_LIMIT, false);
  set(requests, 'cpu', VOLCTX_CPU_REQUEST, true);
  set(requests, 'memory', VOLCTX_MEMORY_REQUEST, true);
  return { limits, requests };
}

// ---- ParseSettingWithNode ----------------------------------------------------------------------

/** `genAndValidOptions`: trimmed, `k = v` spacing normalised, more than one `=` is an error. */
export function validOptions(options: string[], resources: Resources): string[] {
  const out: string[] = [];
  for (const option of options) {
    let o = option.trim();
    const ops = o.split('=');
    if (ops.length > 2) throw jfsError('E12', `genAndValidOptions error: invalid mount option: ${o}`);
    if (ops.length === 2) o = `${ops[0].trim()}=${ops[1].trim()}`;
    const limit = resources.limits?.memory;
    if (ops.length === 2 && ops[0] === 'buffer-size' && limit && quantityValue(limit) > 0n) {
      // Sizes are in MiB unless they carry a unit; processOption has clamped what it could read.
      const size = parseToBytes(ops[1]);
      if (size === undefined) throw jfsError('E12', `genAndValidOptions error: invalid mount option: ${o}`);
      if (size > Number(quantityValue(limit))) {
        throw jfsError('E12', `genAndValidOptions error: buffer-size ${ops[1]} MiB is greater than pod memory limit ${formatQuantity(limit)}`);
      }
    }
    out.push(o);
  }
  return out;
}

function newAttr(s: Settings, images: { ce: string; ee: string }): PodAttr {
  return {
    image: s.isCe ? images.ce : images.ee,
    hostNetwork: false,
    labels: {},
    annotations: {},
    resources: parsePodResources({}),
  };
}

/** `GenPodAttrWithCfg(setting, volCtx, false)`: defaults, volume attributes, then the patch's first pass. */
function genPodAttr(s: Settings, volCtx: Record<string, string>, input: SettingsInput): void {
  const attr = newAttr(s, input.images);
  s.attr = attr;
  if (volCtx[VOLCTX_IMAGE]) attr.image = volCtx[VOLCTX_IMAGE];
  attr.resources = parsePodResources(volCtx);
  if (volCtx[VOLCTX_LABELS]) Object.assign(attr.labels, parseMapOrFail(volCtx[VOLCTX_LABELS], VOLCTX_LABELS, VOLCTX_LABELS, 'GenPodAttrWithCfg error: '));
  if (volCtx[VOLCTX_ANNOTATIONS]) Object.assign(attr.annotations, parseMapOrFail(volCtx[VOLCTX_ANNOTATIONS], VOLCTX_ANNOTATIONS, VOLCTX_ANNOTATIONS, 'GenPodAttrWithCfg error: '));
  applyConfigPatch(s, input.config, false);
}

/**
 * The settings of one JuiceFS volume, first patch pass included. Throws JuiceFSError (E8–E16) with
 * the driver's message; the caller adds which workload, PVC, PV and Secret.
 */
export function parseSettings(input: SettingsInput): Settings {
  const { secret, volCtx } = input;
  const s: Settings = {
    isCe: false,
    name: '',
    metaUrl: '',
    source: '',
    storage: '',
    formatOptions: '',
    secretKey: '',
    secretKey2: '',
    token: '',
    passphrase: '',
    encryptRsaKey: '',
    initConfig: '',
    envs: {},
    configs: {},
    subPath: '',
    deletedDelay: '',
    cleanCache: false,
    hostPath: [],
    volumeId: '',
    uniqueId: '',
    uuid: '',
    mountPath: '',
    secretName: '',
    options: [...input.options],
    formatCmd: '',
    cacheDirs: [],
    cachePvcs: [],
    cacheEphemeral: [],
    mountShareMode: '',
    attr: { image: '', hostNetwork: false, labels: {}, annotations: {}, resources: {} },
    pv: input.pv,
    pvc: input.pvc,
  };
  if (input.nodeLabels) s.nodeLabels = input.nodeLabels;
  decodeSecret(s, secret);
  if (!secret.name) throw jfsError('E8', invalidArgument('Empty name'));
  s.name = secret.name;
  s.storage = secret.storage ?? '';
  s.volumeId = input.volumeHandle;
  s.uniqueId = input.volumeHandle;
  s.source = s.name;
  if (Object.hasOwn(secret, 'metaurl')) {
    s.metaUrl = secret.metaurl;
    s.isCe = true;
    s.source = secret.metaurl.includes('://') ? secret.metaurl : `redis://${secret.metaurl}`;
  }
  if (secret.secretkey) s.secretKey = secret.secretkey;
  if (secret.secretkey2) s.secretKey2 = secret.secretkey2;
  if (secret.configs) s.configs = sortedRecord(parseMapOrFail(secret.configs, 'configs', 'data.configs'));
  if (secret.envs) s.envs = sortedRecord(parseMapOrFail(secret.envs, 'envs', 'data.envs'));

  if (volCtx[VOLCTX_SUB_PATH]) s.subPath = volCtx[VOLCTX_SUB_PATH];
  if (volCtx[VOLCTX_CLEAN_CACHE] === 'true') s.cleanCache = true;
  const delay = volCtx[VOLCTX_DELETE_DELAY];
  if (delay) {
    if (!isGoDuration(delay)) throw jfsError('E10', `can't parse delay time ${delay}`, { field: VOLCTX_DELETE_DELAY });
    s.deletedDelay = delay;
  }
  if (volCtx[VOLCTX_HOST_PATH]) {
    s.hostPath = volCtx[VOLCTX_HOST_PATH]
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
  }

  genPodAttr(s, volCtx, input);
  s.options = validOptions(s.options, s.attr.resources);
  genCacheDirs(s, volCtx);
  s.uuid = s.name;
  genFormatCmd(s, { ...secret }, input.noUpdateConfig);
  if (input.shareMount === 'storageClass') s.mountShareMode = 'storageClassShareMount';
  else if (input.shareMount === 'fs') s.mountShareMode = 'fsShareMount';
  return s;
}

/** The generated Secret's name for a PVC. */
export function generatedSecretName(pvcName: string): string {
  return `${pvcName}${GENERATED_SECRET_SUFFIX}`;
}

export function isJuiceFSError(e: unknown): e is JuiceFSError {
  return e instanceof JuiceFSError;
}
