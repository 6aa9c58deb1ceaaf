/**
 * Pods with sidecars (restartable init containers) and the wide pod columns.
 */
import { describe, expect, it } from 'vitest';
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

describe('pods with sidecars (restartable init containers)', () => {
  it('READY counts a started, ready sidecar and STATUS is Running', () => {
    const r = print(
      makePod({
        initContainers: ['logshipper*'],
        conditions: [initialized('True'), readyCond('True')],
        initContainerStatuses: [
          containerStatus('logshipper', running(), { ready: true, started: true }),
        ],
        containerStatuses: [containerStatus('app', running(), { ready: true, started: true })],
      }),
    );
    expect([r.ready, r.status]).toEqual(['2/2', 'Running']);
  });

  it('a started but unready sidecar counts in the total only', () => {
    const r = print(
      makePod({
        initContainers: ['setup', 'logshipper*'],
        conditions: [initialized('True'), readyCond('False')],
        initContainerStatuses: [
          containerStatus('setup', terminated(0, 'Completed')),
          containerStatus('logshipper', running(), { ready: false, started: true }),
        ],
        containerStatuses: [containerStatus('app', running(), { ready: true, started: true })],
      }),
    );
    expect([r.ready, r.status]).toEqual(['1/2', 'Running']);
  });

  it('Init:1/2 while a sidecar has not started yet', () => {
    const r = print(
      makePod({
        phase: 'Pending',
        initContainers: ['setup', 'logshipper*'],
        conditions: [initialized('False')],
        initContainerStatuses: [
          containerStatus('setup', terminated(0, 'Completed')),
          containerStatus('logshipper', running(), { started: false }),
        ],
        containerStatuses: [containerStatus('app', waiting('PodInitializing'))],
      }),
    );
    expect([r.ready, r.status]).toEqual(['0/2', 'Init:1/2']);
  });

  it('sidecar restarts keep counting after initialization, with the latest time', () => {
    const r = print(
      makePod({
        initContainers: ['setup', 'logshipper*'],
        conditions: [initialized('True'), readyCond('True')],
        initContainerStatuses: [
          containerStatus('setup', terminated(0, 'Completed'), {
            restartCount: 3,
            lastFinished: 10,
          }),
          containerStatus('logshipper', running(), {
            ready: true,
            started: true,
            restartCount: 2,
            lastFinished: 30,
          }),
        ],
        containerStatuses: [
          containerStatus('app', running(), {
            ready: true,
            started: true,
            restartCount: 1,
            lastFinished: 90,
          }),
        ],
      }),
    );
    // setup's 3 restarts are dropped; logshipper 2 + app 1, last restart 30 s ago.
    expect([r.ready, r.status, r.restarts]).toEqual(['2/2', 'Running', '3 (30s ago)']);
  });
});

describe('pod wide columns', () => {
  it('shows <none> for everything unknown', () => {
    const r = print(makePod({ phase: 'Pending' }));
    expect([r.ip, r.node, r.nominated, r.gates]).toEqual(['<none>', '<none>', '<none>', '<none>']);
  });

  it('IP from podIP or podIPs[0], node, nominated node and readiness gates', () => {
    const r = print(
      makePod({
        extraSpec: {
          nodeName: 'node01',
          readinessGates: [{ conditionType: 'example.com/a' }, { conditionType: 'example.com/b' }],
        },
        conditions: [condition('example.com/a', 'True'), condition('example.com/b', 'False')],
        extraStatus: { podIPs: [{ ip: '10.244.1.5' }], nominatedNodeName: 'node02' },
      }),
    );
    expect([r.ip, r.node, r.nominated, r.gates]).toEqual(['10.244.1.5', 'node01', 'node02', '1/2']);
    expect(
      print(makePod({ extraStatus: { podIP: '10.244.1.6', podIPs: [{ ip: '10.244.1.6' }] } })).ip,
    ).toBe('10.244.1.6');
  });

  it('AGE is <unknown> without creationTimestamp', () => {
    const pod = makePod();
    delete pod.metadata.creationTimestamp;
    expect(print(pod).age).toBe('<unknown>');
  });
});
