import { describe, expect, it } from 'vitest';
import { pullImage } from '../images/image-registry.js';
import type { NetworkInterface, NetworkRoute } from '../process/system-views.js';
import { hostname } from './hostname.js';
import { ip } from './ip.js';
import { ipcs } from './ipcs.js';
import { LoopbackNetwork, run, World } from './programs.test-support.js';
import { bindTool } from './tool.js';

/**
 * `ip`, `hostname` and `ipcs` against busybox 1.36 (networking/libiproute, hostname.c,
 * util-linux/ipcs.c) and Debian's hostname 3.23 and util-linux 2.38.
 */

const busybox = () => new World({ image: pullImage('busybox:1.36').layer });
const debian = () => new World({ image: pullImage('debian:bookworm').layer });

describe('ip', () => {
  it('ip a shows lo and the veth end with the pod IP /24, as in a kind pod', async () => {
    const result = await run(busybox(), bindTool(ip, 'busybox'), ['ip', 'a']);
    expect(result).toEqual({
      status: 0,
      stderr: '',
      stdout: [
        '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000',
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00',
        '    inet 127.0.0.1/8 scope host lo',
        '       valid_lft forever preferred_lft forever',
        '    inet6 ::1/128 scope host ',
        '       valid_lft forever preferred_lft forever',
        '2: eth0@if9: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue qlen 1000',
        '    link/ether d2:18:fd:d1:1c:54 brd ff:ff:ff:ff:ff:ff',
        '    inet 10.244.1.5/24 brd 10.244.1.255 scope global eth0',
        '       valid_lft forever preferred_lft forever',
        '    inet6 fe80::d018:fdff:fed1:1c54/64 scope link ',
        '       valid_lft forever preferred_lft forever',
        '',
      ].join('\n'),
    });
  });

  it('filters by family, device and one-line form', async () => {
    const w = busybox();
    expect(
      (await run(w, bindTool(ip, 'busybox'), ['ip', '-4', 'addr', 'show', 'eth0'])).stdout,
    ).toBe(
      '2: eth0@if9: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue qlen 1000\n' +
        '    link/ether d2:18:fd:d1:1c:54 brd ff:ff:ff:ff:ff:ff\n' +
        '    inet 10.244.1.5/24 brd 10.244.1.255 scope global eth0\n' +
        '       valid_lft forever preferred_lft forever\n',
    );
    expect((await run(w, bindTool(ip, 'busybox'), ['ip', '-o', '-4', 'a'])).stdout).toBe(
      '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n' +
        '2: eth0    inet 10.244.1.5/24 brd 10.244.1.255 scope global eth0\\       valid_lft forever preferred_lft forever\n',
    );
    expect((await run(w, bindTool(ip, 'busybox'), ['ip', 'link'])).stdout).toBe(
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n' +
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n' +
        '2: eth0@if9: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue qlen 1000\n' +
        '    link/ether d2:18:fd:d1:1c:54 brd ff:ff:ff:ff:ff:ff\n',
    );
    expect(await run(w, bindTool(ip, 'busybox'), ['ip', 'a', 'show', 'eth1'])).toEqual({
      status: 1,
      stdout: '',
      stderr: "ip: can't find device 'eth1'\n",
    });
  });

  it('ip route shows the ptp routes through the node, with busybox double spaces', async () => {
    const w = busybox();
    expect((await run(w, bindTool(ip, 'busybox'), ['ip', 'r'])).stdout).toBe(
      'default via 10.244.1.1 dev eth0 \n' +
        '10.244.1.0/24 via 10.244.1.1 dev eth0  src 10.244.1.5 \n' +
        '10.244.1.1 dev eth0 scope link  src 10.244.1.5 \n',
    );
    expect(
      (await run(w, bindTool(ip, 'busybox'), ['ip', 'route', 'get', '10.96.0.1'])).stdout,
    ).toBe('10.96.0.1 via 10.244.1.1 dev eth0  src 10.244.1.5 \n');
  });

  it('changing the network needs CAP_NET_ADMIN', async () => {
    const w = busybox();
    for (const argv of [
      ['ip', 'addr', 'add', '10.0.0.9/24', 'dev', 'eth0'],
      ['ip', 'link', 'set', 'eth0', 'down'],
      ['ip', 'route', 'add', 'default', 'via', '10.0.0.1'],
    ]) {
      expect(await run(w, bindTool(ip, 'busybox'), argv)).toEqual({
        status: 2,
        stdout: '',
        stderr: 'ip: RTNETLINK answers: Operation not permitted\n',
      });
    }
  });

  it('prints whatever network view it is given (a hostNetwork pod sees the node)', async () => {
    class NodeNetwork extends LoopbackNetwork {
      interfaces(): NetworkInterface[] {
        return [
          {
            index: 12,
            name: 'eth0',
            peerIndex: 13,
            linkType: 'ether',
            flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
            mtu: 1500,
            qdisc: 'noqueue',
            queueLength: 0,
            mac: '02:42:ac:12:00:03',
            linkBroadcast: 'ff:ff:ff:ff:ff:ff',
            addresses: [
              {
                family: 'inet',
                address: '172.18.0.3',
                prefixLength: 16,
                broadcast: '172.18.255.255',
                scope: 'global',
              },
            ],
          },
        ];
      }
      routes(): NetworkRoute[] {
        return [
          { destination: '172.18.0.0/16', device: 'eth0', scope: 'link', source: '172.18.0.3' },
        ];
      }
    }
    const w = new World({
      image: pullImage('busybox:1.36').layer,
      network: new NodeNetwork('172.18.0.3', 'pod-course-worker'),
    });
    expect((await run(w, bindTool(ip, 'busybox'), ['ip', 'a'])).stdout).toBe(
      '12: eth0@if13: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \n' +
        '    link/ether 02:42:ac:12:00:03 brd ff:ff:ff:ff:ff:ff\n' +
        '    inet 172.18.0.3/16 brd 172.18.255.255 scope global eth0\n' +
        '       valid_lft forever preferred_lft forever\n',
    );
    expect((await run(w, bindTool(ip, 'busybox'), ['ip', 'route'])).stdout).toBe(
      '172.18.0.0/16 dev eth0 scope link  src 172.18.0.3 \n',
    );
  });
});

