import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../support/kubectl.js';
import { type NotesCluster, notesCluster } from './notes-support.js';

/**
 * The notes' host-namespace experiment (note 4, "hostNetwork/hostIPC/hostPID — Pod 内的容器共享
 * 宿主机的 Namespace"): nginx and a busybox shell sharing the node's network, IPC and PID
 * namespaces. From the shell, `ps` and `pstree` draw the node (note 2's picture: systemd, a
 * containerd-shim per pod with its pause and containers), `ip addr` shows the node's
 * interfaces, and nginx answers on the node's IP. Pods also reach each other by pod IP.
 */
const HOST_NAMESPACES = `apiVersion: v1
kind: Pod
metadata:
  name: nginx
spec:
  hostNetwork: true
  hostIPC: true
  hostPID: true
  containers:
  - name: nginx
    image: nginx
  - name: shell
    image: busybox
    stdin: true
    tty: true
`;

const PLAIN = (name: string, image: string, node: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  nodeName: ${node}
  containers:
  - name: main
    image: ${image}
${image === 'nginx' ? '' : '    command: ["sleep", "3600"]\n'}`;

describe.skipIf(!KUBECTL)(
  `real kubectl: hostPID, hostNetwork, hostIPC and pod-to-pod traffic${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let n: NotesCluster;
    let node: string;
    let nodeIP: string;
    beforeAll(async () => {
      n = await notesCluster();
      await n.apply('host.yaml', HOST_NAMESPACES);
      await n.runUntil('nginx', '{.status.containerStatuses[*].ready}', 'true true');
      node = await n.nodeOf('nginx');
      nodeIP = (
        await n.kubectl(['get', 'node', node, '-o', 'jsonpath={.status.addresses[0].address}'])
      ).stdout;
      await n.apply('web.yaml', PLAIN('web', 'nginx', node));
      await n.apply('client.yaml', PLAIN('client', 'busybox', node));
      await n.runUntil('web', '{.status.phase}', 'Running');
      await n.runUntil('client', '{.status.phase}', 'Running');
    });
    afterAll(async () => {
      await n?.stop();
    });

    it('gives the pod the node’s IP: IP and node columns agree with the node’s InternalIP', async () => {
      const wide = await n.kubectl(['get', 'pod', 'nginx', '-o', 'wide', '--no-headers']);
      const columns = wide.stdout.trim().split(/\s+/);
      expect(columns.slice(0, 3)).toEqual(['nginx', '2/2', 'Running']);
      expect(columns[5]).toBe(nodeIP);
      expect(columns[6]).toBe(node);
      const ips = await n.kubectl([
        'get',
        'pod',
        'nginx',
        '-o',
        'jsonpath={.status.podIP} {.status.hostIP} {.status.podIPs[*].ip}',
      ]);
      expect(ips.stdout).toBe(`${nodeIP} ${nodeIP} ${nodeIP}`);
    });

    it('ps shows the node: /sbin/init as PID 1, containerd, the kubelet, a shim per pod', async () => {
      const ps = await n.exec('nginx', 'shell', ['ps']);
      expect(ps.code).toBe(0);
      const lines = ps.stdout.split('\n');
      expect(lines[0]).toBe('PID   USER     TIME  COMMAND');
      expect(lines[1]).toBe('    1 root      0:00 /sbin/init');
      const commands = lines.slice(1).map((line) => line.slice(21));
      expect(commands).toContain('/usr/local/bin/containerd');
      expect(
        commands.some(
          (c) => c.startsWith(`/usr/bin/kubelet `) && c.includes(`--node-ip=${nodeIP}`),
        ),
      ).toBe(true);
      // This pod, web and client: three sandboxes, three shims, three pauses.
      expect(
        commands.filter((c) =>
          c.startsWith('/usr/local/bin/containerd-shim-runc-v2 -namespace k8s.io -id '),
        ),
      ).toHaveLength(3);
      expect(commands.filter((c) => c === '/pause')).toHaveLength(3);
      // Both nginx masters, the workers as uid 101, the shell, the client's sleep.
      expect(
        commands.filter((c) => c === 'nginx: master process nginx -g daemon off;'),
      ).toHaveLength(2);
      expect(lines.filter((l) => / 101 {7}0:00 nginx: worker process$/.test(l))).toHaveLength(4);
      expect(commands).toContain('sh');
      expect(commands).toContain('sleep 3600');
      expect(commands.at(-2)).toBe('ps');
    });

    it('pstree draws note 2’s picture: containers under containerd-shim, beside pause', async () => {
      const tree = await n.exec('nginx', 'shell', ['pstree']);
      expect(tree.code).toBe(0);
      const lines = tree.stdout.split('\n');
      // This pod's shim first (its sandbox came first): nginx, pause, the shell, this pstree.
      expect(lines.slice(0, 6)).toEqual([
        'systemd-+-containerd---11*[{containerd}]',
        '        |-containerd-shim-+-nginx---2*[nginx]',
        '        |                 |-pause',
        '        |                 |-pstree',
        '        |                 |-sh',
        '        |                 `-10*[{containerd-shim}]',
      ]);
      // web's shim, client's shim, then the node's other services.
      expect(lines.filter((l) => l.includes('-containerd-shim-+-'))).toHaveLength(3);
      expect(tree.stdout).toContain('        |                 |-sleep\n');
      expect(lines.slice(-3)).toEqual([
        '        |-kubelet---13*[{kubelet}]',
        '        `-systemd-journal',
        '',
      ]);
    });

    it('ip and hostname show the node’s network: eth0 with its IP, a veth per pod', async () => {
      const addr = await n.exec('nginx', 'shell', ['ip', 'addr']);
      expect(addr.stdout).toMatch(/^1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 /);
      expect(addr.stdout).toContain(`    inet ${nodeIP}/16 brd 172.18.255.255 scope global eth0\n`);
      // web's and client's veths (this pod has none: it lives in the node's namespace).
      expect(addr.stdout.match(/: veth[0-9a-f]{8}@if2: /g)).toHaveLength(2);
      const routes = await n.exec('nginx', 'shell', ['ip', 'route']);
      expect(routes.stdout.split('\n')[0]).toBe('default via 172.18.0.1 dev eth0 ');
      const webIP = (await n.kubectl(['get', 'pod', 'web', '-o', 'jsonpath={.status.podIP}']))
        .stdout;
      expect(routes.stdout).toMatch(
        new RegExp(`\\n${webIP.replace(/\./g, '\\.')} dev veth[0-9a-f]{8} scope host \\n`),
      );
      expect((await n.exec('nginx', 'shell', ['hostname'])).stdout).toBe(`${node}\n`);
      expect((await n.exec('nginx', 'shell', ['hostname', '-i'])).stdout).toBe(`${nodeIP}\n`);
      const hosts = await n.exec('nginx', 'nginx', ['cat', '/etc/hosts']);
      expect(hosts.stdout).toMatch(/^# Kubernetes-managed hosts file \(host network\)\.\n/);
      expect(hosts.stdout).toContain(`${nodeIP}\t${node}\n`);
    });

    it('serves nginx on the node’s IP, to the node itself and to other pods', async () => {
      const local = await n.exec('nginx', 'shell', ['wget', '-qO-', 'localhost']);
      expect(local.stdout).toContain('<title>Welcome to nginx!</title>');
      const fromPod = await n.exec('client', 'main', ['wget', '-qO-', `http://${nodeIP}/`]);
      expect(fromPod.stdout).toBe(local.stdout);
    });

    it('reaches one pod from another by pod IP (wget -qO- <podIP>)', async () => {
      const webIP = (await n.kubectl(['get', 'pod', 'web', '-o', 'jsonpath={.status.podIP}']))
        .stdout;
      const page = await n.exec('client', 'main', ['wget', '-qO-', webIP]);
      expect(page.code).toBe(0);
      expect(page.stdout).toContain('<title>Welcome to nginx!</title>');
      // And from the host network to the pod network.
      const fromHost = await n.exec('nginx', 'shell', ['wget', '-qO-', `http://${webIP}:80/`]);
      expect(fromHost.stdout).toBe(page.stdout);
    });

    it('shares the node’s IPC namespace with other hostIPC pods only', async () => {
      await n.apply(
        'ipc.yaml',
        `apiVersion: v1
kind: Pod
metadata:
  name: ipc-maker
spec:
  nodeName: ${node}
  hostIPC: true
  containers:
  - name: main
    image: debian
    command: ["sleep", "3600"]
`,
      );
      await n.runUntil('ipc-maker', '{.status.phase}', 'Running');
      const made = await n.exec('ipc-maker', 'main', ['ipcmk', '-M', '1M']);
      expect(made).toEqual({ code: 0, stdout: 'Shared memory id: 0\n', stderr: '' });
      const seen = await n.exec('nginx', 'shell', ['ipcs', '-m']);
      expect(seen.stdout).toMatch(/\n0x[0-9a-f]{8} 0 {10}root {7}644 {8}1048576 {4}0 /);
      const own = await n.exec('client', 'main', ['ipcs', '-m']);
      expect(own.stdout).not.toMatch(/\n0x/);
    });

    it('lets a pod without host namespaces see only itself', async () => {
      const ps = await n.exec('client', 'main', ['ps']);
      expect(ps.stdout).toMatch(
        /^PID {3}USER {5}TIME {2}COMMAND\n {4}1 root {6}0:00 sleep 3600\n *\d+ root {6}0:00 ps\n$/,
      );
      expect((await n.exec('client', 'main', ['hostname'])).stdout).toBe('client\n');
    });
  },
);
