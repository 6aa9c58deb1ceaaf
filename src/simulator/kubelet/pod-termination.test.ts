/**
 * Killing a container as kuberuntime's killContainer does, on the manual clock: the preStop
 * hook's whole seconds taken off the grace, a preStop that outlasts the grace (stop signal at
 * the grace, SIGKILL 2 s later), the probe kills' `Killing` messages and grace periods, the
 * exit codes a kill leaves, and the pod deadline waiting for kills that run late.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimClock } from '../clock.js';
import { PODS } from '../events/memory-cluster.test-support.js';
import { type KubeletCluster, kubeletCluster } from './kubelet.test-support.js';
import { KillDeadline } from './pod-termination.js';

let c: KubeletCluster;

beforeEach(async () => {
  c = await kubeletCluster();
});

afterEach(() => {
  c.stop();
  expect(c.errors).toEqual([]);
});

const status = () => c.pod('p').status.containerStatuses[0];
const messages = () =>
  c
    .events()
    .filter((e) => (e.involvedObject as { name?: string }).name === 'p')
    .map((e) => `${e.reason}: ${e.message}`);

function worker() {
  const pod = c.pod('p');
  return c.kubelets.kubelet(pod.spec.nodeName as string)?.worker(pod.metadata.uid ?? '');
}

/** The first instance of `app` (the killed one, once it restarted). */
function firstInstance() {
  const { instance, previous } = worker()?.instances('app') ?? {};
  return previous ?? instance;
}

/** How long the last terminated instance ran, to the millisecond (the API has seconds). */
function lastRunMs(): number | undefined {
  const last = worker()?.record('app')?.lastState;
  return last && last.finishedAt - last.startedAt;
}

/** `[ms since the container started, line]` of the first instance's log. */
async function timedLog(): Promise<[number, string][]> {
  const instance = firstInstance();
  if (!instance) return [];
  const stream = instance.log.read(
    { follow: false, previous: false, timestamps: true },
    new AbortController().signal,
  );
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [time = '', ...rest] = line.split(' ');
      return [Date.parse(time) - instance.startedAt, rest.join(' ')];
    });
}

/** Fails its liveness probe once, `delay` s after it starts; its shell logs SIGTERM at once. */
const probed = (extra: Record<string, unknown>, delay = 5) => ({
  name: 'app',
  image: 'busybox:1.36',
  command: [
    'sh',
    '-c',
    "trap 'echo TERM' TERM; echo up; while true; do sleep 3600 & wait $!; done",
  ],
  livenessProbe: {
    exec: { command: ['cat', '/nope'] },
    initialDelaySeconds: delay,
    failureThreshold: 1,
    periodSeconds: 600,
  },
  ...extra,
});

describe('killContainer timing', () => {
  it('sends SIGTERM when a preStop outlasts the grace, and SIGKILL 2 s later', async () => {
    await c.run({
      terminationGracePeriodSeconds: 10,
      containers: [probed({ lifecycle: { preStop: { exec: { command: ['sleep', '100'] } } } })],
    });
    await c.advance(30_000);
    // Killed at 5 s: the hook gets the whole grace (10 s), the container the 2 s minimum.
    expect(await timedLog()).toEqual([
      [0, 'up'],
      [15_000, 'TERM'],
    ]);
    const killed = firstInstance();
    expect(await killed?.process.exit).toBe(137);
    expect(lastRunMs()).toBe(17_000);
    // The hook's `sleep` died with its container: that too is a failed preStop.
    expect(messages()).toEqual(
      expect.arrayContaining([
        'Killing: Container app failed liveness probe, will be restarted',
        'FailedPreStopHook: PreStopHook failed',
      ]),
    );
  });

  it('on delete too: SIGTERM when the preStop outlasts the grace, SIGKILL 2 s later', async () => {
    await c.run({
      terminationGracePeriodSeconds: 10,
      containers: [
        probed({ lifecycle: { preStop: { exec: { command: ['sleep', '100'] } } } }, 600),
      ],
    });
    await c.advance(2000);
    const deletedAt = c.clock.nowMs() - (firstInstance()?.startedAt ?? 0);
    await c.registry.delete(PODS, 'default', 'p');
    await c.advance(11_000);
    // The hook gets the whole grace: the stop signal comes 10 s after the delete.
    expect(await timedLog()).toEqual([
      [0, 'up'],
      [deletedAt + 10_000, 'TERM'],
    ]);
    // The shell ignores SIGTERM (its trap only echoes): the pod stays until SIGKILL, 2 s later.
    expect(c.pod('p')).toBeDefined();
    await c.advance(1500);
    expect(c.pod('p')).toBeUndefined();
  });

  it('takes only whole seconds of a preStop off the grace', async () => {
    await c.run({
      terminationGracePeriodSeconds: 10,
      containers: [probed({ lifecycle: { preStop: { exec: { command: ['sleep', '3.5'] } } } }, 4)],
    });
    await c.advance(30_000);
    // Killed at 4 s; SIGTERM when the hook ends (7.5 s); SIGKILL 10 − 3 = 7 s after that.
    expect(await timedLog()).toEqual([
      [0, 'up'],
      [7500, 'TERM'],
    ]);
    expect(status().lastState.terminated.exitCode).toBe(137);
    expect(lastRunMs()).toBe(14_500);
  });

  it("gives a probe kill the probe's own terminationGracePeriodSeconds", async () => {
    await c.run({
      terminationGracePeriodSeconds: 30,
      containers: [
        probed({
          livenessProbe: {
            exec: { command: ['cat', '/nope'] },
            initialDelaySeconds: 5,
            failureThreshold: 1,
            periodSeconds: 600,
            terminationGracePeriodSeconds: 3,
          },
        }),
      ],
    });
    await c.advance(20_000);
    expect(lastRunMs()).toBe(8000);
  });
});

