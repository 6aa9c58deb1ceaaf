/**
 * Termination messages on the real registry with a manual clock: the container writes
 * `/dev/termination-log` (or its own path), or with FallbackToLogsOnError fails with only a log.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type KubeletCluster, kubeletCluster } from './kubelet.test-support.js';
import { logTail } from './termination-message.js';

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

const terminated = (name = 'p') => c.pod(name).status.containerStatuses[0].state.terminated;

describe('termination messages', () => {
  it('reads /dev/termination-log into state.terminated.message', async () => {
    await c.run({
      restartPolicy: 'Never',
      containers: [shell('job', 'echo Sleep expired > /dev/termination-log')],
    });
    await c.advance(2000);
    expect(terminated()).toMatchObject({ exitCode: 0, message: 'Sleep expired\n' });
  });

  it('uses the container’s terminationMessagePath', async () => {
    await c.run({
      restartPolicy: 'Never',
      containers: [
        shell('job', 'printf done > /tmp/my-log; exit 4', {
          terminationMessagePath: '/tmp/my-log',
        }),
      ],
    });
    await c.advance(2000);
    expect(terminated()).toMatchObject({ exitCode: 4, reason: 'Error', message: 'done' });
  });

  it('keeps no message when the file is empty and the policy is File', async () => {
    await c.run({
      restartPolicy: 'Never',
      containers: [shell('job', 'echo oops; exit 1', { terminationMessagePolicy: 'File' })],
    });
    await c.advance(2000);
    expect(terminated().exitCode).toBe(1);
    expect(terminated().message).toBeUndefined();
  });

  it('falls back to the log on error, not on success', async () => {
    await c.run(
      {
        restartPolicy: 'Never',
        containers: [
          shell('job', 'echo first; echo boom >&2; exit 2', {
            terminationMessagePolicy: 'FallbackToLogsOnError',
          }),
        ],
      },
      'bad',
    );
    await c.run(
      {
        restartPolicy: 'Never',
        containers: [
          shell('job', 'echo fine', { terminationMessagePolicy: 'FallbackToLogsOnError' }),
        ],
      },
      'good',
    );
    await c.advance(2000);
    expect(terminated('bad')).toMatchObject({ exitCode: 2, message: 'first\nboom\n' });
    expect(terminated('good').exitCode).toBe(0);
    expect(terminated('good').message).toBeUndefined();
  });

  it('prefers the file to the log even on error', async () => {
    await c.run({
      restartPolicy: 'Never',
      containers: [
        shell('job', 'echo noise; echo reason > /dev/termination-log; exit 1', {
          terminationMessagePolicy: 'FallbackToLogsOnError',
        }),
      ],
    });
    await c.advance(2000);
    expect(terminated().message).toBe('reason\n');
  });

  it('keeps the last 4096 bytes of a longer file', async () => {
    const script =
      'i=0; while [ $i -lt 50 ]; do echo 0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789 >> /dev/termination-log; i=$((i+1)); done';
    await c.run({ restartPolicy: 'Never', containers: [shell('job', script)] });
    await c.advance(2000);
    const message = terminated().message as string;
    expect(Buffer.byteLength(message)).toBe(4096);
    expect(message.endsWith('789\n')).toBe(true);
  });

  it('carries the message into lastState when the container restarts', async () => {
    await c.run({ containers: [shell('crasher', 'echo bye > /dev/termination-log; exit 1')] });
    await c.advance(2000);
    const status = c.pod('p').status.containerStatuses[0];
    expect(status.restartCount).toBe(1);
    expect(status.lastState.terminated).toMatchObject({ exitCode: 1, message: 'bye\n' });
  });
});

describe('logTail', () => {
  it('keeps the last 80 lines', () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i}\n`).join('');
    const tail = logTail(text, 80, 2048);
    expect(tail.split('\n')[0]).toBe('line 20');
    expect(tail.endsWith('line 99\n')).toBe(true);
  });

  it('then at most the last 2048 bytes of them', () => {
    const text = `${'x'.repeat(3000)}\nlast\n`;
    const tail = logTail(text, 80, 2048);
    expect(Buffer.byteLength(tail)).toBe(2048);
    expect(tail.endsWith('x\nlast\n')).toBe(true);
  });

  it('keeps a last line without newline as it is', () => {
    expect(logTail('a\nb', 1, 2048)).toBe('b');
  });
});
