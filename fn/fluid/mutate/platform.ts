// Which sidecar platform a pod asks for (Fluid pkg/application/inject/fuse/injector.go,
// getServerlessPlatformFromMeta; pkg/utils/annotations.go).
import { InjectError } from '../errors';
import type { Platform } from './fuse-container';
import {
  ANNOTATION_PLATFORM,
  LABEL_DEPRECATED_SIDECAR_INJECT,
  LABEL_DONE,
  LABEL_SERVERLESS_INJECT,
  LABEL_UNPRIVILEGED,
} from '../labels';
import type { PodView } from '../../krm/workloads/pod-spec';
import { DEVELOPMENT_PROFILE, FluidProfile } from '../versions';

export function alreadyInjected(pod: PodView): boolean {
  return pod.labels[LABEL_DONE] === 'true';
}

/** First matching rule wins; only `default` and `unprivileged` have a mutator (an error otherwise). */
export function resolvePlatform(pod: PodView, profile: FluidProfile = DEVELOPMENT_PROFILE): Platform {
  const unprivileged = pod.labels[LABEL_UNPRIVILEGED] === 'true';
  let platform: string;
  if (pod.labels[LABEL_DEPRECATED_SIDECAR_INJECT] === 'true') {
    platform = unprivileged ? 'unprivileged' : 'default';
  } else if (pod.labels[LABEL_SERVERLESS_INJECT] === 'true') {
    if (unprivileged) platform = 'unprivileged';
    // Read from v1.0.6 on.
    else if (profile.platformAnnotation && ANNOTATION_PLATFORM in pod.annotations) platform = pod.annotations[ANNOTATION_PLATFORM];
    else platform = 'default';
  } else {
    throw new InjectError(
      'platform-unknown',
      "fail to get serverless platform from pod's meta: no serverless platform can be found from Pod's metadata",
      { field: 'metadata.labels' },
    );
  }
  if (platform !== 'default' && platform !== 'unprivileged') {
    throw new InjectError('platform-unknown', `fuse sidecar mutator cannot be found for platform ${platform}`, {
      field: `metadata.annotations.${ANNOTATION_PLATFORM}`,
    });
  }
  return platform;
}
