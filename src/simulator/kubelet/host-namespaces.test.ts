/**
 * What a pod sees of its node (pod-facts §6): with hostPID the node's process tree — systemd,
 * containerd, the kubelet, a shim per pod with its pause and containers — with hostNetwork the
 * node's addresses, hostname and ports, with hostIPC the node's System V objects; without them
 * its own. Also memory limits, enforced with the OOM killer, and the early deletion of a pod
 * whose image is still being pulled.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findResource, type ResourceInfo } from '../apiserver/resources.js';
import { execInPod, type KubeletCluster, kubeletCluster } from './kubelet.test-support.js';

const PODS = findResource('', 'v1', 'pods') as ResourceInfo;

let c: KubeletCluster;

beforeEach(async () => {
  c = await kubeletCluster();
});

afterEach(() => {
  c.stop();
  expect(c.errors).toEqual([]);
});

const node = () => c.pod('web').spec.nodeName as string;
const sleeper = (image = 'busybox:1.36') => ({ name: 'shell', image, command: ['sleep', '3600'] });

/** nginx on some node, then a pod with `spec` beside it on the same node. */
async function besideWeb(name: string, spec: Record<string, unknown>) {
  await c.run({ containers: [{ name: 'web', image: 'nginx:1.27' }] }, 'web');
  await c.run({ nodeName: node(), ...spec }, name);
  await c.advance(3000);
}

