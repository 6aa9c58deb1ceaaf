/**
 * postStart and preStop on the manual clock: the notes' nginx example, a preStop whose time
 * counts against the grace period, a failing postStart (killed, PostStartHookError, then
 * CrashLoopBackOff), the handlers' messages, and the sleep handler.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PODS } from '../events/memory-cluster.test-support.js';
import { execInPod, type KubeletCluster, kubeletCluster } from './kubelet.test-support.js';

let c: KubeletCluster;

beforeEach(async () => {
  c = await kubeletCluster();
});

afterEach(() => {
  c.stop();
  expect(c.errors).toEqual([]);
});

const messages = () =>
  c
    .events()
    .filter((e) => (e.involvedObject as { name?: string }).name === 'p')
    .map((e) => `${e.reason}: ${e.message}`);
const status = () => c.pod('p').status.containerStatuses[0];

/** A busybox `app` whose PID 1 shell echoes SIGTERM at once and otherwise ignores it. */
const TRAPS_TERM = {
  name: 'app',
  image: 'busybox:1.36',
  command: ['sh', '-c', "trap 'echo TERM' TERM; while true; do sleep 3600 & wait $!; done"],
};

describe('postStart', () => {
  it("runs the notes' postStart handler before the container counts as running", async () => {
    await c.run({
      containers: [
        {
          name: 'app',
          image: 'nginx:1.27',
          lifecycle: {
            postStart: {
              exec: {
                command: [
                  '/bin/sh',
                  '-c',
                  'echo Hello from the postStart handler > /usr/share/message',
                ],
              },
            },
            preStop: { exec: { command: ['/usr/sbin/nginx', '-s', 'quit'] } },
          },
        },
      ],
    });
    await c.advance(2000);
    expect(status().state.running).toBeDefined();
    const cat = await execInPod(c, 'p', 'app', ['cat', '/usr/share/message']);
    expect(cat.stdout).toBe('Hello from the postStart handler\n');
  });

  it('kills the container, shows PostStartHookError while it restarts, then CrashLoopBackOff', async () => {
    await c.run({
      terminationGracePeriodSeconds: 5,
      containers: [
        {
          name: 'app',
          image: 'busybox:1.36',
          command: ['sleep', '3600'],
          lifecycle: { postStart: { exec: { command: ['sh', '-c', 'echo no >&2; exit 1'] } } },
        },
      ],
    });
    await c.advance(1000);
    // startContainer kills it before returning: still ContainerCreating while `sleep` (PID 1,
    // deaf to SIGTERM) runs out the 5 s grace.
    expect(status().state.waiting.reason).toBe('ContainerCreating');
    expect(messages()).toEqual([
      'Scheduled: Successfully assigned default/p to pod-course-worker',
      'Pulling: Pulling image "busybox:1.36"',
      expect.stringMatching(/^Pulled: Successfully pulled image "busybox:1.36" in /),
      'Created: Created container app',
      'Started: Started container app',
      'FailedPostStartHook: PostStartHook failed',
      'Killing: FailedPostStartHook',
    ]);
    await c.advance(5000);
    const uid = c.pod('p').metadata.uid;
    expect(status()).toMatchObject({
      restartCount: 0,
      ready: false,
      state: {
        waiting: {
          reason: 'PostStartHookError',
          message: `Exec lifecycle hook ([sh -c echo no >&2; exit 1]) for Container "app" in Pod "p_default(${uid})" failed - error: command 'sh -c echo no >&2; exit 1' exited with 1: no\n, message: "no\\n"`,
        },
      },
      lastState: { terminated: { exitCode: 137, reason: 'Error' } },
    });
    expect(c.pod('p').status.phase).toBe('Running');
    // The second start fails the same way; the third finds it in back-off.
    await c.advance(5000);
    expect(status()).toMatchObject({
      restartCount: 1,
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 137 } },
    });
    expect(status().state.waiting.message).toMatch(
      /^back-off 10s restarting failed container=app /,
    );
  });

  it('leaves nginx Completed: it exits 0 on its STOPSIGNAL (SIGQUIT)', async () => {
    await c.run({
      containers: [
        {
          name: 'app',
          image: 'nginx:1.27',
          // Late enough for the entrypoint to have exec'd nginx (its shell ignores SIGQUIT).
          lifecycle: { postStart: { exec: { command: ['sh', '-c', 'sleep 2; cat /nope'] } } },
        },
      ],
    });
    await c.advance(4000);
    expect(status()).toMatchObject({
      state: { waiting: { reason: 'PostStartHookError' } },
      lastState: { terminated: { exitCode: 0, reason: 'Completed' } },
    });
    expect(status().state.waiting.message).toContain(
      `failed - error: command 'sh -c sleep 2; cat /nope' exited with 1: cat: /nope: No such file or directory\n, message: "cat: /nope: No such file or directory\\n"`,
    );
  });

  it('does not restart under restartPolicy Never: the pod fails with the killed container', async () => {
    await c.run({
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 3,
      containers: [
        {
          name: 'app',
          image: 'busybox:1.36',
          command: ['sleep', '3600'],
          lifecycle: { postStart: { exec: { command: ['false'] } } },
        },
      ],
    });
    await c.advance(5000);
    expect(c.pod('p').status.phase).toBe('Failed');
    expect(status()).toMatchObject({
      restartCount: 0,
      state: { terminated: { exitCode: 137, reason: 'Error' } },
    });
  });

  it('fails an httpGet hook only on a transport error, not on a status code', async () => {
    await c.run({ containers: [{ name: 'web', image: 'nginx:1.27' }] }, 'web');
    await c.advance(3000);
    const web = c.pod('web').status.podIP;
    const hook = (httpGet: Record<string, unknown>) => ({
      ...TRAPS_TERM,
      lifecycle: { postStart: { httpGet } },
    });
    await c.run({ containers: [hook({ host: web, port: 80, path: '/nope' })] });
    await c.advance(2000);
    // nginx answers 404: the hook succeeded.
    expect(status().state.running).toBeDefined();
    await c.run(
      { terminationGracePeriodSeconds: 2, containers: [hook({ port: 8080, path: 'start' })] },
      'q',
    );
    await c.advance(3000);
    const q = c.pod('q');
    const ip = q.status.podIP;
    expect(q.status.containerStatuses[0].state.waiting).toEqual({
      reason: 'PostStartHookError',
      message: `HTTP lifecycle hook (start) for Container "app" in Pod "q_default(${q.metadata.uid})" failed - error: Get "http://${ip}:8080/start": dial tcp ${ip}:8080: connect: connection refused`,
    });
  });

  it('holds the container back for the whole of a sleep handler', async () => {
    await c.run({
      containers: [{ ...TRAPS_TERM, lifecycle: { postStart: { sleep: { seconds: 5 } } } }],
    });
    await c.advance(4000);
    expect(status().state.waiting.reason).toBe('ContainerCreating');
    await c.advance(2000);
    expect(status().state.running).toBeDefined();
  });
});

