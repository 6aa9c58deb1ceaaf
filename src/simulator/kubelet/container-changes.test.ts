/**
 * `kubectl set image` on a pod: a waiting container starts with the new image at the next sync;
 * a running one is killed ("definition changed") and started again with it, whatever the
 * restart policy, without crash-loop back-off.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PODS } from '../events/memory-cluster.test-support.js';
import { cloneObject } from '../kube-object.js';
import { type KubeletCluster, kubeletCluster } from './kubelet.test-support.js';

let c: KubeletCluster;

beforeEach(async () => {
  c = await kubeletCluster();
});

afterEach(() => {
  c.stop();
  expect(c.errors).toEqual([]);
});

async function setImage(name: string, image: string) {
  const pod = cloneObject(c.pod(name));
  const [container] = (pod.spec as { containers: { image: string }[] }).containers;
  if (container) container.image = image;
  await c.registry.update(PODS, 'default', name, pod);
  await c.settle();
}

const messages = (name: string) =>
  c
    .events()
    .filter((e) => (e.involvedObject as { name?: string }).name === name)
    .map((e) => `${e.reason}: ${e.message}`);

describe('a changed image', () => {
  it('restarts a running container with it, even under restartPolicy Never', async () => {
    await c.run({
      restartPolicy: 'Never',
      containers: [{ name: 'web', image: 'nginx:1.27' }],
    });
    await c.advance(2000);
    expect(c.pod('p').status.containerStatuses[0].state.running).toBeDefined();
    await setImage('p', 'nginx:1.25');
    expect(messages('p')).toContain('Killing: Container web definition changed, will be restarted');
    await c.advance(2000);
    const status = c.pod('p').status.containerStatuses[0];
    expect(status).toMatchObject({
      image: 'docker.io/library/nginx:1.25',
      restartCount: 1,
      // nginx stops on its STOPSIGNAL (SIGQUIT) and exits 0.
      lastState: { terminated: { exitCode: 0, reason: 'Completed' } },
    });
    expect(status.state.running).toBeDefined();
    expect(c.pod('p').status.phase).toBe('Running');
    expect(messages('p')).toContain('Pulling: Pulling image "nginx:1.25"');
  });

  it('lets a container stuck in ImagePullBackOff start with the fixed image', async () => {
    await c.run({ containers: [{ name: 'web', image: 'nginx:1.277' }] });
    await c.advance(15_000);
    expect(c.pod('p').status.containerStatuses[0].state.waiting.reason).toBe('ImagePullBackOff');
    await setImage('p', 'nginx:1.27');
    await c.advance(2000);
    const status = c.pod('p').status.containerStatuses[0];
    expect(status).toMatchObject({ restartCount: 0, image: 'docker.io/library/nginx:1.27' });
    expect(status.state.running).toBeDefined();
  });
});
