import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../../../../test/support/kubectl.js';
import { startTestCluster, type TestCluster } from '../../../../test/support/simulator.js';
import { SimClock } from '../../clock.js';

/**
 * What a learner sees from inside running pods with the real kubectl: `kubectl exec` into a
 * busybox and a Debian container, the process, disk and network tools reading the pod the
 * kubelet really built (its IP, its mounts, its PID namespace).
 */
describe.skipIf(!KUBECTL)(
  `real kubectl: tools inside a pod${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let cluster: TestCluster;
    let clock: SimClock;

    const kubectl = (args: string[]) => cluster.kubectl(args);
    const jsonpath = async (pod: string, path: string) =>
      (await kubectl(['get', 'pod', pod, '-o', `jsonpath=${path}`])).stdout;
    /** Polls (in real time) until the pod's field has a value that `done` accepts. */
    const until = async (pod: string, path: string, done: (value: string) => boolean) => {
      for (;;) {
        const value = await jsonpath(pod, path);
        if (done(value)) return value;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const exec = (pod: string, command: string[]) => kubectl(['exec', pod, '--', ...command]);

    beforeAll(async () => {
      clock = new SimClock({ speed: 0, start: new Date('2026-11-23T12:00:00Z') });
      cluster = await startTestCluster({ clock });
      for (const [name, image] of [
        ['box', 'busybox:1.36'],
        ['deb', 'debian:bookworm'],
      ]) {
        const r = await kubectl(['run', name as string, `--image=${image}`, '--', 'sleep', '3600']);
        expect(r.code, r.stderr).toBe(0);
        await until(name as string, '{.status.podIP}', (ip) => ip !== '');
      }
      await clock.advance(3000);
      for (const name of ['box', 'deb']) {
        await until(name, '{.status.phase}', (phase) => phase === 'Running');
      }
    });
    afterAll(async () => {
      await cluster?.stop();
    });

    it('busybox: the pod IP on eth0, the routes through the node, hostname -i', async () => {
      const ip = await jsonpath('box', '{.status.podIP}');
      const net = ip.split('.').slice(0, 3).join('.');
      const addresses = await exec('box', ['ip', 'a']);
      expect(addresses.code, addresses.stderr).toBe(0);
      expect(addresses.stdout).toContain(`    inet ${ip}/24 brd ${net}.255 scope global eth0\n`);
      expect(addresses.stdout).toMatch(/^2: eth0@if\d+: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN>/m);
      expect((await exec('box', ['ip', 'route'])).stdout).toBe(
        `default via ${net}.1 dev eth0 \n${net}.0/24 via ${net}.1 dev eth0  src ${ip} \n${net}.1 dev eth0 scope link  src ${ip} \n`,
      );
      expect((await exec('box', ['hostname', '-i'])).stdout).toBe(`${ip}\n`);
    });

    it('busybox: top, pstree and ps see the container PID namespace', async () => {
      const frame = await exec('box', ['top', '-b', '-n', '1']);
      expect(frame.code, frame.stderr).toBe(0);
      const lines = frame.stdout.split('\n');
      expect(lines[0]).toMatch(/^Mem: \d+K used, \d+K free, \d+K shrd, \d+K buff, \d+K cached$/);
      expect(lines[3]).toBe('  PID  PPID USER     STAT   VSZ %VSZ CPU %CPU COMMAND');
      expect(lines).toContain('    1     0 root     S     3164  0.0   1  0.0 sleep 3600');
      // The exec session's parent is outside the namespace: PID 1 is alone in the tree.
      expect((await exec('box', ['pstree', '-p'])).stdout).toBe('sleep(1)\n');
    });

    it('busybox: df and mount show the overlay root and the kubelet files', async () => {
      const df = await exec('box', ['df']);
      expect(df.code, df.stderr).toBe(0);
      expect(df.stdout).toMatch(/^overlay +\d+ +\d+ +\d+ +\d+% \/$/m);
      expect(df.stdout).toMatch(/^\/dev\/vda1 +\d+ +\d+ +\d+ +\d+% \/etc\/hosts$/m);
      const mounts = (await exec('box', ['mount'])).stdout;
      expect(mounts).toContain('/dev/vda1 on /etc/resolv.conf type ext4 (rw,relatime)\n');
      expect(mounts).toContain(
        'tmpfs on /var/run/secrets/kubernetes.io/serviceaccount type tmpfs (ro,relatime,',
      );
      const refused = await exec('box', ['mount', '-t', 'tmpfs', 'tmpfs', '/mnt']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        'mount: mounting tmpfs on /mnt failed: No such file or directory\n',
      );
    });

    it('debian: coreutils df, util-linux ipcs, and no ip, ps or top', async () => {
      const df = await exec('deb', ['df', '-h', '/']);
      expect(df.stdout).toMatch(/^Filesystem +Size +Used Avail Use% Mounted on\noverlay +\d+G/);
      const ipcs = await exec('deb', ['ipcs', '-q']);
      expect(ipcs.stdout).toBe(
        '\n------ Message Queues --------\nkey        msqid      owner      perms      used-bytes   messages    \n\n',
      );
      const missing = await exec('deb', [
        'sh',
        '-c',
        'for c in df ip ps top pstree; do command -v $c || echo no $c; done',
      ]);
      expect(missing.stdout).toBe('/usr/bin/df\nno ip\nno ps\nno top\nno pstree\n');
    });
  },
);
