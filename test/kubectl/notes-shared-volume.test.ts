import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { type NotesCluster, notesCluster } from './notes-support.js';

/**
 * Notes 1 ("两个容器如何共享一个 volume?") and notes 2 (`two-containers`): two containers share
 * a volume, debian writes the page, nginx serves it. The manifests are the notes' own; only the
 * indentation the text extraction lost is restored. Their mistakes stay: share-volume's hostPath
 * `/data` has `type: Directory` (a node without /data refuses to mount it) and two-containers'
 * path is `/var/tmp.` with a trailing dot (a new directory of that name on the node).
 */
const SHARE_VOLUME = `apiVersion: v1
kind: Pod
metadata:
  name: share-volume
spec:
  restartPolicy: Never
  volumes:
  - name: shared-data
    hostPath:
      path: /data
      type: Directory
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
      mountPath: /usr/share/nginx/html
    command: ["/bin/sh"]
    args: ["-c", "echo 'Hello from the debian container' > /usr/share/nginx/html/index.html"]
`;

const TWO_CONTAINERS = `apiVersion: v1
kind: Pod
metadata:
  name: two-containers
spec:
  restartPolicy: Never
  volumes:
  - name: shared-data
    hostPath:
      path: /var/tmp. # 宿主机路径
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
#sleep续命,pod才会是ready
`;

/** What a learner does on a kind node (`docker exec <node> mkdir /data`), done through a pod. */
const makeDataDir = (node: string) => `apiVersion: v1
kind: Pod
metadata:
  name: mkdir-data
spec:
  nodeName: ${node}
  restartPolicy: Never
  volumes:
  - name: root
    hostPath:
      path: /
  containers:
  - name: mkdir
    image: busybox:1.36
    command: ["mkdir", "/host/data"]
    volumeMounts:
    - name: root
      mountPath: /host
`;

const HELLO = 'Hello from the debian container\n';

