// The ConfigMaps that carry the mount check scripts (Fluid pkg/application/inject/fuse/poststart/):
// created once per namespace and name; on the development line also refreshed in place when the
// input already holds a stale one.
// What the ConfigMaps look like, and how the scripts behave, follows the release's profile.
import { ANNOTATION_SCRIPT_SHA, LABEL_DATASET_ID } from '../labels';
import { APP_CHECK_CONFIGMAP, isCheckConfigMap } from '../names';
import type { ClusterState } from '../state/cluster-state';
import { cloneJson, isObject, KubeObject, sha256 } from '../../types';
import { readFromCluster } from '../../krm/local-config';
import { CheckMountBehaviour, DEVELOPMENT_PROFILE, FluidProfile, PROFILES } from '../versions';
import {
  CHECK_FLUID_MOUNT_READY_KEY,
  CHECK_FLUID_MOUNT_READY_SCRIPT,
  CHECK_FLUID_MOUNT_READY_SHA,
  CHECK_MOUNT_KEY,
  CHECK_MOUNT_SCRIPT,
  CHECK_MOUNT_SHA,
  CHECK_MOUNT_UNPRIVILEGED_SCRIPT,
  CHECK_MOUNT_UNPRIVILEGED_SHA,
} from './check-scripts';

/** What one pod's injection needs; applied to the ledger only once the pod succeeded. */
export type ConfigMapRequest =
  | { kind: 'app'; namespace: string }
  | {
      kind: 'sidecar';
      namespace: string;
      name: string;
      datasetId: string;
      /** The unprivileged fuse-device script instead of check-mount.sh (up to v1.0.3). */
      script?: 'unprivileged';
      /** The Dataset that owns the ConfigMap (up to v1.0.5). */
      dataset?: { name: string; uid: string };
    };

// the shipped texts' digests, computed by tools/embed-scripts.js (check-scripts.test.ts checks them)
const SHIPPED_SHA = new Map([
  [CHECK_MOUNT_SCRIPT, CHECK_MOUNT_SHA],
  [CHECK_FLUID_MOUNT_READY_SCRIPT, CHECK_FLUID_MOUNT_READY_SHA],
  [CHECK_MOUNT_UNPRIVILEGED_SCRIPT, CHECK_MOUNT_UNPRIVILEGED_SHA],
]);

/** First 63 hex chars of the script's SHA-256 (a label-value-sized digest, as Fluid uses). */
export function scriptSha(script: string): string {
  // the development line ships the texts as they are: no node:crypto, a few ms of start-up, for those (#18)
  const shipped = SHIPPED_SHA.get(script);
  if (shipped !== undefined) return shipped;
  return sha256(script).toString('hex').slice(0, 63);
}

/**
 * The script text with its settings block (`name=<integer>` lines near the top) set to `settings`;
 * the shipped text holds the development line's values.
 */
export function withSettings(script: string, settings: Record<string, number>): string {
  let out = script;
  for (const [name, value] of Object.entries(settings)) {
    const at = settingLine(out, name);
    if (at === undefined) throw new Error(`script has no setting ${name}`);
    out = `${out.slice(0, at.from)}${name}=${value}${out.slice(at.to)}`;
  }
  return out;
}

/**
 * The first line starting `NAME=` and a digit: from the line start to the end of the digits. Found
 * with indexOf: a regular expression per setting cost a compilation each at start-up (#18).
 */
function settingLine(script: string, name: string): { from: number; to: number } | undefined {
  const key = `${name}=`;
  const nextLine = (after: number): number => {
    const i = script.indexOf(`\n${key}`, after + 1);
    return i === -1 ? -1 : i + 1;
  };
  for (let line = script.startsWith(key) ? 0 : nextLine(-1); line !== -1; line = nextLine(line)) {
    let to = line + key.length;
    while (to < script.length && script.charCodeAt(to) >= 48 && script.charCodeAt(to) <= 57) to++;
    if (to > line + key.length) return { from: line, to };
  }
  return undefined;
}

const flag = (b: boolean): number => (b ? 1 : 0);

export function checkMountScript(b: CheckMountBehaviour): string {
  return withSettings(CHECK_MOUNT_SCRIPT, {
    own_redirect: flag(b.ownRedirect),
    trace: flag(b.trace),
    poll_seconds: b.pollSeconds,
    mount_checks: b.mountChecks,
    sub_path_checks: b.subPathChecks,
    log_stamps: flag(b.logStamps),
  });
}

export function appCheckScript(ownRedirect: boolean): string {
  return withSettings(CHECK_FLUID_MOUNT_READY_SCRIPT, { own_redirect: flag(ownRedirect) });
}

