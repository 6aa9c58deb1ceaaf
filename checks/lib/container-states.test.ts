import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import {
  apiTime,
  clockTime,
  containersWithEnv,
  findContainer,
  lastTermination,
  startedAt,
  timeMs,
} from './container-states.js';

// As the API serves them: timestamps are strings in JSON, whatever client-node's types say.
const crashLooping = {
  name: 'write-greeting',
  image: 'docker.io/library/busybox:1.36',
  imageID: 'docker.io/library/busybox@sha256:d554',
  ready: false,
  restartCount: 2,
  lastState: {
    terminated: {
      exitCode: 1,
      reason: 'Error',
      startedAt: '2026-11-23T16:24:03Z',
      finishedAt: '2026-11-23T16:24:03Z',
    },
  },
  state: { waiting: { reason: 'CrashLoopBackOff' } },
} as unknown as V1ContainerStatus;

const completed = {
  name: 'make-page',
  restartCount: 0,
  state: {
    terminated: {
      exitCode: 0,
      reason: 'Completed',
      startedAt: '2026-11-23T16:23:39Z',
      finishedAt: '2026-11-23T16:23:41Z',
    },
  },
} as unknown as V1ContainerStatus;

describe('API timestamps', () => {
  it('accepts the JSON string and a Date alike', () => {
    expect(apiTime('2026-11-23T16:23:39Z')).toBe('2026-11-23T16:23:39Z');
    expect(apiTime(new Date('2026-11-23T16:23:39Z'))).toBe('2026-11-23T16:23:39Z');
    expect(apiTime(undefined)).toBeUndefined();
    expect(timeMs('2026-11-23T16:23:41Z') - timeMs('2026-11-23T16:23:39Z')).toBe(2000);
    expect(timeMs(undefined)).toBeNaN();
    expect(clockTime('2026-11-23T16:23:39Z')).toBe('16:23:39');
  });
});

describe('lastTermination and startedAt', () => {
  it('takes the current termination, else the previous instance', () => {
    expect(lastTermination(completed)?.reason).toBe('Completed');
    expect(lastTermination(crashLooping)?.exitCode).toBe(1);
    expect(lastTermination(undefined)).toBeUndefined();
  });

  it('knows when the current instance started, and not for a waiting one', () => {
    expect(startedAt(completed)).toBe('2026-11-23T16:23:39Z');
    expect(startedAt(crashLooping)).toBeUndefined();
  });
});

describe('findContainer and containersWithEnv', () => {
  const pod: V1Pod = {
    spec: {
      initContainers: [{ name: 'write-greeting', image: 'busybox:1.36' }],
      containers: [
        {
          name: 'nginx',
          image: 'nginx:1.27',
          env: [{ name: 'GREETING', value: 'hi' }],
        },
      ],
    },
  };

  it('says which list declares a container', () => {
    expect(findContainer(pod, 'write-greeting')?.list).toBe('initContainers');
    expect(findContainer(pod, 'nginx')?.list).toBe('containers');
    expect(findContainer(pod, 'nope')).toBeUndefined();
  });

  it('finds the containers that set a variable, init containers included', () => {
    expect(containersWithEnv(pod, 'GREETING')).toEqual([
      { name: 'nginx', env: { name: 'GREETING', value: 'hi' } },
    ]);
    expect(containersWithEnv(pod, 'QUEUE_URL')).toEqual([]);
  });
});
