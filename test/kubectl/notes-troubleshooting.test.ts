import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { type NotesCluster, notesCluster } from './notes-support.js';

/**
 * Notes 1, "如何查看 Pod 运行状态?" (`k describe`, `k logs -c`, `k exec`): what a learner sees
 * when an image does not exist, and when notes 2's two-containers pod is deleted — nginx stops
 * at once, the `sh -c "… && sleep 999"` container ignores SIGTERM and is killed (137) when the
 * grace period ends.
 */
const TWO_CONTAINERS = `apiVersion: v1
kind: Pod
metadata:
  name: two-containers
spec:
  restartPolicy: Never
  volumes:
  - name: shared-data
    emptyDir: {}
  containers:
  - name: nginx-container
    image: nginx
    volumeMounts:
    - name: shared-data
      mountPath: /usr/share/nginx/html
  - name: debian-container
    image: debian
    volumeMounts:
    - name: shared-data
      mountPath: /pod-data
    command: ["/bin/sh"]
    args: ["-c", "echo Hello from the debian container > /pod-data/index.html && sleep 999"]
`;

const NO_SUCH_TAG = `apiVersion: v1
kind: Pod
metadata:
  name: typo
spec:
  containers:
  - name: web
    image: nginx:1.277
`;

const PULL_ERROR =
  'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.277": failed to resolve reference "docker.io/library/nginx:1.277": docker.io/library/nginx:1.277: not found';

describe.skipIf(!KUBECTL)(
  `notes: troubleshooting pods${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let n: NotesCluster;
    beforeAll(async () => {
      n = await notesCluster();
    });
    afterAll(async () => {
      await n?.stop();
    });

    it('reports an unknown tag as ErrImagePull, then ImagePullBackOff', async () => {
      await n.apply('typo.yaml', NO_SUCH_TAG);
      await n.runUntil(
        'typo',
        '{.status.containerStatuses[0].state.waiting.reason}',
        'ErrImagePull',
      );
      expect(await n.statusColumns('typo')).toBe('0/1 ErrImagePull 0');
      const message = await n.kubectl([
        'get',
        'pod',
        'typo',
        '-o',
        'jsonpath={.status.containerStatuses[0].state.waiting.message}',
      ]);
      expect(message.stdout).toBe(PULL_ERROR);
      expect(await n.events('typo')).toEqual([
        expect.stringMatching(
          /^Scheduled: Successfully assigned default\/typo to pod-course-worker2?$/,
        ),
        'Pulling: Pulling image "nginx:1.277"',
        `Failed: Failed to pull image "nginx:1.277": ${PULL_ERROR}`,
        'Failed: Error: ErrImagePull',
      ]);
      const logs = await n.kubectl(['logs', 'typo']);
      expect(logs.stderr).toBe(
        'Error from server (BadRequest): container "web" in pod "typo" is waiting to start: image can\'t be pulled\n',
      );

      await n.advance(5000);
      await n.until(
        'typo',
        '{.status.containerStatuses[0].state.waiting.reason}',
        'ImagePullBackOff',
      );
      expect(await n.statusColumns('typo')).toBe('0/1 ImagePullBackOff 0');
      await n.untilEvent('typo', 'BackOff: Back-off pulling image "nginx:1.277"');
      await n.untilEvent('typo', 'Failed: Error: ImagePullBackOff');
      const backOff = await n.kubectl(['logs', 'typo']);
      expect(backOff.stderr).toBe(
        'Error from server (BadRequest): container "web" in pod "typo" is waiting to start: trying and failing to pull image\n',
      );
    });

    it('runs when the image is fixed in place (image is one of the few mutable fields)', async () => {
      const r = await n.kubectl(['set', 'image', 'pod/typo', 'web=nginx:1.27']);
      expect(r.stdout).toBe('pod/typo image updated\n');
      // The update reaches the kubelet, which starts pulling the new image at once.
      await n.untilEvent('typo', 'Pulling: Pulling image "nginx:1.27"');
      await n.advance(2000);
      await n.until('typo', '{.status.phase}', 'Running');
      expect(await n.statusColumns('typo')).toBe('1/1 Running 0');

      // Changing the image of a running container restarts it with the new one.
      await n.kubectl(['set', 'image', 'pod/typo', 'web=nginx:1.25']);
      await n.untilEvent('typo', 'Killing: Container web definition changed, will be restarted');
      await n.untilEvent('typo', 'Pulling: Pulling image "nginx:1.25"');
      await n.advance(2000);
      await n.until('typo', '{.status.containerStatuses[0].image}', 'docker.io/library/nginx:1.25');
      const status = await n.kubectl([
        'get',
        'pod',
        'typo',
        '-o',
        'jsonpath={.status.containerStatuses[0].restartCount} {.status.containerStatuses[0].lastState.terminated.exitCode} {.status.containerStatuses[0].state.running.startedAt}',
      ]);
      expect(status.stdout).toMatch(/^1 0 2026-11-23T12:00:\d\dZ$/);
    });

    it('deletes two-containers: nginx quits at once, the sleeping shell is killed with 137', async () => {
      await n.apply('two-containers.yaml', TWO_CONTAINERS);
      await n.runUntil('two-containers', '{.status.containerStatuses[*].ready}', 'true true');

      // Everything the API says about the pod until it is gone: the last word is the kubelet's.
      const cache = join(n.cluster.dir, 'kube-cache');
      const watch = spawn(
        KUBECTL as string,
        [
          `--kubeconfig=${n.cluster.simulator.kubeconfigPath}`,
          `--cache-dir=${cache}`,
          'get',
          'pod',
          'two-containers',
          '--watch',
          '-o',
          // (kubectl prints `{range}` templates for the first object of a watch only.)
          [0, 1]
            .map(
              (i) =>
                `{.status.containerStatuses[${i}].name}={.status.containerStatuses[${i}].state.terminated.reason}/{.status.containerStatuses[${i}].state.terminated.exitCode} `,
            )
            .join('')
            .replace(/^/, 'jsonpath=')
            .concat('{"\\n"}'),
        ],
        { env: { ...process.env, HOME: cache } },
      );
      let seen = '';
      watch.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
      });
      while (!seen.includes('\n')) await new Promise((resolve) => setTimeout(resolve, 20));

      const deleting = n.kubectl(['delete', 'pod', 'two-containers']);
      await n.untilEvent('two-containers', 'Killing: Stopping container debian-container');
      expect(await n.events('two-containers')).toContain(
        'Killing: Stopping container nginx-container',
      );
      // nginx takes the image's STOPSIGNAL (SIGQUIT) and is gone at once…
      await n.untilLogs(['two-containers', '-c', 'nginx-container'], (logs) =>
        /\[notice\] 1#1: signal 3 \(SIGQUIT\) received, shutting down\n(.*\n)*.*\[notice\] 1#1: exit\n$/.test(
          logs,
        ),
      );
      // …but the kubelet reports nothing until every container has stopped (killPod waits).
      expect(await n.statusColumns('two-containers')).toBe('2/2 Terminating 0');
      await n.advance(30_000);
      expect(await deleting).toEqual({
        code: 0,
        stdout: 'pod "two-containers" deleted\n',
        stderr: '',
      });
      // The watch reports the kubelet's last status, then the deletion, with the same content.
      while (!seen.includes('137')) await new Promise((resolve) => setTimeout(resolve, 20));
      watch.kill();
      const lines = seen.split('\n').filter(Boolean);
      expect(lines.at(-1)).toBe('debian-container=Error/137 nginx-container=Completed/0 ');
    });
  },
);
