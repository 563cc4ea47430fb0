// The mount directory `<m>` of each sidecar (A4). The hostpath webhook draws 6 random letters per
// pod; offline the same template must render the same bytes, so `<m>` is 6 letters derived from
// `namespace/kind/name/pvc/index`, unless the workload's annotation names the directories. The
// serverless profile uses the PVC's uid, else its name, as the webhook does.
import { isDnsLabel } from '../krm/names';
import { sha256 } from '../types';
import { jfsError } from './errors';
import { ANNOTATION_MOUNT_DIR } from './vocabulary';

/**
 * 6 lowercase letters from SHA-256 of `namespace/kind/name/pvc/index`, plus `/<template path>` for
 * one of several templates of a workload (their pods may share a node, so not their directories).
 */
export function hashedMountDir(namespace: string, kind: string, name: string, pvc: string, index: number, template?: string): string {
  const digest = sha256(`${namespace}/${kind}/${name}/${pvc}/${index}${template ? `/${template}` : ''}`);
  let out = '';
  for (let i = 0; i < 6; i++) out += String.fromCharCode(97 + (digest[i] % 26));
  return out;
}

/**
 * The override annotation: a comma-separated list of directory names, one per JuiceFS volume of
 * the pod in pod-volume order (missing entries fall back to the hash). Throws JFS-MOUNT-DIR.
 */
export function mountDirOverrides(annotations: Record<string, unknown>, volumes: number): (string | undefined)[] {
  const raw = annotations[ANNOTATION_MOUNT_DIR];
  if (raw === undefined) return [];
  const field = `metadata.annotations.${ANNOTATION_MOUNT_DIR}`;
  if (typeof raw !== 'string') throw jfsError('JFS-MOUNT-DIR', `${field} must be a string`, { field });
  const entries = raw.split(',').map((e) => e.trim());
  for (const e of entries) {
    if (!isDnsLabel(e)) {
      throw jfsError('JFS-MOUNT-DIR', `${field}: ${JSON.stringify(e)} is not a directory name (lowercase letters, digits and '-', at most 63)`, { field });
    }
  }
  if (new Set(entries).size !== entries.length) throw jfsError('JFS-MOUNT-DIR', `${field}: ${JSON.stringify(raw)} names a directory twice`, { field });
  if (entries.length > volumes) {
    throw jfsError('JFS-MOUNT-DIR', `${field}: ${entries.length} directories for ${volumes} JuiceFS volume(s)`, { field });
  }
  return entries;
}
