/**
 * Sidecars (init containers with `restartPolicy: Always`) on the real registry with a manual
 * clock: start order, restarts whatever the pod's policy, READY counting through the real pod
 * printer, and the stop order at completion and on deletion.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { podPrinter } from '../apiserver/tables/pod-printer.js';
import { PODS } from '../events/memory-cluster.test-support.js';
import { type KubeletCluster, kubeletCluster } from './kubelet.test-support.js';

let c: KubeletCluster;

beforeEach(async () => {
  c = await kubeletCluster();
});

afterEach(() => {
  c.stop();
  expect(c.errors).toEqual([]);
});

const shell = (name: string, script: string, extra: Record<string, unknown> = {}) => ({
  name,
  image: 'busybox:1.36',
  command: ['sh', '-c', script],
  ...extra,
});
const sidecar = (name: string, script: string, extra: Record<string, unknown> = {}) =>
  shell(name, script, { restartPolicy: 'Always', ...extra });

/** A shell that ends at once on SIGTERM. */
const polite = "trap 'exit 0' TERM; while true; do sleep 1; done";

const stateOf = (status: { state: object }) => Object.keys(status.state)[0];
const inits = (name = 'p') => c.pod(name).status.initContainerStatuses;
const apps = (name = 'p') => c.pod(name).status.containerStatuses;
/** READY and STATUS as `kubectl get pods` shows them. */
const row = (name = 'p') => {
  const cells = podPrinter.row(c.pod(name), c.clock.now().getTime()).cells;
  return [cells[1], cells[2]];
};

describe('sidecar init containers', () => {
  it('start in order, the next once the sidecar has started, and keep running', async () => {
    await c.run({
      initContainers: [sidecar('agent', polite), shell('setup', 'sleep 5')],
      containers: [shell('app', polite)],
    });
    await c.advance(2000);
    expect(inits().map(stateOf)).toEqual(['running', 'running']);
    expect(stateOf(apps()[0])).toBe('waiting');
    expect(c.pod('p').status.phase).toBe('Pending');
    expect(row()).toEqual(['1/2', 'Init:1/2']);
    await c.advance(5000);
    expect(inits().map(stateOf)).toEqual(['running', 'terminated']);
    expect(inits()[0]).toMatchObject({ ready: true, started: true, restartCount: 0 });
    expect(stateOf(apps()[0])).toBe('running');
    expect(c.pod('p').status.phase).toBe('Running');
    expect(row()).toEqual(['2/2', 'Running']);
    const ready = c.pod('p').status.conditions.find((x: { type: string }) => x.type === 'Ready');
    expect(ready.status).toBe('True');
  });

  it('holds the next init container until the sidecar’s startup probe passes', async () => {
    await c.run({
      initContainers: [
        sidecar('agent', 'sleep 4; touch /tmp/up; sleep 3600', {
          startupProbe: {
            exec: { command: ['test', '-f', '/tmp/up'] },
            periodSeconds: 1,
            failureThreshold: 10,
          },
        }),
        shell('setup', 'true'),
      ],
      containers: [shell('app', 'sleep 3600')],
    });
    await c.advance(2000);
    expect(inits()[0]).toMatchObject({ started: false, state: { running: {} } });
    expect(inits()[1].state.waiting.reason).toBe('PodInitializing');
    const initialized = () =>
      c.pod('p').status.conditions.find((x: { type: string }) => x.type === 'Initialized');
    expect(initialized()).toMatchObject({
      status: 'False',
      message: 'containers with incomplete status: [agent setup]',
    });
    await c.advance(5000);
    expect(inits()[0].started).toBe(true);
    expect(inits()[1].state.terminated).toMatchObject({ exitCode: 0 });
    expect(stateOf(apps()[0])).toBe('running');
    expect(initialized().status).toBe('True');
  });

  it('restarts an exited sidecar even under restartPolicy Never', async () => {
    await c.run({
      restartPolicy: 'Never',
      initContainers: [sidecar('agent', 'sleep 3; exit 1')],
      containers: [shell('app', 'sleep 3600')],
    });
    await c.advance(2000);
    expect(stateOf(apps()[0])).toBe('running');
    await c.advance(3000);
    expect(inits()[0].restartCount).toBe(1);
    expect(inits()[0].lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(stateOf(apps()[0])).toBe('running');
    expect(c.pod('p').status.phase).toBe('Running');
    // The second exit meets the crash-loop back-off; the app carries on, the pod stays initialized.
    await c.advance(3000);
    expect(inits()[0].state.waiting?.reason).toBe('CrashLoopBackOff');
    expect(c.pod('p').status.phase).toBe('Running');
    // printPod keeps the sidecar's `Init:CrashLoopBackOff` as STATUS; READY counts the app only.
    expect(row()[0]).toBe('1/2');
  });

  it('is stopped once the app containers complete, and the pod Succeeds', async () => {
    await c.run({
      restartPolicy: 'Never',
      initContainers: [sidecar('agent', polite)],
      containers: [shell('job', 'sleep 3')],
    });
    await c.advance(2000);
    expect(stateOf(inits()[0])).toBe('running');
    await c.advance(3000);
    await c.advance(1000);
    const pod = c.pod('p');
    expect(pod.status.phase).toBe('Succeeded');
    expect(apps()[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(stateOf(inits()[0])).toBe('terminated');
    const killing = c
      .events()
      .filter((e) => e.reason === 'Killing')
      .map((e) => e.message);
    expect(killing).toEqual(['Stopping container agent']);
  });

  it('stops after the app containers when the pod is deleted', async () => {
    await c.run({
      terminationGracePeriodSeconds: 30,
      initContainers: [sidecar('first', polite), sidecar('second', polite)],
      containers: [shell('app', "trap 'sleep 3; exit 0' TERM; while true; do sleep 1; done")],
    });
    await c.advance(2000);
    expect(row()).toEqual(['3/3', 'Running']);
    await c.registry.delete(PODS, 'default', 'p');
    await c.advance(1000);
    // The app is still handling its SIGTERM: the sidecars have not been told to stop yet.
    expect(c.pod('p')).toBeDefined();
    expect(inits().map(stateOf)).toEqual(['running', 'running']);
    await c.advance(5000);
    expect(c.pod('p')).toBeUndefined();
    const killing = c
      .events()
      .filter((e) => e.reason === 'Killing')
      .map((e) => e.message);
    expect(killing).toEqual([
      'Stopping container app',
      'Stopping container second',
      'Stopping container first',
    ]);
  });
});
