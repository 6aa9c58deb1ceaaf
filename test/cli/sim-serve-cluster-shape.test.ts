import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collect, readyLine, runCli, spawnCli } from '../support/cli-process.js';

/**
 * `sim serve --cluster-shape FILE`: the nodes come from the file (the bench's 500 pods need
 * more than kind's three), each with a kubelet that runs its pods; a bad file is a usage error.
 */
describe('pod-course sim serve --cluster-shape', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pod-course-shape-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a 5-worker shape gives 6 nodes, and a pod bound to the last worker runs there', async () => {
    const shape = join(dir, 'shape.json');
    await writeFile(shape, '{"workers": 5}\n');
    const child = spawnCli([
      'sim',
      'serve',
      '--json',
      '--state',
      join(dir, 'state'),
      '--cluster-shape',
      shape,
    ]);
    try {
      const ready = await readyLine(child);
      const kc = new k8s.KubeConfig();
      kc.loadFromFile(ready.kubeconfig);
      const core = kc.makeApiClient(k8s.CoreV1Api);
      const nodes = await core.listNode();
      expect(nodes.items.map((n) => n.metadata?.name)).toEqual([
        'pod-course-control-plane',
        'pod-course-worker',
        'pod-course-worker2',
        'pod-course-worker3',
        'pod-course-worker4',
        'pod-course-worker5',
      ]);
      const worker5 = nodes.items[5];
      expect(worker5?.spec?.podCIDR).toBe('10.244.5.0/24');
      expect(worker5?.status?.addresses?.[0]).toEqual({
        type: 'InternalIP',
        address: '172.18.0.7',
      });

      await core.createNamespacedPod({
        namespace: 'default',
        body: {
          metadata: { name: 'on-worker5' },
          spec: {
            nodeName: 'pod-course-worker5',
            containers: [{ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] }],
          },
        },
      });
      let pod = await core.readNamespacedPod({ name: 'on-worker5', namespace: 'default' });
      while (pod.status?.phase !== 'Running') {
        await new Promise((resolve) => setTimeout(resolve, 50));
        pod = await core.readNamespacedPod({ name: 'on-worker5', namespace: 'default' });
      }
      expect(pod.status?.hostIP).toBe('172.18.0.7');
      expect(pod.status?.podIP).toMatch(/^10\.244\.5\.\d+$/);
    } finally {
      child.kill('SIGTERM');
      expect((await collect(child)).code).toBe(0);
    }
  });

  it('refuses a bad shape file with exit code 2, naming the problem, in either language', async () => {
    const shape = join(dir, 'shape.json');
    await writeFile(shape, '{"workers": 2, "nodes": []}');
    const state = join(dir, 'state');
    const en = await runCli([
      'sim',
      'serve',
      '--state',
      state,
      '--cluster-shape',
      shape,
      '--lang',
      'en',
    ]);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain(
      `--cluster-shape ${shape} is not a usable cluster shape: must have exactly one of "workers" (a number) or "nodes" (a list)`,
    );
    expect(en.stdout).toBe('');

    const missing = join(dir, 'missing.json');
    const zh = await runCli([
      'sim',
      'serve',
      '--state',
      state,
      '--cluster-shape',
      missing,
      '--lang',
      'zh',
    ]);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain(`--cluster-shape ${missing} 不是可用的集群形态: cannot read`);
  });
});
