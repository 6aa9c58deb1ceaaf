import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { type NotesCluster, notesCluster } from './notes-support.js';

/**
 * Notes 4, "Pod 健康检查" and "Lifecycle": the Kubernetes docs' liveness example the notes
 * copy (the file disappears after 30 s, the probe fails, the kubelet restarts the container
 * and the pod stays Running), and the postStart / preStop hooks of notes 3's busybox.
 */
const LIVENESS = `apiVersion: v1
kind: Pod
metadata:
  labels:
    test: liveness
  name: test-liveness-exec
spec:
  containers:
  - name: liveness
    image: busybox
    args:
    - /bin/sh
    - -c
    - touch /tmp/healthy; sleep 30; rm -rf /tmp/healthy; sleep 600
    livenessProbe:
      exec:
        command:
        - cat
        - /tmp/healthy
      initialDelaySeconds: 5
      periodSeconds: 5
`;

/** Notes 3's hook container, in a pod of its own (the notes' pod is invalid, see notes-namespaces). */
const HOOKS = `apiVersion: v1
kind: Pod
metadata:
  name: hooks
spec:
  containers:
  - name: busybox-gysl
    image: busybox
    stdin: true
    tty: true
    imagePullPolicy: Always
    lifecycle:
      postStart:
        exec:
          command: ['/bin/sh','-c','echo "This is a test of gysl. ">/gysl.txt']
      preStop:
        exec:
          command: ['/bin/sh','-c','echo "This is a demo of gysl."']
`;

const UNHEALTHY =
  "Unhealthy: Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory";

describe.skipIf(!KUBECTL)(
  `notes: liveness probes and lifecycle hooks${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let n: NotesCluster;
    beforeAll(async () => {
      n = await notesCluster();
    });
    afterAll(async () => {
      await n?.stop();
    });

    it('runs test-liveness-exec healthy for its first 30 seconds', async () => {
      await n.apply('liveness.yaml', LIVENESS);
      await n.runUntil('test-liveness-exec', '{.status.containerStatuses[0].ready}', 'true');
      await n.advance(20_000);
      expect(await n.statusColumns('test-liveness-exec')).toBe('1/1 Running 0');
      expect(
        (await n.events('test-liveness-exec')).filter((e) => e.startsWith('Unhealthy')),
      ).toEqual([]);
      const describe = (await n.kubectl(['describe', 'pod', 'test-liveness-exec'])).stdout;
      expect(describe).toMatch(
        /^ {4}Liveness: +exec \[cat \/tmp\/healthy\] delay=5s timeout=1s period=5s #success=1 #failure=3$/m,
      );
    });

    it('kills it after three failed probes, then restarts it; the pod stays Running', async () => {
      await n.advance(25_000);
      await n.untilEvent('test-liveness-exec', UNHEALTHY);
      await n.untilEvent(
        'test-liveness-exec',
        'Killing: Container liveness failed liveness probe, will be restarted',
      );
      // `sh` is PID 1 and has no SIGTERM handler: it runs out the 30 s grace period.
      await n.advance(31_000);
      await n.until('test-liveness-exec', '{.status.containerStatuses[0].restartCount}', '1');
      const last = await n.kubectl([
        'get',
        'pod',
        'test-liveness-exec',
        '-o',
        'jsonpath={.status.phase} {.status.containerStatuses[0].lastState.terminated.reason} {.status.containerStatuses[0].lastState.terminated.exitCode}',
      ]);
      expect(last.stdout).toBe('Running Error 137');
      await n.until('test-liveness-exec', '{.status.containerStatuses[0].ready}', 'true');
      expect(await n.statusColumns('test-liveness-exec')).toMatch(/^1\/1 Running 1$/);
      const unhealthy = await n.kubectl([
        'get',
        'events',
        '--field-selector=involvedObject.name=test-liveness-exec,reason=Unhealthy',
        '-o',
        'jsonpath={.items[0].count} {.items[0].type} {.items[0].involvedObject.fieldPath}',
      ]);
      expect(unhealthy.stdout).toBe('3 Warning spec.containers{liveness}');
    });

    it('runs postStart before the container counts as started', async () => {
      await n.apply('hooks.yaml', HOOKS);
      await n.runUntil('hooks', '{.status.phase}', 'Running');
      expect((await n.exec('hooks', undefined, ['cat', '/gysl.txt'])).stdout).toBe(
        'This is a test of gysl. \n',
      );
    });

    it('runs preStop on deletion; its output goes nowhere a learner can see', async () => {
      const deleting = n.kubectl(['delete', 'pod', 'hooks']);
      await n.untilEvent('hooks', 'Killing: Stopping container busybox-gysl');
      // The interactive shell ignores SIGTERM: the pod goes when the grace period ends.
      await n.advance(30_000);
      expect(await deleting).toEqual({ code: 0, stdout: 'pod "hooks" deleted\n', stderr: '' });
      expect((await n.events('hooks')).filter((e) => e.includes('PreStop'))).toEqual([]);
    });
  },
);
