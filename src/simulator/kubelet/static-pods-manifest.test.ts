import { describe, expect, it } from 'vitest';
import { admitMirrorPodFromNode } from '../admission/node-restriction.js';
import { memoryCluster } from '../events/memory-cluster.test-support.js';
import {
  CONFIG_HASH,
  CONFIG_MIRROR,
  CONFIG_SOURCE,
  isStaticPod,
  ManifestError,
  mirrorHash,
  mirrorPodFor,
  staticPodFrom,
} from './static-pods-manifest.js';

const WEB = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx
`;

const SAME_WEB_REORDERED = `{"kind":"Pod","spec":{"containers":[{"image":"nginx","name":"web"}]},"metadata":{"name":"web"},"apiVersion":"v1"}`;

describe('a static pod manifest', async () => {
  const cluster = await memoryCluster();
  const context = { storage: cluster.registry.storage, now: cluster.clock.now() };
  const read = (text: string, path = '/etc/kubernetes/manifests/web.yaml', node = 'kind-worker') =>
    staticPodFrom(text, path, node, context);

  it('becomes <name>-<node> in default, on this node, tolerating NoExecute, hashed as its UID', () => {
    const pod = read(WEB);
    expect(pod.metadata.name).toBe('web-kind-worker');
    expect(pod.metadata.namespace).toBe('default');
    expect(pod.metadata.uid).toMatch(/^[0-9a-f]{32}$/);
    expect(pod.metadata.annotations?.[CONFIG_HASH]).toBe(pod.metadata.uid);
    expect(pod.metadata.annotations?.[CONFIG_SOURCE]).toBe('file');
    const spec = pod.spec as Record<string, unknown>;
    expect(spec.nodeName).toBe('kind-worker');
    expect(spec.tolerations).toEqual([{ operator: 'Exists', effect: 'NoExecute' }]);
    // Defaulted as decoding does, without the ServiceAccount plugin's token volume.
    expect(spec.restartPolicy).toBe('Always');
    expect(spec.volumes).toBeUndefined();
    expect(isStaticPod(pod)).toBe(true);
  });

  it('hashes the pod, the node and the file: not the text', () => {
    const a = read(WEB).metadata.uid;
    expect(read(SAME_WEB_REORDERED).metadata.uid).toBe(a);
    expect(read(WEB, '/etc/kubernetes/manifests/other.yaml').metadata.uid).not.toBe(a);
    expect(read(WEB, undefined, 'other-node').metadata.uid).not.toBe(a);
    expect(read(WEB.replace('image: nginx', 'image: nginx:1.27')).metadata.uid).not.toBe(a);
  });

  it('keeps a UID the manifest sets', () => {
    const pod = read(WEB.replace('  name: web\n', '  name: web\n  uid: fixed-uid\n'));
    expect(pod.metadata.uid).toBe('fixed-uid');
  });

  it('refuses what is not one valid v1 Pod', () => {
    expect(() => read('')).toThrow(ManifestError);
    expect(() => read('just some text')).toThrow(ManifestError);
    expect(() => read('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n')).toThrow(
      ManifestError,
    );
    expect(() => read('metadata:\n  name: x\n')).toThrow("Object 'Kind' is missing");
    expect(() => read(WEB.replace('image: nginx', 'image: ""'))).toThrow(
      /spec\.containers\[0\]\.image/,
    );
  });

  it('is mirrored by a pod marked with its hash and owned by the Node', () => {
    const pod = read(WEB);
    const mirror = mirrorPodFor(pod, { name: 'kind-worker', uid: 'node-uid' });
    expect(mirrorHash(mirror)).toBe(pod.metadata.uid);
    expect(mirror.metadata.annotations?.[CONFIG_MIRROR]).toBe(pod.metadata.uid);
    expect(mirror.metadata.uid).toBeUndefined();
    expect(mirror.status).toBeUndefined();
    expect(mirror.metadata.ownerReferences).toEqual([
      { apiVersion: 'v1', kind: 'Node', name: 'kind-worker', uid: 'node-uid', controller: true },
    ]);
    expect(isStaticPod(mirror)).toBe(false);
  });

  it('runs a pod naming a service account or a Secret, whose mirror the API server refuses', () => {
    const pod = read(
      WEB.replace(
        'spec:\n',
        'spec:\n  serviceAccountName: default\n  volumes:\n  - name: s\n    secret:\n      secretName: db\n',
      ),
    );
    const spec = pod.spec as Record<string, unknown>;
    // The kubelet runs it as written: no default account swapped in, no token volume added.
    expect(spec.serviceAccountName).toBe('default');
    expect(spec.volumes).toEqual([{ name: 's', secret: { secretName: 'db', defaultMode: 420 } }]);
    const node = { name: 'kind-worker', uid: 'node-uid' };
    expect(admitMirrorPodFromNode(mirrorPodFor(pod, node), node)?.message).toBe(
      'pods "web-kind-worker" is forbidden: a mirror pod may not reference service accounts',
    );
  });
});
