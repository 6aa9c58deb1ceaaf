/**
 * Pod STATUS, READY and RESTARTS once containers run, finish or are being deleted.
 */
import { describe, expect, it } from 'vitest';
import {
  ago,
  containerStatus,
  makePod,
  print,
  readyCond,
  running,
  terminated,
  waiting,
} from './pod-printer.test-support.js';

describe('pod STATUS of running pods', () => {
  it('Running with READY counting ready running containers', () => {
    const r = print(
      makePod({
        containers: ['nginx', 'debian'],
        conditions: [readyCond('False')],
        containerStatuses: [
          containerStatus('debian', running(), { ready: false }),
          containerStatus('nginx', running(), { ready: true }),
        ],
      }),
    );
    expect([r.ready, r.status]).toEqual(['1/2', 'Running']);
  });

  it('the pod-facts sample row: two-containers 2/2 Running 2 (42s ago) 5m1s', () => {
    const r = print(
      makePod({
        name: 'two-containers',
        containers: ['nginx', 'debian'],
        conditions: [readyCond('True')],
        containerStatuses: [
          containerStatus('debian', running(), { ready: true, restartCount: 2, lastFinished: 42 }),
          containerStatus('nginx', running(), { ready: true }),
        ],
      }),
    );
    expect([r.name, r.ready, r.status, r.restarts, r.age]).toEqual([
      'two-containers',
      '2/2',
      'Running',
      '2 (42s ago)',
      '5m1s',
    ]);
  });

  it('NotReady: one container completed, another still running, pod not Ready', () => {
    const r = print(
      makePod({
        containers: ['app', 'job'],
        conditions: [readyCond('False')],
        containerStatuses: [
          containerStatus('app', running(), { ready: true }),
          containerStatus('job', terminated(0, 'Completed')),
        ],
      }),
    );
    expect([r.ready, r.status]).toEqual(['1/2', 'NotReady']);
  });

  it('Running (not Completed) when the pod is Ready although one container completed', () => {
    const r = print(
      makePod({
        containers: ['app', 'job'],
        conditions: [readyCond('True')],
        containerStatuses: [
          containerStatus('app', running(), { ready: true }),
          containerStatus('job', terminated(0, 'Completed')),
        ],
      }),
    );
    expect(r.status).toBe('Running');
  });

  it('CrashLoopBackOff with restarts and the age of the last restart', () => {
    const r = print(
      makePod({
        name: 'crasher',
        createdSecondsAgo: 401,
        conditions: [readyCond('False')],
        containerStatuses: [
          containerStatus('app', waiting('CrashLoopBackOff'), {
            restartCount: 5,
            lastFinished: 71,
          }),
        ],
      }),
    );
    expect([r.ready, r.status, r.restarts, r.age]).toEqual([
      '0/1',
      'CrashLoopBackOff',
      '5 (71s ago)',
      '6m41s',
    ]);
  });

  it.each([
    ['ErrImagePull'],
    ['ImagePullBackOff'],
    ['CreateContainerConfigError'],
    ['ErrImageNeverPull'],
    ['RunContainerError'],
  ])('%s: the waiting reason', (reason) => {
    const r = print(
      makePod({ phase: 'Pending', containerStatuses: [containerStatus('app', waiting(reason))] }),
    );
    expect(r.status).toBe(reason);
  });

  it('OOMKilled, Error and Completed: the terminated reason', () => {
    for (const reason of ['OOMKilled', 'Error', 'Completed']) {
      const r = print(
        makePod({
          containerStatuses: [
            containerStatus('app', terminated(reason === 'Completed' ? 0 : 137, reason)),
          ],
        }),
      );
      expect(r.status).toBe(reason);
    }
  });

  it('Signal:N and ExitCode:N for a terminated container without reason', () => {
    expect(
      print(
        makePod({ containerStatuses: [containerStatus('app', terminated(143, undefined, 15))] }),
      ).status,
    ).toBe('Signal:15');
    expect(
      print(makePod({ containerStatuses: [containerStatus('app', terminated(2))] })).status,
    ).toBe('ExitCode:2');
  });

  it('the first container in the list wins when several are not running', () => {
    const r = print(
      makePod({
        containers: ['a', 'b'],
        containerStatuses: [
          containerStatus('a', waiting('ErrImagePull')),
          containerStatus('b', waiting('CrashLoopBackOff'), { restartCount: 1, lastFinished: 10 }),
        ],
      }),
    );
    expect([r.status, r.restarts]).toEqual(['ErrImagePull', '1 (10s ago)']);
  });

  it('a waiting state without reason leaves the phase', () => {
    const r = print(
      makePod({ phase: 'Pending', containerStatuses: [containerStatus('app', waiting())] }),
    );
    expect(r.status).toBe('Pending');
  });

  it('RESTARTS sums all containers and takes the latest finish time', () => {
    const r = print(
      makePod({
        containers: ['a', 'b'],
        containerStatuses: [
          containerStatus('a', running(), { ready: true, restartCount: 1, lastFinished: 3600 }),
          containerStatus('b', running(), { ready: true, restartCount: 2, lastFinished: 200 }),
        ],
      }),
    );
    expect(r.restarts).toBe('3 (3m20s ago)');
  });

  it('RESTARTS is a bare number when no previous termination time is known', () => {
    const pod = makePod({
      containerStatuses: [containerStatus('app', running(), { ready: true, restartCount: 4 })],
    });
    expect(print(pod).restarts).toBe('4');
  });
});

describe('pod STATUS when finished', () => {
  it('Completed for a Succeeded pod, with the Completed row condition', () => {
    const r = print(
      makePod({
        name: 'done',
        phase: 'Succeeded',
        conditions: [readyCond('False')],
        containerStatuses: [containerStatus('app', terminated(0, 'Completed'))],
      }),
    );
    expect([r.ready, r.status]).toEqual(['0/1', 'Completed']);
    expect(r.conditions).toEqual([
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ]);
  });

  it('Error for a Failed pod, with the Failed row condition', () => {
    const r = print(
      makePod({
        phase: 'Failed',
        containerStatuses: [containerStatus('app', terminated(1, 'Error'))],
      }),
    );
    expect(r.status).toBe('Error');
    expect(r.conditions?.[0]?.reason).toBe('Failed');
  });

  it('no row conditions for a running pod', () => {
    expect(print(makePod()).conditions).toBeUndefined();
  });
});

describe('pod STATUS while deleting', () => {
  it('Terminating once deletionTimestamp is set', () => {
    const r = print(
      makePod({
        deletionTimestamp: ago(-30),
        conditions: [readyCond('True')],
        containerStatuses: [containerStatus('app', running(), { ready: true })],
      }),
    );
    expect([r.ready, r.status]).toEqual(['1/1', 'Terminating']);
  });

  it('not Terminating for a pod that already Succeeded', () => {
    const r = print(
      makePod({
        phase: 'Succeeded',
        deletionTimestamp: ago(-30),
        containerStatuses: [containerStatus('app', terminated(0, 'Completed'))],
      }),
    );
    expect(r.status).toBe('Completed');
  });

  it('Unknown for a deleted pod of a lost node', () => {
    const r = print(makePod({ reason: 'NodeLost', deletionTimestamp: ago(10) }));
    expect(r.status).toBe('Unknown');
  });

  it('NodeLost without deletion shows the reason itself', () => {
    expect(print(makePod({ reason: 'NodeLost' })).status).toBe('NodeLost');
  });
});
