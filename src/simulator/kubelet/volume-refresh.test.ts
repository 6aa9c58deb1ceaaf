/**
 * Volume updates on the real registry with a manual clock: a changed ConfigMap reaches the
 * mounted files on the pod's periodic sync (POD_RESYNC_MS), labels reach a downwardAPI file at
 * the pod update, and neither the environment nor a subPath mount ever changes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findResource, type ResourceInfo } from '../apiserver/resources.js';
import { PODS } from '../events/memory-cluster.test-support.js';
import type { KubeObject } from '../kube-object.js';
import { type KubeletCluster, kubeletCluster } from './kubelet.test-support.js';
import { POD_RESYNC_MS } from './volume-refresh.js';

const CONFIGMAPS = findResource('', 'v1', 'configmaps') as ResourceInfo;

let c: KubeletCluster;

beforeEach(async () => {
  c = await kubeletCluster();
});

afterEach(() => {
  c.stop();
  expect(c.errors).toEqual([]);
});

function instance() {
  const pod = c.pod('p');
  const worker = c.kubelets.kubelet(pod.spec.nodeName as string)?.worker(pod.metadata.uid ?? '');
  const found = worker?.instances('app').instance;
  if (!found) throw new Error('no running instance of app');
  return found;
}

const read = (path: string) => Buffer.from(instance().fs.readFile(path)).toString('utf8');

async function putConfigMap(data: Record<string, string>) {
  const old = c.registry.storage.get('configmaps', 'default', 'cfg') as KubeObject | undefined;
  const metadata = {
    name: 'cfg',
    ...(old ? { resourceVersion: old.metadata.resourceVersion } : {}),
  };
  const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata, data };
  if (old) await c.registry.update(CONFIGMAPS, 'default', 'cfg', object);
  else await c.registry.create(CONFIGMAPS, 'default', object);
}

describe('configMap volume updates', () => {
  beforeEach(async () => {
    await putConfigMap({ color: 'blue' });
    await c.run({
      volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }],
      containers: [
        {
          name: 'app',
          image: 'busybox:1.36',
          command: ['sleep', '3600'],
          env: [{ name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'color' } } }],
          volumeMounts: [
            { name: 'cfg', mountPath: '/etc/config' },
            { name: 'cfg', mountPath: '/etc/color', subPath: 'color' },
          ],
        },
      ],
    });
    await c.advance(2000);
  });

  it('reaches the files at the next periodic sync, with an atomic ..data swap', async () => {
    const before = instance().fs.readlink('/etc/config/..data');
    await putConfigMap({ color: 'red' });
    await c.advance(POD_RESYNC_MS - 4000);
    expect(read('/etc/config/color')).toBe('blue');
    await c.advance(4000);
    expect(read('/etc/config/color')).toBe('red');
    const after = instance().fs.readlink('/etc/config/..data');
    expect(after).not.toBe(before);
    expect(after).toMatch(/^\.\.\d{4}_\d\d_\d\d_\d\d_\d\d_\d\d\.\d+$/);
    // The user-visible symlink never changes; the old timestamped directory is gone.
    expect(instance().fs.readlink('/etc/config/color')).toBe('..data/color');
    expect(instance().fs.readdir('/etc/config')).not.toContain(before);
  });

  it('keeps the environment and a subPath mount as they were', async () => {
    await putConfigMap({ color: 'red' });
    await c.advance(POD_RESYNC_MS);
    expect(read('/etc/config/color')).toBe('red');
    expect(read('/etc/color')).toBe('blue');
    expect(instance().env.COLOR).toBe('blue');
  });

  it('picks up keys that appear and drops keys that go', async () => {
    await putConfigMap({ size: 'L' });
    await c.advance(POD_RESYNC_MS);
    expect(read('/etc/config/size')).toBe('L');
    expect(instance().fs.exists('/etc/config/color')).toBe(false);
  });

  it('keeps the old files and reports FailedMount when the ConfigMap is deleted', async () => {
    await c.registry.delete(CONFIGMAPS, 'default', 'cfg');
    await c.advance(POD_RESYNC_MS);
    expect(read('/etc/config/color')).toBe('blue');
    const failed = c.events().filter((e) => e.reason === 'FailedMount');
    expect(failed.map((e) => e.message)).toContain(
      'MountVolume.SetUp failed for volume "cfg" : configmap "cfg" not found',
    );
  });

  it('does not rewrite the service-account token on every sync', async () => {
    const dir = '/var/run/secrets/kubernetes.io/serviceaccount';
    expect(instance().fs.exists(`${dir}/token`)).toBe(true);
    const token = read(`${dir}/token`);
    const data = instance().fs.readlink(`${dir}/..data`);
    await c.advance(POD_RESYNC_MS * 2);
    expect(read(`${dir}/token`)).toBe(token);
    expect(instance().fs.readlink(`${dir}/..data`)).toBe(data);
  });
});

describe('downwardAPI volume updates', () => {
  it('rewrites the labels file when the labels change; env keeps the old value', async () => {
    await c.run(
      {
        volumes: [
          {
            name: 'info',
            downwardAPI: {
              items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }],
            },
          },
        ],
        containers: [
          {
            name: 'app',
            image: 'busybox:1.36',
            command: ['sleep', '3600'],
            env: [
              { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
            ],
            volumeMounts: [{ name: 'info', mountPath: '/etc/info' }],
          },
        ],
      },
      'p',
      { labels: { app: 'web' } },
    );
    await c.advance(2000);
    expect(read('/etc/info/labels')).toBe('app="web"');
    const pod = c.pod('p');
    await c.registry.update(PODS, 'default', 'p', {
      ...pod,
      metadata: { ...pod.metadata, labels: { app: 'api', tier: 'backend' } },
    });
    await c.advance(1000);
    expect(read('/etc/info/labels')).toBe('app="api"\ntier="backend"');
    expect(instance().env.APP).toBe('web');
  });
});