describe('hostname', () => {
  it('-i, -f and -d resolve through /etc/hosts', async () => {
    const w = busybox();
    w.fs.writeFile(
      '/etc/hosts',
      '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n10.244.1.5\tweb.db.default.svc.cluster.local\tweb\n',
    );
    const bb = bindTool(hostname, 'busybox');
    expect((await run(w, bb, ['hostname'])).stdout).toBe('web\n');
    expect((await run(w, bb, ['hostname', '-i'])).stdout).toBe('10.244.1.5\n');
    expect((await run(w, bb, ['hostname', '-f'])).stdout).toBe(
      'web.db.default.svc.cluster.local\n',
    );
    expect((await run(w, bb, ['hostname', '-d'])).stdout).toBe('db.default.svc.cluster.local\n');
    expect((await run(w, bb, ['hostname', '-s'])).stdout).toBe('web\n');
  });

  it('-I lists the interfaces addresses in Debian, with its trailing space', async () => {
    expect((await run(debian(), bindTool(hostname, 'gnu'), ['hostname', '-I'])).stdout).toBe(
      '10.244.1.5 \n',
    );
    expect((await run(busybox(), bindTool(hostname, 'busybox'), ['hostname', '-I'])).stderr).toBe(
      "hostname: invalid option -- 'I'\nBusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: hostname [-sidf] [HOSTNAME | -F FILE]\n",
    );
  });

  it('setting the name is not allowed in a pod', async () => {
    expect(await run(busybox(), bindTool(hostname, 'busybox'), ['hostname', 'other'])).toEqual({
      status: 1,
      stdout: '',
      stderr: 'hostname: sethostname: Operation not permitted\n',
    });
    expect((await run(debian(), bindTool(hostname, 'gnu'), ['hostname', 'other'])).stderr).toBe(
      'hostname: you must be root to change the host name\n',
    );
  });
});

describe('ipcs', () => {
  const tables = {
    shm: 'key        shmid      owner      perms      bytes      nattch     status      \n',
    sem: 'key        semid      owner      perms      nsems     \n',
    msg: 'key        msqid      owner      perms      used-bytes   messages    \n',
  };

  it('a pod IPC namespace is empty: busybox lists memory, semaphores, queues', async () => {
    expect((await run(busybox(), bindTool(ipcs, 'busybox'), ['ipcs'])).stdout).toBe(
      `\n------ Shared Memory Segments --------\n${tables.shm}\n` +
        `------ Semaphore Arrays --------\n${tables.sem}\n` +
        `------ Message Queues --------\n${tables.msg}\n`,
    );
  });

  it('util-linux starts with the queues', async () => {
    expect((await run(debian(), bindTool(ipcs, 'gnu'), ['ipcs'])).stdout).toBe(
      `\n------ Message Queues --------\n${tables.msg}\n` +
        `------ Shared Memory Segments --------\n${tables.shm}\n` +
        `------ Semaphore Arrays --------\n${tables.sem}\n`,
    );
    expect((await run(debian(), bindTool(ipcs, 'gnu'), ['ipcs', '-m'])).stdout).toBe(
      `\n------ Shared Memory Segments --------\n${tables.shm}\n`,
    );
  });

  it('shows the objects of the namespace it is given (hostIPC)', async () => {
    const w = new World({
      image: pullImage('busybox:1.36').layer,
      ipc: () => ({
        sharedMemory: [
          { key: 0x162e, id: 0, owner: 'root', perms: 0o600, bytes: 1024, attached: 1 },
        ],
        semaphores: [],
        messageQueues: [],
      }),
    });
    expect((await run(w, bindTool(ipcs, 'busybox'), ['ipcs', '-m'])).stdout).toBe(
      `\n------ Shared Memory Segments --------\n${tables.shm}` +
        // key, then "%-10d %-10.10s %-10o %-10lu %-10ld %-6s %-6s" with blank status words.
        `0x0000162e ${['0', 'root', '600', '1024', '1'].map((f) => f.padEnd(10)).join(' ')} ${' '.repeat(6)} ${' '.repeat(6)}\n\n`,
    );
  });
});