describe.skipIf(!KUBECTL)(
  `notes: two containers share a volume${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let n: NotesCluster;
    beforeAll(async () => {
      n = await notesCluster();
    });
    afterAll(async () => {
      await n?.stop();
    });

    it('share-volume waits in ContainerCreating until /data exists on its node', async () => {
      await n.apply('share-volume.yaml', SHARE_VOLUME);
      const node = await n.nodeOf('share-volume');
      const failed =
        'FailedMount: MountVolume.SetUp failed for volume "shared-data" : hostPath type check failed: /data is not a directory';
      await n.untilEvent('share-volume', failed);
      expect(await n.statusColumns('share-volume')).toBe('0/2 ContainerCreating 0');
      expect(
        await n.kubectl(['get', 'pod', 'share-volume', '-o', 'jsonpath={.status.phase}']),
      ).toMatchObject({
        stdout: 'Pending',
      });

      await n.apply('mkdir-data.yaml', makeDataDir(node));
      await n.runUntil('mkdir-data', '{.status.phase}', 'Succeeded');

      // The kubelet retries the mount with its back-off (500 ms doubling); then both images are pulled.
      await n.runUntil(
        'share-volume',
        '{.status.containerStatuses[0].state.terminated.reason}',
        'Completed',
      );
      expect(
        await n.kubectl(['get', 'pod', 'share-volume', '-o', 'jsonpath={.status.phase}']),
      ).toMatchObject({
        stdout: 'Running',
      });
      // debian exited 0 and will not restart (Never); nginx runs on: Ready is False.
      expect(await n.statusColumns('share-volume')).toBe('1/2 NotReady 0');
    });

    it("shows the debian container's sentence through nginx", async () => {
      const cat = await n.exec('share-volume', undefined, [
        'cat',
        '/usr/share/nginx/html/index.html',
      ]);
      expect(cat).toEqual({
        code: 0,
        stdout: HELLO,
        stderr: 'Defaulted container "nginx-container" out of: nginx-container, debian-container\n',
      });
      const served = await n.exec('share-volume', 'nginx-container', ['curl', '-s', 'localhost']);
      expect(served).toEqual({ code: 0, stdout: HELLO, stderr: '' });
    });

    it("rejects the notes' `k exec -it share-volume /bin/sh` (kubectl 1.32)", async () => {
      const r = await n.kubectl(['exec', '-it', 'share-volume', '/bin/sh']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n",
      );
    });

    it('cannot exec into the debian container once it has exited', async () => {
      const r = await n.exec('share-volume', 'debian-container', ['ls']);
      expect(r.code).toBe(1);
      // Over WebSocket (kubectl 1.32's default) the kubelet's refusal comes back as a Status.
      expect(r.stderr).toBe(
        'error: Internal error occurred: unable to upgrade connection: container not found ("debian-container")\n',
      );
    });

    it('two-containers creates `/var/tmp.` on its node and serves the page, 2/2 Running', async () => {
      await n.apply('two-containers.yaml', TWO_CONTAINERS);
      await n.runUntil('two-containers', '{.status.containerStatuses[*].ready}', 'true true');
      expect(await n.statusColumns('two-containers')).toBe('2/2 Running 0');
      const served = await n.exec('two-containers', 'nginx-container', ['curl', '-s', 'localhost']);
      expect(served).toEqual({ code: 0, stdout: HELLO, stderr: '' });
      const node = await n.nodeOf('two-containers');
      const look = `apiVersion: v1
kind: Pod
metadata:
  name: look-at-node
spec:
  nodeName: ${node}
  restartPolicy: Never
  volumes:
  - name: root
    hostPath:
      path: /var
  containers:
  - name: ls
    image: busybox:1.36
    command: ["sh", "-c", "ls -d /host/tmp*; cat '/host/tmp./index.html'"]
    volumeMounts:
    - name: root
      mountPath: /host
`;
      await n.apply('look.yaml', look);
      await n.runUntil('look-at-node', '{.status.phase}', 'Succeeded');
      const logs = await n.kubectl(['logs', 'look-at-node']);
      expect(logs.stdout).toBe(`/host/tmp\n/host/tmp.\n${HELLO}`);
    });

    it("shows one container's write to the other at once: it is the same directory", async () => {
      const write = await n.exec('two-containers', 'debian-container', [
        'sh',
        '-c',
        'echo changed by debian > /pod-data/index.html',
      ]);
      expect(write.code).toBe(0);
      expect(
        (
          await n.exec('two-containers', 'nginx-container', [
            'cat',
            '/usr/share/nginx/html/index.html',
          ])
        ).stdout,
      ).toBe('changed by debian\n');
      expect(
        (await n.exec('two-containers', 'nginx-container', ['curl', '-s', 'localhost'])).stdout,
      ).toBe('changed by debian\n');
    });

    it('refuses writes through a `readOnly: true` mount of the same volume', async () => {
      const readOnly = TWO_CONTAINERS.replace('name: two-containers', 'name: read-only')
        .replace(
          '      mountPath: /usr/share/nginx/html\n',
          '      mountPath: /usr/share/nginx/html\n      readOnly: true\n',
        )
        .replace('hostPath:\n      path: /var/tmp. # 宿主机路径', 'emptyDir: {}');
      await n.apply('read-only.yaml', readOnly);
      await n.runUntil('read-only', '{.status.containerStatuses[*].ready}', 'true true');
      const touch = await n.exec('read-only', 'nginx-container', [
        'touch',
        '/usr/share/nginx/html/new',
      ]);
      expect(touch).toEqual({
        code: 1,
        stdout: '',
        stderr:
          "touch: cannot touch '/usr/share/nginx/html/new': Read-only file system\ncommand terminated with exit code 1\n",
      });
      // The other container's read-write mount of the volume still writes.
      const write = await n.exec('read-only', 'debian-container', ['touch', '/pod-data/new']);
      expect(write.code).toBe(0);
      expect(
        (await n.exec('read-only', 'nginx-container', ['ls', '/usr/share/nginx/html'])).stdout,
      ).toBe('index.html\nnew\n');
    });
  },
);
