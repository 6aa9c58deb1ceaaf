import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { conditionText, getPodsColumns, getPodsLine, podCondition } from './pod-status-line.js';

const running = { running: { startedAt: '2026-11-23T16:42:57Z' } };
const condition = (type: string, status: string, reason?: string) => ({
  type,
  status,
  ...(reason ? { reason } : {}),
});

/** A Pod as the API serves it: only the fields the printer reads. */
function pod(
  containers: string[],
  status: Record<string, unknown>,
  extra: { initContainers?: string[]; deleting?: boolean } = {},
): V1Pod {
  return {
    metadata: {
      name: 'p',
      ...(extra.deleting ? { deletionTimestamp: '2026-11-23T17:00:00Z' } : {}),
    },
    spec: {
      containers: containers.map((name) => ({ name })),
      ...(extra.initContainers
        ? { initContainers: extra.initContainers.map((name) => ({ name })) }
        : {}),
    },
    status,
  } as unknown as V1Pod;
}

describe('kubectl get pods columns', () => {
  it('shows a crash loop under phase Running', () => {
    const p = pod(['flaky'], {
      phase: 'Running',
      containerStatuses: [
        {
          name: 'flaky',
          ready: false,
          restartCount: 2,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
          lastState: { terminated: { exitCode: 1, reason: 'Error' } },
        },
      ],
    });
    expect(getPodsColumns(p)).toEqual({ ready: '0/1', status: 'CrashLoopBackOff', restarts: 2 });
    expect(getPodsLine(p).en).toBe('READY 0/1, STATUS CrashLoopBackOff, RESTARTS 2');
  });

  it('shows Error for a failed container beside a running one, though the phase is Running', () => {
    const p = pod(['web', 'job'], {
      phase: 'Running',
      // containerStatuses come sorted by name: job before web.
      containerStatuses: [
        {
          name: 'job',
          ready: false,
          restartCount: 0,
          state: { terminated: { exitCode: 1, reason: 'Error' } },
        },
        { name: 'web', ready: true, restartCount: 0, state: running },
      ],
    });
    expect(getPodsColumns(p)).toEqual({ ready: '1/2', status: 'Error', restarts: 0 });
  });

  it('shows Running but 0/1 for a running container that is not ready', () => {
    const p = pod(['nginx'], {
      phase: 'Running',
      conditions: [condition('Ready', 'False', 'ContainersNotReady')],
      containerStatuses: [{ name: 'nginx', ready: false, restartCount: 0, state: running }],
    });
    expect(getPodsColumns(p)).toMatchObject({ ready: '0/1', status: 'Running' });
  });

  it('shows Completed, or NotReady when a finished container sits beside an unready one', () => {
    const done = pod(['calc'], {
      phase: 'Succeeded',
      containerStatuses: [
        {
          name: 'calc',
          ready: false,
          restartCount: 0,
          state: { terminated: { exitCode: 0, reason: 'Completed' } },
        },
      ],
    });
    expect(getPodsColumns(done).status).toBe('Completed');
    const mixed = pod(['a', 'b'], {
      phase: 'Running',
      conditions: [condition('Ready', 'False', 'ContainersNotReady')],
      containerStatuses: [
        {
          name: 'a',
          ready: false,
          restartCount: 0,
          state: { terminated: { exitCode: 0, reason: 'Completed' } },
        },
        { name: 'b', ready: true, restartCount: 0, state: running },
      ],
    });
    expect(getPodsColumns(mixed).status).toBe('NotReady');
  });

  it('shows Init:N/M while init containers run, counting their restarts', () => {
    const p = pod(
      ['nginx'],
      {
        phase: 'Pending',
        conditions: [condition('Initialized', 'False', 'ContainersNotInitialized')],
        initContainerStatuses: [
          {
            name: 'one',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
          },
          { name: 'two', ready: false, restartCount: 1, state: running },
        ],
        containerStatuses: [
          {
            name: 'nginx',
            ready: false,
            restartCount: 0,
            state: { waiting: { reason: 'PodInitializing' } },
          },
        ],
      },
      { initContainers: ['one', 'two'] },
    );
    expect(getPodsColumns(p)).toEqual({ ready: '0/1', status: 'Init:1/2', restarts: 1 });
  });

  it('shows Pending for an unscheduled Pod and Terminating for one being deleted', () => {
    const pending = pod(['nginx'], {
      phase: 'Pending',
      conditions: [condition('PodScheduled', 'False', 'Unschedulable')],
    });
    expect(getPodsColumns(pending)).toEqual({ ready: '0/1', status: 'Pending', restarts: 0 });
    const leaving = pod(['nginx'], { phase: 'Running' }, { deleting: true });
    expect(getPodsColumns(leaving).status).toBe('Terminating');
  });
});

describe('pod conditions', () => {
  const p = pod(['nginx'], {
    conditions: [
      condition('PodScheduled', 'False', 'Unschedulable'),
      condition('Initialized', 'True'),
    ],
  });

  it('finds a condition by type and says it in one phrase', () => {
    expect(podCondition(p, 'PodScheduled')?.reason).toBe('Unschedulable');
    expect(conditionText(p, 'PodScheduled')).toBe('PodScheduled=False (Unschedulable)');
    expect(conditionText(p, 'Initialized')).toBe('Initialized=True');
    expect(conditionText(p, 'Ready')).toBe('Ready=(absent)');
  });
});
