import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { type NotesCluster, notesCluster } from './notes-support.js';

/**
 * What the containers of one pod share (notes 3 and 4, "Linux Namespace 相关"): one PID
 * namespace with `shareProcessNamespace`, one network (localhost, one IP, the pod's hostname),
 * and the kubelet-managed /etc/hosts (hostAliases) and /etc/resolv.conf.
 */
const NGINX_SHELL = `apiVersion: v1
kind: Pod
metadata:
  name: nginx
spec:
  shareProcessNamespace: true
  containers:
  - name: nginx
    image: nginx
  - name: shell
    image: busybox
    stdin: true
    tty: true
`;

const HOST_ALIASES = `apiVersion: v1
kind: Pod
metadata:
  name: gysl-hostaliases
spec:
  hostAliases:
  - ip: "10.0.0.20"
    hostnames:
    - "test.gysl"
    - "app.gysl"
  containers:
  - name: gysl-nginx
    image: nginx
`;

/** The notes' host-namespace pod: `nodeName` names a machine of the author's, not of this cluster. */
const SHARE_NAMESPACE = `apiVersion: v1
kind: Pod
metadata:
  name: gysl-share-namespace
spec:
  hostPID: true
  hostIPC: true
  hostNetwork: true
  nodeName: 172.31.2.11
  shareProcessNamespace: true
  containers:
  - name: nginx-gysl
    image: nginx
    imagePullPolicy: IfNotPresent
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

describe.skipIf(!KUBECTL)(
  `notes: what a pod's containers share${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let n: NotesCluster;
    let podIP: string;
    beforeAll(async () => {
      n = await notesCluster();
      await n.apply('nginx.yaml', NGINX_SHELL);
      await n.runUntil('nginx', '{.status.containerStatuses[*].ready}', 'true true');
      podIP = await n.onNode('nginx');
    });
    afterAll(async () => {
      await n?.stop();
    });

    it('runs nginx and an idle shell side by side, 2/2 Running', async () => {
      expect(await n.statusColumns('nginx')).toBe('2/2 Running 0');
    });

    it('shows /pause as PID 1 and nginx beside the shell under shareProcessNamespace', async () => {
      const ps = await n.exec('nginx', 'shell', ['ps', 'ax']);
      expect(ps.code).toBe(0);
      const lines = ps.stdout.split('\n').filter((l) => l !== '');
      expect(lines[0]).toBe('PID   USER     TIME  COMMAND');
      expect(lines[1]).toBe('    1 root      0:00 /pause');
      const rows = lines.slice(1).map((l) => {
        const m = /^ *(\d+) (\S+) +(\d+:\d\d) (.*)$/.exec(l);
        return { pid: Number(m?.[1]), user: m?.[2], command: m?.[4] };
      });
      const commands = rows.map((r) => `${r.user} ${r.command}`);
      expect(commands).toContain('root nginx: master process nginx -g daemon off;');
      expect(rows.map((r) => r.command)).toContain('nginx: worker process');
      expect(commands).toContain('root sh');
      expect(commands.at(-1)).toBe('root ps ax');
      // PIDs count up in start order: pause, nginx, its workers, the shell, then ps.
      const pids = rows.map((r) => r.pid);
      expect([...pids].sort((a, b) => a - b)).toEqual(pids);
    });

    // `user nginx;`: the workers switch to uid 101, which busybox's passwd has no name for.
    it('runs the nginx workers as uid 101, as `user nginx;` says', async () => {
      const ps = await n.exec('nginx', 'shell', ['ps', 'ax']);
      expect(ps.stdout).toMatch(/^ +\d+ 101 {7}0:00 nginx: worker process$/m);
    });

    it('shows each container only its own processes without sharing', async () => {
      await n.apply(
        'apart.yaml',
        NGINX_SHELL.replace(
          'name: nginx\nspec:\n  shareProcessNamespace: true\n',
          'name: apart\nspec:\n',
        ),
      );
      await n.runUntil('apart', '{.status.containerStatuses[*].ready}', 'true true');
      const ps = await n.exec('apart', 'shell', ['ps', 'ax']);
      expect(ps.stdout).toMatch(
        /^PID {3}USER {5}TIME {2}COMMAND\n {4}1 root {6}0:00 sh\n *\d+ root {6}0:00 ps ax\n$/,
      );
      await n.kubectl(['delete', 'pod', 'apart', '--grace-period=0', '--force']);
    });

    it('reaches nginx on localhost from the busybox container (`wget -qO- localhost`)', async () => {
      const page = await n.exec('nginx', 'shell', ['wget', '-qO-', 'localhost']);
      expect(page.code).toBe(0);
      expect(page.stdout).toContain('<title>Welcome to nginx!</title>');
      const byIP = await n.exec('nginx', 'shell', ['wget', '-qO-', `http://${podIP}:80/`]);
      expect(byIP.stdout).toBe(page.stdout);
    });

    it('names every container of the pod after the pod', async () => {
      expect(await n.exec('nginx', 'shell', ['hostname'])).toEqual({
        code: 0,
        stdout: 'nginx\n',
        stderr: '',
      });
      expect((await n.exec('nginx', 'nginx', ['cat', '/etc/hostname'])).stdout).toBe('nginx\n');
      expect((await n.exec('nginx', 'shell', ['sh', '-c', 'echo $HOSTNAME'])).stdout).toBe(
        'nginx\n',
      );
    });

    it('writes /etc/resolv.conf for ClusterFirst', async () => {
      expect((await n.exec('nginx', 'shell', ['cat', '/etc/resolv.conf'])).stdout).toBe(
        'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
      );
    });

    it('writes the hostAliases into the kubelet-managed /etc/hosts, tab-separated', async () => {
      await n.apply('hostaliases.yaml', HOST_ALIASES);
      await n.runUntil('gysl-hostaliases', '{.status.phase}', 'Running');
      const ip = await n.onNode('gysl-hostaliases');
      const hosts = await n.exec('gysl-hostaliases', undefined, ['cat', '/etc/hosts']);
      expect(hosts.stdout).toBe(
        [
          '# Kubernetes-managed hosts file.',
          '127.0.0.1\tlocalhost',
          '::1\tlocalhost ip6-localhost ip6-loopback',
          'fe00::0\tip6-localnet',
          'fe00::0\tip6-mcastprefix',
          'fe00::1\tip6-allnodes',
          'fe00::2\tip6-allrouters',
          `${ip}\tgysl-hostaliases`,
          '',
          '# Entries added by HostAliases.',
          '10.0.0.20\ttest.gysl\tapp.gysl',
          '',
        ].join('\n'),
      );
      // Without hostAliases the file ends after the pod's own line.
      const plain = await n.exec('nginx', 'nginx', ['cat', '/etc/hosts']);
      expect(plain.stdout.endsWith(`\n${podIP}\tnginx\n`)).toBe(true);
    });

    it("refuses the notes' host-namespace pod: hostPID and shareProcessNamespace conflict", async () => {
      const r = await n.kubectl(['apply', '-f', '-'], SHARE_NAMESPACE);
      expect(r).toEqual({
        code: 1,
        stdout: '',
        stderr:
          'The Pod "gysl-share-namespace" is invalid: spec.securityContext.shareProcessNamespace: Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled\n',
      });
    });

    it('leaves a pod bound to a node that does not exist (172.31.2.11) Pending', async () => {
      await n.kubectl(
        ['apply', '-f', '-'],
        SHARE_NAMESPACE.replace('  shareProcessNamespace: true\n', ''),
      );
      await n.advance(5000);
      expect(await n.statusColumns('gysl-share-namespace')).toBe('0/2 Pending 0');
      const pod = await n.kubectl([
        'get',
        'pod',
        'gysl-share-namespace',
        '-o',
        'jsonpath={.spec.nodeName} {.status.phase} {.status.conditions}',
      ]);
      // nodeName skips the scheduler: nobody writes PodScheduled, no Scheduled event.
      expect(pod.stdout).toBe('172.31.2.11 Pending ');
      expect(await n.events('gysl-share-namespace')).toEqual([]);
    });
  },
);
