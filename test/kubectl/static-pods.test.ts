import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { startTestCluster, type TestCluster } from '../support/simulator.js';
import { manifestWriter, untilJsonpath, untilReady } from './helpers.js';

/**
 * Static pods as a lesson makes them on kind: a hostPath pod mounting the node's
 * `/etc/kubernetes/manifests` writes a manifest there; the node's kubelet runs it and shows it
 * in the API as the mirror pod `<name>-<node>`.
 */
const WRITER = `apiVersion: v1
kind: Pod
metadata:
  name: writer
spec:
  nodeName: pod-course-worker
  volumes:
  - name: manifests
    hostPath:
      path: /etc/kubernetes/manifests
      type: Directory
  containers:
  - name: writer
    image: busybox:1.36
    command: ['sleep', '3600']
    volumeMounts:
    - name: manifests
      mountPath: /manifests
`;

const STATIC_WEB = (version: string) => `apiVersion: v1
kind: Pod
metadata:
  name: static-web
  labels:
    role: myrole
spec:
  containers:
  - name: web
    image: nginx:${version}
    ports:
    - name: web
      containerPort: 80
      protocol: TCP
`;

const MIRROR = 'static-web-pod-course-worker';

describe.skipIf(!KUBECTL)(
  `static pods and their mirror pods${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let cluster: TestCluster;
    const kubectl = (args: string[], input?: string) =>
      cluster.kubectl(args, input === undefined ? {} : { input });
    const get = async (jsonpath: string) =>
      (await kubectl(['get', 'pod', MIRROR, '-o', `jsonpath=${jsonpath}`])).stdout;
    /** Writes `text` into the node's manifests directory from the writer pod. */
    const writeManifest = async (file: string, text: string) => {
      const r = await kubectl(
        ['exec', '-i', 'writer', '--', 'sh', '-c', `cat > /manifests/${file}`],
        text,
      );
      expect(r.code, r.stderr).toBe(0);
    };

    beforeAll(async () => {
      cluster = await startTestCluster();
      const file = await manifestWriter(cluster.dir)('writer.yaml', WRITER);
      expect((await kubectl(['apply', '-f', file])).code).toBe(0);
      await untilReady(cluster.kubectl, 'writer');
    }, 60_000);

    afterAll(async () => {
      await cluster?.stop();
    });

    it('runs a manifest written from a hostPath pod as the mirror pod <name>-<node>', async () => {
      const empty = await kubectl(['exec', 'writer', '--', 'ls', '-A', '/manifests']);
      expect(empty).toMatchObject({ code: 0, stdout: '' });
      // Hidden files and files that are not pods are not the kubelet's business.
      await writeManifest('.static-web.yaml.swp', 'not a pod');
      await writeManifest('notes.txt', 'just some text');
      await writeManifest('static-web.yaml', STATIC_WEB('1.25'));
      await untilReady(cluster.kubectl, MIRROR);

      const pod = JSON.parse((await kubectl(['get', 'pod', MIRROR, '-o', 'json'])).stdout);
      const annotations = pod.metadata.annotations;
      expect(annotations['kubernetes.io/config.hash']).toMatch(/^[0-9a-f]{32}$/);
      expect(annotations['kubernetes.io/config.mirror']).toBe(
        annotations['kubernetes.io/config.hash'],
      );
      expect(annotations['kubernetes.io/config.source']).toBe('file');
      expect(annotations['kubernetes.io/config.seen']).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/);
      const node = JSON.parse(
        (await kubectl(['get', 'node', 'pod-course-worker', '-o', 'json'])).stdout,
      );
      expect(pod.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'v1',
          kind: 'Node',
          name: 'pod-course-worker',
          uid: node.metadata.uid,
          controller: true,
        },
      ]);
      expect(pod.metadata.labels).toEqual({ role: 'myrole' });
      expect(pod.spec.nodeName).toBe('pod-course-worker');
      expect(pod.spec.tolerations).toEqual([{ operator: 'Exists', effect: 'NoExecute' }]);
      // No ServiceAccount token for a mirror pod.
      expect(pod.spec.volumes ?? []).toEqual([]);
      expect(pod.spec.serviceAccountName).toBeUndefined();

      const described = await kubectl(['describe', 'pod', MIRROR]);
      expect(described.stdout).toMatch(/^Controlled By:\s+Node\/pod-course-worker$/m);
      // Events name the static pod, whose UID is the hash; describe finds them through it.
      expect(described.stdout).toMatch(/Started\s+.*Started container web/);

      // exec and logs reach the static pod's container through its mirror.
      const exec = await kubectl(['exec', MIRROR, '--', 'cat', '/etc/hostname']);
      expect(exec).toMatchObject({ code: 0, stdout: `${MIRROR}\n` });
      const listed = await kubectl(['get', 'pods', '-o', 'name']);
      expect(listed.stdout.split('\n')).toContain(`pod/${MIRROR}`);
      expect(listed.stdout).not.toContain('notes');
    });

    it('recreates a deleted mirror pod; the containers keep running', async () => {
      const before = JSON.parse((await kubectl(['get', 'pod', MIRROR, '-o', 'json'])).stdout);
      const deleted = await kubectl(['delete', 'pod', MIRROR]);
      expect(deleted).toMatchObject({ code: 0, stdout: `pod "${MIRROR}" deleted\n` });
      await untilJsonpath(
        cluster.kubectl,
        ['pod', MIRROR],
        '{.metadata.uid} {.status.phase}',
        (v) => v !== '' && !v.startsWith(before.metadata.uid) && v.endsWith('Running'),
      );
      const after = JSON.parse((await kubectl(['get', 'pod', MIRROR, '-o', 'json'])).stdout);
      expect(after.metadata.annotations['kubernetes.io/config.mirror']).toBe(
        before.metadata.annotations['kubernetes.io/config.mirror'],
      );
      const started = (pod: {
        status: {
          containerStatuses: {
            state: { running: { startedAt: string } };
            restartCount: number;
            containerID: string;
          }[];
        };
      }) =>
        pod.status.containerStatuses.map((s) => [
          s.containerID,
          s.state.running.startedAt,
          s.restartCount,
        ]);
      expect(started(after)).toEqual(started(before));
    });

    it('replaces the pod when the file changes, and removes it with the file', async () => {
      const hash = await get('{.metadata.annotations.kubernetes\\.io/config\\.hash}');
      await writeManifest('static-web.yaml', STATIC_WEB('1.27'));
      await untilJsonpath(
        cluster.kubectl,
        ['pod', MIRROR],
        '{.metadata.annotations.kubernetes\\.io/config\\.mirror} {.status.containerStatuses[0].image} {.status.phase}',
        (v) => v !== '' && !v.startsWith(hash) && v.endsWith('nginx:1.27 Running'),
      );
      const removed = await kubectl(['exec', 'writer', '--', 'rm', '/manifests/static-web.yaml']);
      expect(removed.code, removed.stderr).toBe(0);
      const gone = await kubectl(['wait', '--for=delete', `pod/${MIRROR}`, '--timeout=60s']);
      expect(gone.code, gone.stderr).toBe(0);
    });
  },
);