interface Script {
  key: string;
  text: string;
  sha: string;
}

function script(key: string, text: string): Script {
  return { key, text, sha: scriptSha(text) };
}

export class ConfigMapLedger {
  private readonly handled = new Set<string>();
  /** Refreshed ConfigMaps already in `items`, where they are. */
  readonly updated: { index: number; path: (string | number)[]; object: KubeObject }[] = [];
  /** ConfigMaps to append, by `ns/name`. */
  readonly created = new Map<string, KubeObject>();
  private readonly scripts: Record<'app' | 'check-mount' | 'unprivileged', Script>;

  constructor(
    private readonly state: ClusterState,
    private readonly profile: FluidProfile = DEVELOPMENT_PROFILE,
  ) {
    this.scripts = {
      app: script(CHECK_FLUID_MOUNT_READY_KEY, appCheckScript(profile.appCheckOwnRedirect)),
      'check-mount': script(CHECK_MOUNT_KEY, checkMountScript(profile.checkMount)),
      // Mounted as /check-mount.sh like the other one.
      unprivileged: script(CHECK_MOUNT_KEY, CHECK_MOUNT_UNPRIVILEGED_SCRIPT),
    };
  }

  apply(req: ConfigMapRequest): void {
    const name = req.kind === 'app' ? APP_CHECK_CONFIGMAP : req.name;
    const key = `${req.namespace}/${name}`;
    if (this.handled.has(key)) return;
    this.handled.add(key);
    const { key: dataKey, text, sha } = this.scripts[req.kind === 'app' ? 'app' : (req.script ?? 'check-mount')];
    const { datasetIdLabel, refresh } = this.profile.checkConfigMaps;
    const labels = req.kind === 'sidecar' && datasetIdLabel ? { [LABEL_DATASET_ID]: req.datasetId } : undefined;
    const existing = this.state.configMap(req.namespace, name);
    if (!existing) {
      const metadata: KubeObject['metadata'] = { name, namespace: req.namespace };
      if (labels) metadata.labels = labels;
      if (refresh) metadata.annotations = { [ANNOTATION_SCRIPT_SHA]: sha };
      if (req.kind === 'sidecar' && req.dataset) {
        metadata.ownerReferences = [{ apiVersion: 'data.fluid.io/v1alpha1', kind: 'Dataset', name: req.dataset.name, uid: req.dataset.uid }];
      }
      this.created.set(key, { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { [dataKey]: text } });
      return;
    }
    // Releases up to v1.0.8 create the ConfigMap only when it is absent.
    if (!refresh) return;
    const cm = existing.object;
    if (cm.metadata.annotations?.[ANNOTATION_SCRIPT_SHA] === sha) return;
    const refreshed = cloneJson(cm);
    refreshed.data = { [dataKey]: text };
    refreshed.metadata.annotations = { ...(isObject(cm.metadata.annotations) ? cm.metadata.annotations : {}), [ANNOTATION_SCRIPT_SHA]: sha };
    if (labels) refreshed.metadata.labels = { ...(isObject(cm.metadata.labels) ? cm.metadata.labels : {}), ...labels };
    this.updated.push({ index: existing.index, path: existing.path, object: refreshed });
  }
}

let emittedScripts: ReadonlySet<string> | undefined;

/** Every script text a check ConfigMap of some release carries, keyed by its data key (made on first use: start-up). */
function knownScripts(): ReadonlySet<string> {
  emittedScripts ??= new Set(
    Object.values(PROFILES).flatMap((p) => [
      `${CHECK_FLUID_MOUNT_READY_KEY}\n${appCheckScript(p.appCheckOwnRedirect)}`,
      `${CHECK_MOUNT_KEY}\n${checkMountScript(p.checkMount)}`,
      `${CHECK_MOUNT_KEY}\n${CHECK_MOUNT_UNPRIVILEGED_SCRIPT}`,
    ]),
  );
  return emittedScripts;
}

/**
 * A check ConfigMap as this function emits it under any fluidVersion (so an uninject finds it
 * whichever release rendered it): a check ConfigMap's name, one script exactly as some release
 * ships it, and not read from a cluster (the chassis' `readFromCluster`, as for JuiceFS's objects).
 */
export function isEmittedCheckConfigMap(obj: KubeObject): boolean {
  if (obj.apiVersion !== 'v1' || obj.kind !== 'ConfigMap' || !isCheckConfigMap(obj.metadata.name ?? '')) return false;
  if (readFromCluster(obj)) return false;
  const data = isObject(obj.data) ? Object.entries(obj.data) : [];
  return data.length === 1 && typeof data[0][1] === 'string' && knownScripts().has(`${data[0][0]}\n${data[0][1]}`);
}
