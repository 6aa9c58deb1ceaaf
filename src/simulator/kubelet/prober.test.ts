/**
 * Probes on the manual clock: the notes' exec liveness probe that starts failing after 30 s,
 * an httpGet readiness probe against nginx, and a startup probe holding back readiness.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type KubeletCluster, kubeletCluster } from './kubelet.test-support.js';

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
    .map((e) => `${e.reason}: ${e.message}${(e.count as number) > 1 ? ` (x${e.count})` : ''}`);

describe('prober', () => {
  it("restarts the notes' liveness-exec container once /tmp/healthy is gone", async () => {
    await c.run({
      containers: [
        {
          name: 'liveness',
          image: 'busybox:1.36',
          args: ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -rf /tmp/healthy; sleep 600'],
          livenessProbe: {
            exec: { command: ['cat', '/tmp/healthy'] },
            initialDelaySeconds: 5,
            periodSeconds: 5,
          },
        },
      ],
    });
    await c.advance(1000);
    expect(status()).toMatchObject({ ready: true, started: true, restartCount: 0 });
    await c.advance(40_000);
    expect(status().restartCount).toBe(0);
    expect(messages()).toContain(
      "Unhealthy: Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory (x2)",
    );
    // The third failure (at 45 s) kills it; sh ignores SIGTERM as PID 1, so the grace runs out.
    await c.advance(5000);
    expect(messages()).toContain(
      'Killing: Container liveness failed liveness probe, will be restarted',
    );
    await c.advance(31_000);
    expect(status()).toMatchObject({
      restartCount: 1,
      lastState: { terminated: { exitCode: 137, reason: 'Error' } },
    });
    expect(status().state.running).toBeDefined();
  });

  it('keeps a container unready until its httpGet readiness probe succeeds', async () => {
    await c.run({
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          ports: [{ name: 'http', containerPort: 80 }],
          readinessProbe: { httpGet: { path: '/', port: 'http' }, initialDelaySeconds: 5 },
        },
      ],
    });
    await c.advance(2000);
    expect(status()).toMatchObject({ ready: false, started: true });
    expect(c.pod('p').status.conditions[2]).toMatchObject({
      type: 'Ready',
      status: 'False',
      message: 'containers with unready status: [web]',
    });
    await c.advance(5000);
    expect(status().ready).toBe(true);
    expect(c.pod('p').status.conditions[2]).toMatchObject({ type: 'Ready', status: 'True' });
  });

  it('reports a refused httpGet and a failing tcpSocket readiness probe', async () => {
    await c.run({
      containers: [
        {
          name: 'app',
          image: 'busybox:1.36',
          command: ['sleep', '3600'],
          readinessProbe: { tcpSocket: { port: 3306 }, periodSeconds: 5 },
          livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, failureThreshold: 100 },
        },
      ],
    });
    await c.advance(2000);
    const ip = c.pod('p').status.podIP;
    expect(messages()).toEqual(
      expect.arrayContaining([
        `Unhealthy: Readiness probe failed: dial tcp ${ip}:3306: connect: connection refused`,
        `Unhealthy: Liveness probe failed: Get "http://${ip}:8080/healthz": dial tcp ${ip}:8080: connect: connection refused`,
      ]),
    );
    expect(status().ready).toBe(false);
  });

  it('holds started=false until the startup probe succeeds', async () => {
    await c.run({
      containers: [
        {
          name: 'app',
          image: 'busybox:1.36',
          command: ['sh', '-c', 'sleep 12; touch /tmp/up; sleep 3600'],
          startupProbe: {
            exec: { command: ['test', '-e', '/tmp/up'] },
            periodSeconds: 5,
            failureThreshold: 10,
          },
        },
      ],
    });
    await c.advance(2000);
    expect(status()).toMatchObject({ started: false, ready: false });
    await c.advance(15_000);
    expect(status()).toMatchObject({ started: true, ready: true });
  });

  it('fails a grpc probe honestly: no simulated program serves the gRPC health protocol', async () => {
    await c.run({
      containers: [
        {
          name: 'web',
          image: 'nginx:1.27',
          readinessProbe: { grpc: { port: 80 }, periodSeconds: 5 },
        },
      ],
    });
    await c.advance(6000);
    const ip = c.pod('p').status.podIP as string;
    expect(status().ready).toBe(false);
    const failed = `Unhealthy: Readiness probe failed: timeout: failed to connect service "${ip}:80" within 1s: context deadline exceeded`;
    expect(messages().filter((m) => m.startsWith(failed))).toHaveLength(1);
  });
});
