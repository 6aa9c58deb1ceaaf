import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collect, readyLine, spawnCli } from '../support/cli-process.js';
import { KUBECTL, type KubectlRunner, kubectlFor, NO_KUBECTL_REASON } from '../support/kubectl.js';

const PODS = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  initContainers:
  - name: setup
    image: busybox:1.36
    command: ['sh', '-c', 'echo ready']
  containers:
  - name: web
    image: nginx:1.25
---
apiVersion: v1
kind: Pod
metadata:
  name: once
spec:
  restartPolicy: Never
  containers:
  - name: once
    image: busybox:1.36
    command: ['sleep', '3600']
---
apiVersion: v1
kind: Pod
metadata:
  name: keeper
spec:
  nodeName: pod-course-worker
  volumes:
  - name: data
    hostPath:
      path: /data
      type: DirectoryOrCreate
  - name: manifests
    hostPath:
      path: /etc/kubernetes/manifests
  containers:
  - name: keeper
    image: busybox:1.36
    command: ['sleep', '3600']
    volumeMounts:
    - name: data
      mountPath: /data
    - name: manifests
      mountPath: /manifests
`;

const STATIC = `apiVersion: v1
kind: Pod
metadata:
  name: static-web
spec:
  containers:
  - name: web
    image: nginx:1.25
`;

/** Polls `kubectl get` until `jsonpath` prints what `expected` accepts; returns it. */
async function until(
  kubectl: KubectlRunner,
  target: string[],
  jsonpath: string,
  expected: (value: string) => boolean,
): Promise<string> {
  for (;;) {
    const r = await kubectl(['get', ...target, '-o', `jsonpath=${jsonpath}`]);
    if (r.code === 0 && expected(r.stdout)) return r.stdout;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Stopping `sim serve` and starting it again on the same state is a reboot of every node:
 * the objects are all there, and the kubelets resume the pods bound to them the way kubelets
 * do after a reboot.
 */
describe.skipIf(!KUBECTL)(
  `sim serve restarted on the same state${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let dir: string;
    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'pod-course-reboot-'));
    });
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('restarts the containers as after a node reboot, keeping restart counts, startTime and the node disks', async () => {
      const state = join(dir, 'state');
      const first = spawnCli(['sim', 'serve', '--json', '--state', state]);
      const ready = await readyLine(first);
      const kubectl = kubectlFor(ready.kubeconfig, join(dir, 'kube-cache'));
      const file = join(dir, 'pods.yaml');
      await writeFile(file, PODS);
      expect((await kubectl(['apply', '-f', file])).code).toBe(0);
      const wait = await kubectl([
        'wait',
        '--for=condition=Ready',
        'pod/web',
        'pod/once',
        'pod/keeper',
        '--timeout=60s',
      ]);
      expect(wait.code, wait.stderr).toBe(0);
      // The node's disk: a hostPath file and a static pod's manifest.
      const wrote = await kubectl(
        [
          'exec',
          '-i',
          'keeper',
          '--',
          'sh',
          '-c',
          'echo kept > /data/note && cat > /manifests/static-web.yaml',
        ],
        { input: STATIC },
      );
      expect(wrote.code, wrote.stderr).toBe(0);
      const mirror = 'static-web-pod-course-worker';
      const staticReady = await kubectl([
        'wait',
        '--for=condition=Ready',
        `pod/${mirror}`,
        '--timeout=60s',
      ]);
      expect(staticReady.code, staticReady.stderr).toBe(0);
      const mirrorBefore = JSON.parse((await kubectl(['get', 'pod', mirror, '-o', 'json'])).stdout);
      const before = JSON.parse((await kubectl(['get', 'pod', 'web', '-o', 'json'])).stdout);
      // Stopped while the kubelets' events may still be queued: a clean stop says nothing.
      first.kill('SIGTERM');
      const stopped = await collect(first);
      expect(stopped.code).toBe(0);
      expect(stopped.stderr).not.toMatch(/Error/);

      const second = spawnCli(['sim', 'serve', '--json', '--state', state]);
      await readyLine(second);
      try {
        await until(
          kubectl,
          ['pod', 'web'],
          '{.status.containerStatuses[0].restartCount} {.status.containerStatuses[0].ready}',
          (v) => v === '1 true',
        );
        const after = JSON.parse((await kubectl(['get', 'pod', 'web', '-o', 'json'])).stdout);
        expect(after.metadata.uid).toBe(before.metadata.uid);
        expect(after.status.startTime).toBe(before.status.startTime);
        const web = after.status.containerStatuses[0];
        expect(web.lastState.terminated).toMatchObject({
          exitCode: 255,
          reason: 'Unknown',
          startedAt: before.status.containerStatuses[0].state.running.startedAt,
          containerID: before.status.containerStatuses[0].containerID,
        });
        expect(web.containerID).not.toBe(before.status.containerStatuses[0].containerID);
        // Init containers run again in the new sandbox.
        expect(after.status.initContainerStatuses[0]).toMatchObject({
          restartCount: 1,
          lastState: { terminated: { exitCode: 0, reason: 'Completed' } },
          state: { terminated: { exitCode: 0, reason: 'Completed' } },
        });
        const events = await kubectl([
          'get',
          'events',
          '--field-selector',
          'involvedObject.name=web,reason=SandboxChanged',
          '-o',
          'jsonpath={.items[*].message}',
        ]);
        expect(events.stdout).toBe('Pod sandbox changed, it will be killed and re-created.');
        // restartPolicy Never: nothing starts again; what was running ended with the node.
        const once = await until(
          kubectl,
          ['pod', 'once'],
          '{.status.phase}',
          (v) => v === 'Failed',
        );
        expect(once).toBe('Failed');
        const row = await kubectl(['get', 'pod', 'once', '--no-headers']);
        expect(row.stdout.split(/\s+/).slice(0, 4)).toEqual(['once', '0/1', 'Unknown', '0']);
        // The node's disk came back: the hostPath file, and the static pod from its manifest,
        // still mirrored by the same pod, its container restarted like the others.
        await until(
          kubectl,
          ['pod', 'keeper'],
          '{.status.containerStatuses[0].ready}',
          (v) => v === 'true',
        );
        const note = await kubectl(['exec', 'keeper', '--', 'cat', '/data/note']);
        expect(note).toMatchObject({ code: 0, stdout: 'kept\n' });
        await until(
          kubectl,
          ['pod', mirror],
          '{.metadata.uid} {.status.containerStatuses[0].restartCount} {.status.containerStatuses[0].ready}',
          (v) => v === `${mirrorBefore.metadata.uid} 1 true`,
        );
      } finally {
        second.kill('SIGTERM');
        const end = await collect(second);
        expect(end.stderr).not.toMatch(/Error/);
      }
    });
  },
);
