import type { CoreV1Event, V1ContainerStatus } from '@kubernetes/client-node';

/** Waiting reasons of a container whose image the kubelet cannot get (pod-facts §3.3). */
const PULL_ERRORS = ['ErrImagePull', 'ImagePullBackOff', 'ErrImageNeverPull', 'InvalidImageName'];

export function isPullError(reason: string | undefined): boolean {
  return reason !== undefined && PULL_ERRORS.includes(reason);
}

/**
 * The runtime's own words from the kubelet's latest `Failed to pull image "<image>": <error>`
 * event (the CRI error, without the prefix), or undefined when there is none for `image`.
 */
export function pullFailureMessage(events: CoreV1Event[], image: string): string | undefined {
  const prefix = `Failed to pull image "${image}": `;
  const event = [...events]
    .reverse()
    .find((e) => e.reason === 'Failed' && e.message?.startsWith(prefix));
  return event?.message?.slice(prefix.length);
}

/** Why an image pull failed, as a registry or a node would say it. */
export type PullFailureCause = 'no-such-tag' | 'no-access' | 'no-network' | 'never-pull';

/**
 * The cause of the latest pull failure, from the Failed events about the Pod and the
 * container's waiting state (whose message repeats the error while it is ErrImagePull). The
 * patterns are containerd's and the registries' wording: Docker Hub answers an unknown tag
 * with "not found", an unknown or private repository with "pull access denied".
 */
export function classifyPullFailure(
  events: CoreV1Event[],
  status: V1ContainerStatus | undefined,
): PullFailureCause | undefined {
  const waiting = status?.state?.waiting;
  if (
    waiting?.reason === 'ErrImageNeverPull' ||
    events.some((e) => e.reason === 'ErrImageNeverPull')
  ) {
    return 'never-pull';
  }
  const said = [
    ...events
      .filter((e) => e.reason === 'Failed' && e.message?.startsWith('Failed to pull image'))
      .map((e) => e.message ?? ''),
    waiting?.reason === 'ErrImagePull' ? (waiting.message ?? '') : '',
  ].reverse();
  for (const message of said) {
    if (
      /no such host|i\/o timeout|connection refused|network is unreachable|TLS handshake/i.test(
        message,
      )
    ) {
      return 'no-network';
    }
    if (
      /pull access denied|unauthorized|authorization failed|insufficient_scope|403 Forbidden/i.test(
        message,
      )
    ) {
      return 'no-access';
    }
    if (/not found|manifest unknown/i.test(message)) return 'no-such-tag';
  }
  return undefined;
}
