import type { CoreV1Event, V1ContainerStatus } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { classifyPullFailure, isPullError, pullFailureMessage } from './image-pull.js';

const NOT_FOUND =
  'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.277": failed to resolve reference "docker.io/library/nginx:1.277": docker.io/library/nginx:1.277: not found';
const DENIED =
  'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/ngnix:1.27": failed to resolve reference "docker.io/library/ngnix:1.27": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed';
const OFFLINE =
  'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nginx:1.27": failed to resolve reference "docker.io/library/nginx:1.27": failed to do request: Head "https://registry-1.docker.io/v2/library/nginx/manifests/1.27": dial tcp: lookup registry-1.docker.io: no such host';

/** The kubelet's events for one failed pull, in the order it records them (pod-facts §4.1). */
const failedPull = (image: string, error: string): CoreV1Event[] =>
  (
    [
      ['Pulling', `Pulling image "${image}"`],
      ['Failed', `Failed to pull image "${image}": ${error}`],
      ['Failed', 'Error: ErrImagePull'],
      ['BackOff', `Back-off pulling image "${image}"`],
      ['Failed', 'Error: ImagePullBackOff'],
    ] as const
  ).map(([reason, message]) => ({
    involvedObject: { kind: 'Pod', name: 'web' },
    metadata: {},
    reason,
    message,
  }));

const waiting = (reason: string, message?: string): V1ContainerStatus => ({
  name: 'web',
  image: 'nginx:1.277',
  imageID: '',
  ready: false,
  restartCount: 0,
  state: { waiting: { reason, ...(message ? { message } : {}) } },
});

describe('isPullError', () => {
  it('knows the waiting reasons of an image the kubelet cannot get', () => {
    for (const reason of ['ErrImagePull', 'ImagePullBackOff', 'ErrImageNeverPull']) {
      expect(isPullError(reason)).toBe(true);
    }
    expect(isPullError('CrashLoopBackOff')).toBe(false);
    expect(isPullError(undefined)).toBe(false);
  });
});

describe('pullFailureMessage', () => {
  it("is the runtime's error of the latest Failed event for that image", () => {
    const events = [...failedPull('nginx:1.277', 'older'), ...failedPull('nginx:1.277', NOT_FOUND)];
    expect(pullFailureMessage(events, 'nginx:1.277')).toBe(NOT_FOUND);
    expect(pullFailureMessage(events, 'nginx:1.27')).toBeUndefined();
  });
});

describe('classifyPullFailure', () => {
  it('tells a missing tag, a refused repository and an unreachable registry apart', () => {
    expect(classifyPullFailure(failedPull('nginx:1.277', NOT_FOUND), undefined)).toBe(
      'no-such-tag',
    );
    expect(classifyPullFailure(failedPull('ngnix:1.27', DENIED), undefined)).toBe('no-access');
    expect(classifyPullFailure(failedPull('nginx:1.27', OFFLINE), undefined)).toBe('no-network');
  });

  it('reads the waiting message when the events are not there (yet)', () => {
    expect(classifyPullFailure([], waiting('ErrImagePull', NOT_FOUND))).toBe('no-such-tag');
    expect(classifyPullFailure([], waiting('ImagePullBackOff', 'Back-off pulling image'))).toBe(
      undefined,
    );
  });

  it('reports pull policy Never', () => {
    expect(
      classifyPullFailure(
        [],
        waiting(
          'ErrImageNeverPull',
          'Container image "nginx:1.277" is not present with pull policy of Never',
        ),
      ),
    ).toBe('never-pull');
  });
});
