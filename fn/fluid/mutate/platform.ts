// Which sidecar platform a pod asks for (spec §2.2–2.4).
import { InjectError } from './errors';
import type { Platform } from './fuse-container';
import {
  ANNOTATION_PLATFORM,
  LABEL_DEPRECATED_SIDECAR_INJECT,
  LABEL_DONE,
  LABEL_SERVERLESS_INJECT,
  LABEL_UNPRIVILEGED,
} from './literals';
import type { PodView } from './pod-spec';

export function serverlessEnabled(pod: PodView): boolean {
  return pod.labels[LABEL_SERVERLESS_INJECT] === 'true' || pod.labels[LABEL_DEPRECATED_SIDECAR_INJECT] === 'true';
}

export function alreadyInjected(pod: PodView): boolean {
  return pod.labels[LABEL_DONE] === 'true';
}

/** First matching rule wins; only `default` and `unprivileged` have a mutator (E12 otherwise). */
export function resolvePlatform(pod: PodView): Platform {
  const unprivileged = pod.labels[LABEL_UNPRIVILEGED] === 'true';
  let platform: string;
  if (pod.labels[LABEL_DEPRECATED_SIDECAR_INJECT] === 'true') {
    platform = unprivileged ? 'unprivileged' : 'default';
  } else if (pod.labels[LABEL_SERVERLESS_INJECT] === 'true') {
    if (unprivileged) platform = 'unprivileged';
    else if (ANNOTATION_PLATFORM in pod.annotations) platform = pod.annotations[ANNOTATION_PLATFORM];
    else platform = 'default';
  } else {
    throw new InjectError(
      "fail to get serverless platform from pod's meta: no serverless platform can be found from Pod's metadata",
      false,
      'metadata.labels',
    );
  }
  if (platform !== 'default' && platform !== 'unprivileged') {
    throw new InjectError(`fuse sidecar mutator cannot be found for platform ${platform}`, false, `metadata.annotations.${ANNOTATION_PLATFORM}`);
  }
  return platform;
}
