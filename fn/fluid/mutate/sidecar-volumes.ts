// Appends the fuse DaemonSet's volumes to the pod under suffixed names (`<name>-<N>`), resolving name
// collisions with the webhook's rule (Fluid pkg/application/inject/fuse/volume.go, appendVolumes and
// randomizeNewVolumeName; ReplacePrefix in pkg/utils/random.go), made deterministic: a counter
// where the webhook draws random characters.
import { isDnsLabel } from '../../krm/names';
import { cloneJson } from '../../types';
import { InjectError } from '../errors';
import { DEVELOPMENT_PROFILE } from '../versions';
import { hasPrefix, PodSpec, Volume, volumesOf } from '../../krm/workloads/pod-spec';

const MAX_FALLBACKS = 101;

/** Fluid's ReplacePrefix: the first len(p)+1 characters of `s` become `p-`. */
export function replacePrefix(s: string, p: string): string {
  if (s.length + 1 <= p.length) return p;
  return `${p}-${s.slice(p.length + 1)}`;
}

/** 3 chars of [a-z0-9] from a counter, where the webhook draws random ones. */
function fallbackChars(i: number): string {
  return i.toString(36).padStart(3, '0');
}

/**
 * A rule R candidate. ReplacePrefix of a name as long as the prefix or one character longer ends in
 * `-` (`mem-0` → `fluid-`), which the API server rejects: that `-` is dropped. For a valid
 * `desired` every candidate is then a valid name.
 */
function candidate(desired: string, prefix: string): string {
  return replacePrefix(desired, prefix).replace(/-+$/, '');
}

/** `desired`, or the first free name of rule R. `desired` must be a valid volume name. */
export function freeVolumeName(desired: string, existing: ReadonlySet<string>): string {
  if (!isDnsLabel(desired)) {
    throw new InjectError('volume-name-invalid', `volume name "${desired}" is not a valid name (lowercase letters, digits and '-', at most 63 characters)`);
  }
  if (!existing.has(desired)) return desired;
  let name = candidate(desired, 'fluid');
  for (let i = 0; existing.has(name); i++) {
    if (i >= MAX_FALLBACKS) {
      throw new InjectError('volume-name-exhausted', `retry  the volume name ${name} because duplicate name more than 100 times, then give up`);
    }
    name = candidate(desired, `fluid-${fallbackChars(i)}`);
  }
  return name;
}

/**
 * Appends each volume as `<name><suffix>` (collisions resolved) and returns old → new names for
 * renaming the sidecar's mounts. With a unique dir (random-suffix mode) the FUSE mount's hostPath
 * volumes (names starting with one of `fuseMountVolumes`, the release's) get `<path>/<unique>` by
 * plain concatenation, as the webhook does.
 */
export function appendSidecarVolumes(
  spec: PodSpec,
  volumesToAdd: readonly Volume[],
  suffix: string,
  unique: string | undefined,
  fuseMountVolumes: readonly string[] = DEVELOPMENT_PROFILE.fuseMountVolumes,
): Map<string, string> {
  const volumes = volumesOf(spec);
  const existing = new Set(volumes.map((v) => v.name));
  const renames = new Map<string, string>();
  for (const source of volumesToAdd) {
    const volume = cloneJson(source);
    if (!isDnsLabel(`${volume.name}${suffix}`)) {
      // Too long (or not a name at all): the webhook's pod would be rejected by the API server.
      throw new InjectError(
        'volume-name-invalid',
        `fuse daemonset volume "${volume.name}" cannot be added as "${volume.name}${suffix}": not a valid volume name (lowercase letters, digits and '-', at most 63 characters)`,
      );
    }
    const name = freeVolumeName(`${volume.name}${suffix}`, existing);
    if (unique !== undefined && volume.hostPath && hasPrefix(volume.name, fuseMountVolumes)) {
      volume.hostPath.path = `${volume.hostPath.path}/${unique}`;
    }
    renames.set(volume.name, name);
    volume.name = name;
    existing.add(name);
    volumes.push(volume);
  }
  return renames;
}