describe('preStop', () => {
  it('lets a preStop hook use up part of the grace period before SIGTERM', async () => {
    await c.run({
      terminationGracePeriodSeconds: 30,
      containers: [
        {
          name: 'app',
          image: 'busybox:1.36',
          command: ['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 1; done"],
          lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
        },
      ],
    });
    await c.advance(2000);
    await c.registry.delete(PODS, 'default', 'p');
    await c.advance(4000);
    expect(c.pod('p')).toBeDefined();
    await c.advance(3000);
    expect(c.pod('p')).toBeUndefined();
  });

  it('reports a failing preStop and stops the container all the same', async () => {
    await c.run({
      containers: [
        {
          ...TRAPS_TERM,
          command: ['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 3600 & wait $!; done"],
          lifecycle: { preStop: { exec: { command: ['sh', '-c', 'exit 3'] } } },
        },
      ],
    });
    await c.advance(2000);
    await c.registry.delete(PODS, 'default', 'p');
    await c.advance(100);
    expect(c.pod('p')).toBeUndefined();
    expect(messages().slice(-2)).toEqual([
      'Killing: Stopping container app',
      'FailedPreStopHook: PreStopHook failed',
    ]);
  });

  it('waits out a sleep handler before the stop signal', async () => {
    await c.run({
      containers: [
        {
          ...TRAPS_TERM,
          command: ['sh', '-c', "trap 'exit 0' TERM; while true; do sleep 3600 & wait $!; done"],
          lifecycle: { preStop: { sleep: { seconds: 7 } } },
        },
      ],
    });
    await c.advance(2000);
    await c.registry.delete(PODS, 'default', 'p');
    await c.advance(6900);
    expect(c.pod('p')).toBeDefined();
    await c.advance(200);
    expect(c.pod('p')).toBeUndefined();
  });
});
