import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube-object.js';
import { resumeAfterReboot } from './node-reboot.js';
import type { ContainerRecord } from './status-builder.js';

const NOW = Date.parse('2025-03-01T12:00:00Z');

function pod(restartPolicy: string, status: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { restartPolicy },
    status,
  };
}

const fresh = (name: string, init = false): ContainerRecord => ({
  name,
  init,
  specImage: 'busybox',
  state: { kind: 'waiting', reason: 'ContainerCreating' },
  restartCount: 0,
});

const STATUS = {
  startTime: '2025-03-01T10:00:00Z',
  initContainerStatuses: [
    {
      name: 'setup',
      restartCount: 0,
      containerID: 'containerd://aaa',
      state: {
        terminated: {
          exitCode: 0,
          reason: 'Completed',
          startedAt: '2025-03-01T10:00:01Z',
          finishedAt: '2025-03-01T10:00:02Z',
          containerID: 'containerd://aaa',
        },
      },
    },
  ],
  containerStatuses: [
    {
      name: 'app',
      restartCount: 2,
      containerID: 'containerd://bbb',
      state: { running: { startedAt: '2025-03-01T10:05:00Z' } },
    },
    { name: 'idle', restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } },
  ],
};

describe('resuming a pod after a node reboot', () => {
  it('restarts everything under Always: one more restart each, the old instance as lastState', () => {
    const records = [fresh('setup', true), fresh('app'), fresh('idle')];
    const resumed = resumeAfterReboot(pod('Always', STATUS), records, NOW);
    expect(resumed).toEqual({
      startTime: Date.parse('2025-03-01T10:00:00Z'),
      sandboxChanged: true,
    });
    const [setup, app, idle] = records;
    expect(setup?.restartCount).toBe(1);
    expect(setup?.lastState).toMatchObject({
      exitCode: 0,
      reason: 'Completed',
      containerID: 'aaa',
    });
    expect(setup?.state.kind).toBe('waiting');
    expect(app?.restartCount).toBe(3);
    expect(app?.lastState).toEqual({
      exitCode: 255,
      reason: 'Unknown',
      startedAt: Date.parse('2025-03-01T10:05:00Z'),
      finishedAt: NOW,
      containerID: 'bbb',
    });
    // Never started: nothing to count.
    expect(idle).toEqual(fresh('idle'));
  });

  it('restarts nothing under Never: what ran ends terminated, no new sandbox', () => {
    const records = [fresh('setup', true), fresh('app'), fresh('idle')];
    const resumed = resumeAfterReboot(pod('Never', STATUS), records, NOW);
    expect(resumed.sandboxChanged).toBe(false);
    expect(records[1]?.state).toMatchObject({
      kind: 'terminated',
      exitCode: 255,
      reason: 'Unknown',
    });
    expect(records[1]?.restartCount).toBe(2);
    expect(records[0]?.state).toMatchObject({ kind: 'terminated', exitCode: 0 });
  });

  it('leaves a pod that never ran as it is', () => {
    const records = [fresh('app')];
    expect(resumeAfterReboot(pod('Always', {}), records, NOW)).toEqual({ sandboxChanged: false });
    expect(records).toEqual([fresh('app')]);
  });
});
