/**
 * postStart and preStop on the manual clock: the notes' nginx example, a preStop whose time
 * counts against the grace period, and a failing postStart.
 */
import { PassThrough } from 'node:stream';
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

const messages = () =>
  c
    .events()
    .filter((e) => (e.involvedObject as { name?: string }).name === 'p')
    .map((e) => `${e.reason}: ${e.message}`);

async function cat(path: string) {
  const pod = c.pod('p');
  const session = await c.kubelets.streams.exec(
    {
      namespace: 'default',
      podName: 'p',
      podUID: pod.metadata.uid ?? '',
      container: 'app',
      nodeName: pod.spec.nodeName as string,
      pod,
    },
    ['cat', path],
    { stdin: false, stdout: true, stderr: false, tty: false },
  );
  const stdout = new PassThrough();
  const out: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  await session.run({
    stdin: null,
    stdout,
    stderr: null,
    resize: null,
    signal: new AbortController().signal,
  });
  return Buffer.concat(out).toString();
}

describe('lifecycle hooks', () => {
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
    expect(c.pod('p').status.containerStatuses[0].state.running).toBeDefined();
    expect(await cat('/usr/share/message')).toBe('Hello from the postStart handler\n');
  });

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

  it('kills and restarts a container whose postStart hook fails', async () => {
    await c.run({
      containers: [
        {
          name: 'app',
          image: 'busybox:1.36',
          command: ['sleep', '3600'],
          lifecycle: { postStart: { exec: { command: ['sh', '-c', 'exit 1'] } } },
        },
      ],
    });
    await c.advance(3000);
    expect(messages()).toContain('FailedPostStartHook: PostStartHook failed');
    await c.advance(30_000);
    expect(c.pod('p').status.containerStatuses[0].restartCount).toBeGreaterThanOrEqual(1);
  });
});
