/**
 * Restart policies, crash-loop back-off, init containers and graceful deletion on the real
 * registry with a manual clock: what `kubectl get pods` would show at each step.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

const shell = (name: string, script: string, image = 'busybox:1.36') => ({
  name,
  image,
  command: ['sh', '-c', script],
});

const state = (name: string, container = 0) => c.pod(name).status.containerStatuses[container];
const reasons = (name: string) =>
  c
    .events()
    .filter((e) => (e.involvedObject as { name?: string }).name === name)
    .map((e) => e.reason);

describe('restart policy', () => {
  it('ends a one-shot pod Succeeded with a Completed container', async () => {
    await c.run({ restartPolicy: 'Never', containers: [shell('job', 'echo done')] });
    await c.advance(2000);
    const pod = c.pod('p');
    expect(pod.status.phase).toBe('Succeeded');
    expect(state('p')).toMatchObject({
      ready: false,
      started: false,
      state: { terminated: { exitCode: 0, reason: 'Completed' } },
    });
    const conditions = Object.fromEntries(
      pod.status.conditions.map((x: { type: string; status: string; reason?: string }) => [
        x.type,
        `${x.status}${x.reason ? `/${x.reason}` : ''}`,
      ]),
    );
    expect(conditions).toEqual({
      PodReadyToStartContainers: 'False',
      Initialized: 'True',
      Ready: 'False/PodCompleted',
      ContainersReady: 'False/PodCompleted',
      PodScheduled: 'True',
    });
  });

  it('fails a Never pod whose container exits 3, with reason Error', async () => {
    await c.run({ restartPolicy: 'Never', containers: [shell('job', 'exit 3')] });
    await c.advance(2000);
    expect(c.pod('p').status.phase).toBe('Failed');
    expect(state('p').state.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
  });

  it('crash-loops with back-off 10s, 20s, 40s and counts restarts', async () => {
    await c.run({ containers: [shell('crasher', 'exit 1')] });
    await c.advance(2000);
    // First exit restarts at once; the second finds the container in back-off.
    expect(state('p')).toMatchObject({
      restartCount: 1,
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 1, reason: 'Error' } },
    });
    const uid = c.pod('p').metadata.uid;
    expect(state('p').state.waiting.message).toBe(
      `back-off 10s restarting failed container=crasher pod=p_default(${uid})`,
    );
    expect(c.pod('p').status.phase).toBe('Running');
    await c.advance(10_000);
    expect(state('p').restartCount).toBe(2);
    expect(state('p').state.waiting.message).toMatch(/^back-off 20s /);
    await c.advance(20_000);
    expect(state('p').restartCount).toBe(3);
    expect(state('p').state.waiting.message).toMatch(/^back-off 40s /);
    expect(reasons('p')).toContain('BackOff');
  });

  it('restarts OnFailure containers only when they fail', async () => {
    await c.run({ restartPolicy: 'OnFailure', containers: [shell('ok', 'true')] });
    await c.advance(2000);
    expect(c.pod('p').status.phase).toBe('Succeeded');
    expect(state('p').restartCount).toBe(0);
  });
});

describe('init containers', () => {
  it('runs them one at a time before the app: Init:0/2, Init:1/2, Running', async () => {
    await c.run({
      initContainers: [shell('first', 'sleep 5'), shell('second', 'sleep 5')],
      containers: [shell('app', 'echo up; sleep 3600')],
    });
    await c.advance(2000);
    let pod = c.pod('p');
    expect(pod.status.phase).toBe('Pending');
    expect(
      pod.status.initContainerStatuses.map((s: { state: object }) => Object.keys(s.state)[0]),
    ).toEqual(['running', 'waiting']);
    expect(pod.status.initContainerStatuses[1].state.waiting.reason).toBe('PodInitializing');
    expect(state('p').state.waiting.reason).toBe('PodInitializing');
    expect(pod.status.conditions[1]).toMatchObject({
      type: 'Initialized',
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: 'containers with incomplete status: [first second]',
    });
    await c.advance(5000);
    pod = c.pod('p');
    expect(pod.status.initContainerStatuses[0].state.terminated).toMatchObject({
      reason: 'Completed',
    });
    expect(Object.keys(pod.status.initContainerStatuses[1].state)).toEqual(['running']);
    await c.advance(6000);
    pod = c.pod('p');
    expect(pod.status.phase).toBe('Running');
    expect(state('p').state.running).toBeDefined();
    expect(pod.status.conditions[1]).toMatchObject({ type: 'Initialized', status: 'True' });
  });

  it('fails the pod when an init container fails under restartPolicy Never', async () => {
    await c.run({
      restartPolicy: 'Never',
      initContainers: [shell('check', 'exit 2')],
      containers: [shell('app', 'sleep 3600')],
    });
    await c.advance(2000);
    expect(c.pod('p').status.phase).toBe('Failed');
    expect(c.pod('p').status.initContainerStatuses[0].state.terminated.exitCode).toBe(2);
  });
});

describe('graceful deletion', () => {
  it('waits out the grace period of a shell that ignores SIGTERM, then removes the pod', async () => {
    await c.run({ terminationGracePeriodSeconds: 5, containers: [shell('app', 'sleep 3600')] });
    await c.advance(2000);
    await c.registry.delete(PODS, 'default', 'p');
    await c.advance(1000);
    expect(c.pod('p')?.metadata.deletionTimestamp).toBeDefined();
    expect(reasons('p')).toContain('Killing');
    await c.advance(5000);
    expect(c.pod('p')).toBeUndefined();
  });

  it('brings the SIGKILL forward when a second delete shortens the grace period', async () => {
    await c.run({ containers: [shell('app', 'sleep 3600')] });
    await c.advance(2000);
    await c.registry.delete(PODS, 'default', 'p');
    await c.advance(1000);
    await c.registry.delete(PODS, 'default', 'p', { gracePeriodSeconds: 3 });
    await c.advance(2000);
    expect(c.pod('p')).toBeDefined();
    await c.advance(1000);
    expect(c.pod('p')).toBeUndefined();
  });

  it('stops at once a container that handles SIGTERM', async () => {
    await c.run({
      containers: [shell('app', "trap 'exit 0' TERM; while true; do sleep 1; done")],
    });
    await c.advance(2000);
    await c.registry.delete(PODS, 'default', 'p');
    await c.advance(1500);
    expect(c.pod('p')).toBeUndefined();
  });

  it('kills the processes of a force-deleted pod', async () => {
    await c.run({ containers: [shell('app', 'sleep 3600')] });
    await c.advance(2000);
    const pod = c.pod('p');
    const worker = c.kubelets.kubelet(pod.spec?.nodeName as string)?.worker(pod.metadata.uid ?? '');
    const instance = worker?.instances('app').instance;
    await c.registry.delete(PODS, 'default', 'p', { gracePeriodSeconds: 0 });
    await c.advance(0);
    expect(c.pod('p')).toBeUndefined();
    expect(await instance?.process.exit).toBe(137);
  });
});
