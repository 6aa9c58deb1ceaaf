/**
 * Pod columns and STATUS before and during initialization (printPod, init containers).
 */
import { describe, expect, it } from 'vitest';
import { podPrinter } from './pod-printer.js';
import {
  condition,
  containerStatus,
  initialized,
  makePod,
  print,
  readyCond,
  running,
  terminated,
  waiting,
} from './pod-printer.test-support.js';

describe('pod columns', () => {
  it('has the 1.32 column definitions, wide ones at priority 1', () => {
    expect(podPrinter.columns.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Ready', 'string', '', 0],
      ['Status', 'string', '', 0],
      ['Restarts', 'string', '', 0],
      ['Age', 'string', '', 0],
      ['IP', 'string', '', 1],
      ['Node', 'string', '', 1],
      ['Nominated Node', 'string', '', 1],
      ['Readiness Gates', 'string', '', 1],
    ]);
    for (const c of podPrinter.columns) expect(c.description).not.toBe('');
  });
});

describe('pod STATUS before containers run', () => {
  it('Pending: no container statuses yet', () => {
    const r = print(
      makePod({
        phase: 'Pending',
        conditions: [condition('PodScheduled', 'False', 'Unschedulable')],
      }),
    );
    expect([r.ready, r.status, r.restarts, r.age]).toEqual(['0/1', 'Pending', '0', '5m1s']);
  });

  it('ContainerCreating: the waiting reason of the container', () => {
    const r = print(
      makePod({
        phase: 'Pending',
        containerStatuses: [containerStatus('app', waiting('ContainerCreating'))],
      }),
    );
    expect(r.status).toBe('ContainerCreating');
  });

  it('SchedulingGated: from the PodScheduled condition reason', () => {
    const r = print(
      makePod({
        phase: 'Pending',
        conditions: [condition('PodScheduled', 'False', 'SchedulingGated')],
        extraSpec: { schedulingGates: [{ name: 'example.com/gate' }] },
      }),
    );
    expect(r.status).toBe('SchedulingGated');
  });

  it('status.reason wins over the phase (Evicted)', () => {
    const r = print(makePod({ phase: 'Failed', reason: 'Evicted' }));
    expect(r.status).toBe('Evicted');
    expect(r.conditions).toEqual([
      { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
    ]);
  });
});

describe('pod STATUS with init containers', () => {
  const twoInits = ['init-myservice', 'init-mydb'];

  it('Init:0/2 while the first init container runs', () => {
    const r = print(
      makePod({
        phase: 'Pending',
        initContainers: twoInits,
        conditions: [initialized('False')],
        initContainerStatuses: [
          containerStatus('init-myservice', running()),
          containerStatus('init-mydb', waiting('PodInitializing')),
        ],
        containerStatuses: [containerStatus('app', waiting('PodInitializing'))],
      }),
    );
    expect([r.ready, r.status, r.restarts]).toEqual(['0/1', 'Init:0/2', '0']);
  });

  it('Init:0/2 also when the first init container is waiting with PodInitializing', () => {
    const r = print(
      makePod({
        phase: 'Pending',
        initContainers: twoInits,
        initContainerStatuses: [
          containerStatus('init-myservice', waiting('PodInitializing')),
          containerStatus('init-mydb', waiting('PodInitializing')),
        ],
      }),
    );
    expect(r.status).toBe('Init:0/2');
  });

  it('Init:1/2 once the first init container exited 0', () => {
    const r = print(
      makePod({
        phase: 'Pending',
        initContainers: twoInits,
        initContainerStatuses: [
          containerStatus('init-myservice', terminated(0, 'Completed')),
          containerStatus('init-mydb', running()),
        ],
      }),
    );
    expect(r.status).toBe('Init:1/2');
  });

  it('Init:Error for a failed init container, counting its restarts', () => {
    const r = print(
      makePod({
        phase: 'Pending',
        initContainers: twoInits,
        initContainerStatuses: [
          containerStatus('init-myservice', terminated(1, 'Error'), {
            restartCount: 2,
            lastFinished: 30,
          }),
          containerStatus('init-mydb', waiting('PodInitializing')),
        ],
      }),
    );
    expect([r.status, r.restarts]).toEqual(['Init:Error', '2 (30s ago)']);
  });

  it('Init:CrashLoopBackOff while a failing init container backs off', () => {
    const r = print(
      makePod({
        phase: 'Pending',
        initContainers: twoInits,
        initContainerStatuses: [
          containerStatus('init-myservice', waiting('CrashLoopBackOff'), {
            restartCount: 4,
            lastFinished: 75,
          }),
          containerStatus('init-mydb', waiting('PodInitializing')),
        ],
      }),
    );
    expect([r.status, r.restarts]).toEqual(['Init:CrashLoopBackOff', '4 (75s ago)']);
  });

  it('Init:ErrImagePull for an init container whose image cannot be pulled', () => {
    const r = print(
      makePod({
        phase: 'Pending',
        initContainers: twoInits,
        initContainerStatuses: [containerStatus('init-myservice', waiting('ErrImagePull'))],
      }),
    );
    expect(r.status).toBe('Init:ErrImagePull');
  });

  it('Init:ExitCode:3 when the runtime gave no reason', () => {
    const r = print(
      makePod({
        phase: 'Pending',
        initContainers: twoInits,
        initContainerStatuses: [containerStatus('init-myservice', terminated(3))],
      }),
    );
    expect(r.status).toBe('Init:ExitCode:3');
  });

  it('Init:Signal:9 when a signal is recorded and there is no reason', () => {
    const r = print(
      makePod({
        phase: 'Pending',
        initContainers: twoInits,
        initContainerStatuses: [containerStatus('init-myservice', terminated(137, undefined, 9))],
      }),
    );
    expect(r.status).toBe('Init:Signal:9');
  });

  it('PodInitializing after all init containers succeeded', () => {
    const r = print(
      makePod({
        phase: 'Pending',
        initContainers: twoInits,
        conditions: [initialized('True'), readyCond('False')],
        initContainerStatuses: [
          containerStatus('init-myservice', terminated(0, 'Completed'), {
            restartCount: 1,
            lastFinished: 40,
          }),
          containerStatus('init-mydb', terminated(0, 'Completed')),
        ],
        containerStatuses: [containerStatus('app', waiting('PodInitializing'))],
      }),
    );
    // Plain init containers' restarts no longer count once the pod is initialized.
    expect([r.ready, r.status, r.restarts]).toEqual(['0/1', 'PodInitializing', '0']);
  });

  it('Running after initialization', () => {
    const r = print(
      makePod({
        initContainers: twoInits,
        conditions: [initialized('True'), readyCond('True')],
        initContainerStatuses: [
          containerStatus('init-myservice', terminated(0, 'Completed')),
          containerStatus('init-mydb', terminated(0, 'Completed')),
        ],
        containerStatuses: [containerStatus('app', running(), { ready: true, started: true })],
      }),
    );
    expect([r.ready, r.status]).toEqual(['1/1', 'Running']);
  });
});