describe('probe kills', () => {
  it('does not promise a restart under restartPolicy Never, and keeps its word', async () => {
    await c.run({
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 2,
      containers: [probed({})],
    });
    await c.advance(10_000);
    expect(messages()).toContain('Killing: Container app failed liveness probe');
    expect(c.pod('p').status.phase).toBe('Failed');
    expect(status()).toMatchObject({
      restartCount: 0,
      state: { terminated: { exitCode: 137, reason: 'Error' } },
    });
  });

  it('names the startup probe when that is the one failing, with its own grace', async () => {
    await c.run({
      terminationGracePeriodSeconds: 30,
      containers: [
        probed({
          startupProbe: {
            exec: { command: ['cat', '/nope'] },
            failureThreshold: 1,
            periodSeconds: 600,
            terminationGracePeriodSeconds: 4,
          },
        }),
      ],
    });
    await c.advance(10_000);
    expect(messages()).toContain('Killing: Container app failed startup probe, will be restarted');
    expect(messages().some((m) => m.includes('liveness'))).toBe(false);
    expect(lastRunMs()).toBe(4000);
  });
});

describe('exit codes after a liveness kill', () => {
  const killedWith = async (container: Record<string, unknown>, spec = {}) => {
    await c.run({
      ...spec,
      terminationGracePeriodSeconds: 5,
      containers: [
        {
          name: 'app',
          livenessProbe: {
            exec: { command: ['cat', '/nope'] },
            initialDelaySeconds: 3,
            failureThreshold: 1,
            periodSeconds: 600,
          },
          ...container,
        },
      ],
    });
    await c.advance(12_000);
    return status().lastState.terminated;
  };

  it('137 for a shell as PID 1: it ignores SIGTERM until SIGKILL', async () => {
    const last = await killedWith({ image: 'busybox:1.36', command: ['sh', '-c', 'sleep 3600'] });
    expect(last).toMatchObject({ exitCode: 137, reason: 'Error' });
  });

  it('143 for a main process that is not PID 1 (shared PID namespace): SIGTERM kills it', async () => {
    const last = await killedWith(
      { image: 'busybox:1.36', command: ['sleep', '3600'] },
      { shareProcessNamespace: true },
    );
    expect(last).toMatchObject({ exitCode: 143, reason: 'Error' });
  });

  it('0 for nginx: its STOPSIGNAL is SIGQUIT, a graceful shutdown', async () => {
    const last = await killedWith({ image: 'nginx:1.27' });
    expect(last).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });
});

describe('KillDeadline', () => {
  const setup = () => {
    const clock = new SimClock({ speed: 0 });
    const fired: number[] = [];
    const start = clock.nowMs();
    const deadline = new KillDeadline({ clock }, () => fired.push(clock.nowMs() - start));
    let finish = () => {};
    const kill = new Promise<void>((resolve) => {
      finish = resolve;
    });
    return { clock, fired, deadline, kill, finish: () => finish() };
  };

  it('waits for a tracked kill that ends after it', async () => {
    const { clock, fired, deadline, kill, finish } = setup();
    deadline.track(kill);
    deadline.arm(10_000);
    await clock.advance(11_000);
    expect(fired).toEqual([]);
    await clock.advance(1000);
    finish();
    await kill;
    await new Promise((resolve) => setImmediate(resolve));
    expect(fired).toEqual([12_000]);
    clock.stop();
  });

  it('does not wait once a later delete brought it forward', async () => {
    const { clock, fired, deadline, kill } = setup();
    deadline.track(kill);
    deadline.arm(30_000);
    await clock.advance(1000);
    deadline.arm(3000);
    await clock.advance(3000);
    expect(fired).toEqual([4000]);
    clock.stop();
  });
});