describe('hostPID', () => {
  it('shows the node’s processes: systemd, its daemons, a shim per pod with pause and containers', async () => {
    await besideWeb('host', { hostPID: true, containers: [sleeper()] });
    const ps = await execInPod(c, 'host', 'shell', ['ps']);
    const commands = ps.stdout.split('\n').map((line) => line.slice(21));
    expect(ps.stdout.split('\n')[1]).toBe('    1 root      0:00 /sbin/init');
    expect(commands).toEqual(
      expect.arrayContaining([
        '/lib/systemd/systemd-journald',
        '/usr/local/bin/containerd',
        'nginx: master process nginx -g daemon off;',
        'nginx: worker process',
        'sleep 3600',
        'ps',
      ]),
    );
    expect(commands.filter((line) => line === '/pause')).toHaveLength(2);
    const shims = commands.filter((line) =>
      line.startsWith('/usr/local/bin/containerd-shim-runc-v2'),
    );
    expect(shims).toHaveLength(2);
    expect(shims[0]).toMatch(
      /^\/usr\/local\/bin\/containerd-shim-runc-v2 -namespace k8s\.io -id [0-9a-f]{64} -address \/run\/containerd\/containerd\.sock$/,
    );
    expect(commands.find((line) => line.startsWith('/usr/bin/kubelet'))).toContain(
      `--node-ip=${c.pod('host').status.hostIP} `,
    );
    const tree = await execInPod(c, 'host', 'shell', ['pstree']);
    expect(tree.stdout).toMatch(/^systemd-\+-containerd---11\*\[\{containerd\}\]\n/);
    expect(tree.stdout).toContain('|-containerd-shim-+-nginx---2*[nginx]\n');
    expect(tree.stdout).toContain('|-kubelet---13*[{kubelet}]\n');
    expect(tree.stdout).toMatch(/`-systemd-journal\n$/);
  });

  it('keeps other pods in their own namespaces, which the node still sees', async () => {
    await besideWeb('apart', { containers: [sleeper()] });
    const own = await execInPod(c, 'apart', 'shell', ['ps']);
    expect(own.stdout).toMatch(/^PID {3}USER {5}TIME {2}COMMAND\n {4}1 root {6}0:00 sleep 3600\n/);
    await c.run({ nodeName: node(), hostPID: true, containers: [sleeper()] }, 'host');
    await c.advance(2000);
    const all = await execInPod(c, 'host', 'shell', ['ps']);
    expect(all.stdout.match(/ sleep 3600\n/g)).toHaveLength(2);
  });

  it('lets root in a hostPID pod kill the node’s kubelet process, which systemd restarts', async () => {
    await besideWeb('host', { hostPID: true, containers: [sleeper()] });
    const pidOf = async () => {
      const ps = await execInPod(c, 'host', 'shell', ['ps']);
      return /^ *(\d+) root {6}0:00 \/usr\/bin\/kubelet /m.exec(ps.stdout)?.[1];
    };
    const before = await pidOf();
    expect(before).toBeDefined();
    // systemd, PID 1, ignores what it has no handler for.
    expect((await execInPod(c, 'host', 'shell', ['kill', '1'])).code).toBe(0);
    expect((await execInPod(c, 'host', 'shell', ['kill', before ?? ''])).code).toBe(0);
    expect(await pidOf()).toBeUndefined();
    await c.advance(1000);
    const after = await pidOf();
    expect(Number(after)).toBeGreaterThan(Number(before));
    expect((await execInPod(c, 'host', 'shell', ['ps'])).stdout).toMatch(
      /^ {4}1 root {6}0:00 \/sbin\/init$/m,
    );
  });

  it('lets a SIGTERM end a hostPID container at once: its process is not an init', async () => {
    await besideWeb('host', { hostPID: true, containers: [sleeper()] });
    await c.registry.delete(PODS, 'default', 'host', {});
    await c.advance(1000);
    expect(c.pod('host')).toBeUndefined();
  });
});

describe('hostNetwork', () => {
  it('gives the pod the node’s IP, hostname, interfaces and /etc/hosts', async () => {
    await besideWeb('host', { hostNetwork: true, containers: [sleeper()] });
    const status = c.pod('host').status;
    expect(status.podIP).toBe(status.hostIP);
    expect(status.podIPs).toEqual([{ ip: status.hostIP }]);
    expect((await execInPod(c, 'host', 'shell', ['hostname'])).stdout).toBe(`${node()}\n`);
    const addresses = await execInPod(c, 'host', 'shell', ['ip', '-4', 'addr']);
    expect(addresses.stdout).toContain(
      `inet ${status.hostIP}/16 brd 172.18.255.255 scope global eth0`,
    );
    // The nginx pod's veth on this node, with the pod network's gateway.
    expect(addresses.stdout).toMatch(
      /: veth[0-9a-f]{8}@if2: .*\n.*\n {4}inet 10\.244\.\d+\.1\/32 /,
    );
    const hosts = await execInPod(c, 'host', 'shell', ['cat', '/etc/hosts']);
    expect(hosts.stdout).toMatch(
      /^# Kubernetes-managed hosts file \(host network\)\.\n127\.0\.0\.1\tlocalhost\n/,
    );
    expect(hosts.stdout).toContain(`\n${status.hostIP}\t${node()}\n`);
    expect((await execInPod(c, 'host', 'shell', ['sh', '-c', 'echo $HOSTNAME'])).stdout).toBe(
      `${node()}\n`,
    );
  });

  it('serves a hostNetwork nginx on the node’s IP, and reaches pods by their IPs', async () => {
    await c.run({ containers: [{ name: 'web', image: 'nginx:1.27' }] }, 'web');
    await c.run(
      { nodeName: node(), hostNetwork: true, containers: [{ name: 'web', image: 'nginx:1.27' }] },
      'hostweb',
    );
    await c.run({ containers: [sleeper()] }, 'client');
    await c.advance(3000);
    const hostIP = c.pod('hostweb').status.hostIP;
    const page = await execInPod(c, 'client', 'shell', ['wget', '-qO-', `http://${hostIP}/`]);
    expect(page.stdout).toContain('<title>Welcome to nginx!</title>');
    const pod = await execInPod(c, 'hostweb', 'web', [
      'curl',
      '-s',
      `http://${c.pod('web').status.podIP}/`,
    ]);
    expect(pod.stdout).toContain('<title>Welcome to nginx!</title>');
    // Deleting the hostNetwork pod frees the node's port 80.
    await c.registry.delete(PODS, 'default', 'hostweb', {});
    await c.advance(35_000);
    const gone = await execInPod(c, 'client', 'shell', ['wget', '-qO-', `http://${hostIP}/`]);
    expect(gone.code).toBe(1);
  });
});

describe('hostIPC', () => {
  it('shares the node’s IPC objects between hostIPC pods, and no one else', async () => {
    await besideWeb('maker', { hostIPC: true, containers: [sleeper('debian')] });
    await c.run({ nodeName: node(), hostIPC: true, containers: [sleeper()] }, 'viewer');
    await c.run({ nodeName: node(), containers: [sleeper()] }, 'private');
    await c.advance(2000);
    expect(await execInPod(c, 'maker', 'shell', ['ipcmk', '-M', '4096'])).toEqual({
      code: 0,
      stdout: 'Shared memory id: 0\n',
      stderr: '',
    });
    const seen = await execInPod(c, 'viewer', 'shell', ['ipcs', '-m']);
    expect(seen.stdout).toMatch(/\n0x[0-9a-f]{8} 0 {10}root {7}644 {8}4096 /);
    const unseen = await execInPod(c, 'private', 'shell', ['ipcs', '-m']);
    expect(unseen.stdout).not.toMatch(/\n0x/);
    // And /dev/shm is the node's: a file one writes, the other reads.
    await execInPod(c, 'maker', 'shell', ['sh', '-c', 'echo hi > /dev/shm/note']);
    expect((await execInPod(c, 'viewer', 'shell', ['cat', '/dev/shm/note'])).stdout).toBe('hi\n');
    expect((await execInPod(c, 'private', 'shell', ['ls', '/dev/shm'])).stdout).toBe('');
  });
});

describe('memory limits', () => {
  it('OOM-kills a container whose tmpfs writes pass its limit, and restarts it', async () => {
    await c.run({
      containers: [
        {
          name: 'app',
          image: 'busybox:1.36',
          resources: { limits: { memory: '32Mi' } },
          command: ['sh', '-c', 'dd if=/dev/zero of=/dev/shm/fill bs=1M count=40; sleep 3600'],
        },
      ],
    });
    await c.advance(1000);
    const status = c.pod('p').status.containerStatuses[0];
    expect(status.lastState.terminated).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    expect(status.restartCount).toBeGreaterThanOrEqual(1);
  });

  it('lets a container stay under its limit, and counts a Memory emptyDir as tmpfs', async () => {
    await c.run({
      volumes: [{ name: 'cache', emptyDir: { medium: 'Memory' } }],
      containers: [
        {
          name: 'app',
          image: 'busybox:1.36',
          resources: { limits: { memory: '64Mi' } },
          command: ['sh', '-c', 'dd if=/dev/zero of=/cache/fill bs=1M count=20; sleep 3600'],
          volumeMounts: [{ name: 'cache', mountPath: '/cache' }],
        },
      ],
    });
    await c.advance(1000);
    expect(c.pod('p').status.containerStatuses[0].state.running).toBeDefined();
    const df = await execInPod(c, 'p', 'app', ['df', '/cache']);
    expect(df.stdout).toMatch(/\ntmpfs +\d+ +20480 +\d+ +\d+% \/cache\n$/);
    expect((await execInPod(c, 'p', 'app', ['mount'])).stdout).toMatch(
      /\ntmpfs on \/cache type tmpfs /,
    );
    await execInPod(c, 'p', 'app', ['dd', 'if=/dev/zero', 'of=/cache/more', 'bs=1M', 'count=50']);
    await c.advance(1000);
    expect(c.pod('p').status.containerStatuses[0].lastState.terminated?.reason).toBe('OOMKilled');
  });
});

describe('deletion while the image is pulled', () => {
  it('removes the pod once the pull is over, long before its grace period', async () => {
    await c.run({ containers: [{ name: 'web', image: 'nginx:1.27' }] }, 'early');
    expect(c.pod('early').status.containerStatuses[0].state.waiting.reason).toBe(
      'ContainerCreating',
    );
    await c.registry.delete(PODS, 'default', 'early', {});
    await c.advance(2000);
    expect(c.pod('early')).toBeUndefined();
  });
});
