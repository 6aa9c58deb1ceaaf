import { PassThrough } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../support/simulator.js';

/**
 * Log, Exec and Attach from @kubernetes/client-node on a pod that cannot be scheduled: what a
 * real 1.32 API server answers for a pod with no node (`streamLocation`/`LogLocation`), as
 * client-node surfaces it.
 */
describe('@kubernetes/client-node: Log, Exec and Attach on unscheduled pods', () => {
  let cluster: TestCluster;
  let kc: k8s.KubeConfig;
  let core: k8s.CoreV1Api;

  beforeAll(async () => {
    cluster = await startTestCluster();
    kc = new k8s.KubeConfig();
    kc.loadFromFile(cluster.simulator.kubeconfigPath);
    core = kc.makeApiClient(k8s.CoreV1Api);
    await core.createNamespacedPod({
      namespace: 'default',
      body: {
        metadata: { name: 'waiting' },
        spec: {
          // No node carries this label: the scheduler leaves the pod Pending, with no host.
          nodeSelector: { 'pod-course.test/nowhere': 'true' },
          containers: [{ name: 'main', image: 'busybox:1.36', stdin: true, tty: true }],
        },
      },
    });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('Log: no node to read from is a 204 No Content', async () => {
    await expect(
      new k8s.Log(kc).log('default', 'waiting', 'main', new PassThrough()),
    ).rejects.toMatchObject({ code: 204 });
    // The generated API method then has no body (and no Content-Type) to parse.
    await expect(
      core.readNamespacedPodLog({ name: 'waiting', namespace: 'default' }),
    ).rejects.toThrow('Cannot parse content. No Content-Type defined.');
  });

  it('Log: a missing pod is a 404 with the NotFound Status', async () => {
    const error = await core.readNamespacedPodLog({ name: 'nope', namespace: 'default' }).then(
      () => undefined,
      (e: k8s.ApiException<string>) => e,
    );
    expect(error?.code).toBe(404);
    expect(JSON.parse(error?.body ?? '{}')).toMatchObject({
      reason: 'NotFound',
      message: 'pods "nope" not found',
    });
  });

  it('Exec and Attach: the upgrade is refused with 400 (no host assigned)', async () => {
    await expect(
      new k8s.Exec(kc).exec(
        'default',
        'waiting',
        'main',
        ['ls'],
        new PassThrough(),
        null,
        null,
        false,
      ),
    ).rejects.toThrow('Unexpected server response: 400');
    await expect(
      new k8s.Attach(kc).attach('default', 'waiting', 'main', new PassThrough(), null, null, false),
    ).rejects.toThrow('Unexpected server response: 400');
  });

  it('Exec into a pod that does not exist: 404', async () => {
    await expect(
      new k8s.Exec(kc).exec(
        'default',
        'nope',
        'main',
        ['ls'],
        new PassThrough(),
        null,
        null,
        false,
      ),
    ).rejects.toThrow('Unexpected server response: 404');
  });
});
