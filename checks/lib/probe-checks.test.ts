/**
 * The probe helpers against a running simulator, through the same API a check uses: what curl
 * inside the Pod meets on a port, and the verdicts built on it and on the kubelet's reports.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyObject, parseManifest } from '../../src/cluster/apply-manifest.js';
import { CourseSession } from '../../src/course/course-session.js';
import { ProgressStore } from '../../src/course/progress-store.js';
import { startTestCluster, type TestCluster } from '../../test/support/simulator.js';
import { type CheckContext, checkContext } from './check-context.js';
import { askPort } from './port-answer.js';
import { probeKnocksRight } from './port-probe.js';
import { neverRestarted, readyWithoutRestart } from './ready-without-restart.js';
import type { ConditionResult } from './result.js';
import { notReadyByProbe, reallyRunning } from './running-not-ready.js';

// Liveness knocks where nginx answers; readiness on a port nobody listens on, so never ready.
const POD = `apiVersion: v1
kind: Pod
metadata:
  name: probed
spec:
  containers:
    - name: nginx
      image: nginx:1.27
      livenessProbe:
        httpGet: { path: /, port: 80 }
        periodSeconds: 1
      readinessProbe:
        tcpSocket: { port: 8080 }
        periodSeconds: 1
`;

let cluster: TestCluster;
let home: string;
let ctx: CheckContext;

/** Polls `read` until `done` holds; the simulator runs pods on real time here. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const message = (result: ConditionResult) => (result.passed ? '' : result.message.en);

beforeAll(async () => {
  cluster = await startTestCluster({ runPods: true });
  home = await mkdtemp(join(tmpdir(), 'pod-course-probe-checks-'));
  const session = await CourseSession.open(
    {
      kubeconfig: cluster.simulator.kubeconfigPath,
      context: undefined,
      namespace: 'default',
      key: 'sim',
    },
    new ProgressStore(home),
  );
  ctx = checkContext(session.cluster);
  for (const object of parseManifest(POD, 'probed.yaml'))
    await applyObject(session.cluster, object);
  // Running, and the readiness probe has reported its first failure.
  await until(
    async () => ({ pod: await ctx.pod('probed'), failed: await notReadyByProbe(ctx, 'probed') }),
    (seen) =>
      Boolean(seen.pod?.status?.containerStatuses?.[0]?.state?.running) && seen.failed.passed,
  );
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

describe('askPort', () => {
  it('gets the HTTP status nginx answers, or refused where nothing listens', async () => {
    expect(await askPort(ctx, 'probed', 'nginx', 80, '/')).toEqual({ kind: 'http', status: 200 });
    expect(await askPort(ctx, 'probed', 'nginx', 80, '/healthz')).toEqual({
      kind: 'http',
      status: 404,
    });
    const refused = await askPort(ctx, 'probed', 'nginx', 8080);
    expect(refused.kind).toBe('refused');
  });

  it('cannot ask in a Pod that does not exist', async () => {
    expect((await askPort(ctx, 'nowhere', 'nginx', 80)).kind).toBe('unknown');
  });
});

describe('probeKnocksRight', () => {
  it('passes a probe that knocks where the container answers', async () => {
    const result = await probeKnocksRight(ctx, 'probed', 'liveness', 'httpGet');
    expect(result.passed).toBe(true);
  });

  it('names the probe and the refused port when nothing listens there', async () => {
    const result = await probeKnocksRight(ctx, 'probed', 'readiness', 'tcpSocket');
    expect(message(result)).toBe(
      'the readinessProbe (tcp-socket :8080) fails: nothing in the Pod listens on port 8080 (connection refused). Which port does nginx listen on?',
    );
  });

  it('asks for the expected type of probe, and for a probe at all', async () => {
    expect(message(await probeKnocksRight(ctx, 'probed', 'readiness', 'httpGet'))).toBe(
      'the readinessProbe is tcp-socket :8080; use httpGet here',
    );
    expect(message(await probeKnocksRight(ctx, 'probed', 'startup', 'httpGet'))).toBe(
      'container nginx has no startupProbe',
    );
  });
});

describe('running but not ready', () => {
  it('is running, never restarted, and not ready because its readiness probe fails', async () => {
    expect((await reallyRunning(ctx, 'probed')).passed).toBe(true);
    const pod = await ctx.pod('probed');
    expect(pod && (await neverRestarted(ctx, pod, 'nginx')).passed).toBe(true);
    const notReady = await notReadyByProbe(ctx, 'probed');
    const facts = notReady.passed ? notReady.facts.map((f) => f.en) : [message(notReady)];
    expect(facts[0]).toBe('Ready=False (ContainersNotReady)');
    expect(facts[1]).toMatch(
      /^kubelet: Readiness probe failed: dial tcp [\d.]+:8080: connect: connection refused$/,
    );
    expect(message(await readyWithoutRestart(ctx, 'probed'))).toBe(
      'Pod probed is not ready yet: Ready=False (ContainersNotReady), READY 0/1',
    );
  });
});
