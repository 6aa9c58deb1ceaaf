/**
 * Pods really run: the scheduler binds them, the node's kubelet pulls, creates and starts
 * their containers as simulated processes, and writes the status and events a real kubelet
 * would — all on the real registry, with a manual clock moved explicitly.
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

const eventsOf = (name: string) =>
  c
    .events()
    .filter((e) => (e.involvedObject as { name?: string }).name === name)
    .map((e) => `${e.type} ${e.reason} ${e.message}`);

function logsOf(name: string, container: string) {
  const pod = c.pod(name);
  const worker = c.kubelets.kubelet(pod.spec?.nodeName as string)?.worker(pod.metadata.uid ?? '');
  return worker?.instances(container).instance?.log.text();
}

describe('kubelet', () => {
  it('runs a busybox pod: events, running state, conditions, IPs and logs', async () => {
    await c.run({
      containers: [
        { name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'echo hello; sleep 3600'] },
      ],
    });
    await c.advance(2000);
    const pod = c.pod('p');
    expect(pod.status.phase).toBe('Running');
    expect(pod.status.podIP).toMatch(/^10\.244\.[12]\.2$/);
    expect(
      pod.status.conditions.map((x: { type: string; status: string }) => `${x.type}=${x.status}`),
    ).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ]);
    const [status] = pod.status.containerStatuses;
    expect(status).toMatchObject({
      name: 'app',
      image: 'docker.io/library/busybox:1.36',
      ready: true,
      started: true,
      restartCount: 0,
      lastState: {},
    });
    expect(status.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(status.imageID).toMatch(/^docker\.io\/library\/busybox@sha256:[0-9a-f]{64}$/);
    expect(eventsOf('p')).toEqual([
      `Normal Scheduled Successfully assigned default/p to ${pod.spec?.nodeName}`,
      'Normal Pulling Pulling image "busybox:1.36"',
      'Normal Pulled Successfully pulled image "busybox:1.36" in 122ms (122ms including waiting). Image size: 2160406 bytes.',
      'Normal Created Created container app',
      'Normal Started Started container app',
    ]);
    expect(logsOf('p', 'app')).toBe('hello\n');
  });
});
