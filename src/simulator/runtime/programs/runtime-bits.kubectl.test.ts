import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KUBECTL, NO_KUBECTL_REASON } from '../../../../test/support/kubectl.js';
import { podQueries } from '../../../../test/support/pod-queries.js';
import { startTestCluster, type TestCluster } from '../../../../test/support/simulator.js';
import { SimClock } from '../../clock.js';

/**
 * Small things a learner meets inside pods, through the real kubectl: the working directory of
 * exec sessions, probes and hooks; `cat`'s options; busybox's `nslookup` against the cluster
 * DNS; `ipcrm` in the pod's IPC namespace; and /proc, down to the share-process-namespace
 * example of the Kubernetes docs (another container's files through /proc/PID/root).
 */

const WORKDIR = `apiVersion: v1
kind: Pod
metadata:
  name: wd
spec:
  containers:
  - name: box
    image: busybox:1.36
    workingDir: /work
    command: ['sh', '-c', 'echo main > marker; sleep 3600']
    readinessProbe:
      exec:
        command: ['cat', 'marker']
      periodSeconds: 1
    lifecycle:
      postStart:
        exec:
          command: ['sh', '-c', 'pwd > /tmp/hook-cwd']
`;

const SHARED = `apiVersion: v1
kind: Pod
metadata:
  name: shared
spec:
  shareProcessNamespace: true
  containers:
  - name: nginx
    image: nginx
  - name: shell
    image: busybox:1.36
    command: ['sleep', '3600']
  - name: deb
    image: debian:bookworm
    command: ['sleep', '3600']
`;

describe.skipIf(!KUBECTL)(
  `real kubectl: runtime details inside pods${KUBECTL ? '' : ` (${NO_KUBECTL_REASON})`}`,
  () => {
    let cluster: TestCluster;
    let clock: SimClock;

    const { kubectl, jsonpath, until, advanceUntil, exec } = podQueries(
      () => cluster,
      () => clock,
    );

    beforeAll(async () => {
      clock = new SimClock({ speed: 0, start: new Date('2026-11-23T12:00:00Z') });
      cluster = await startTestCluster({ clock });
      for (const [name, image] of [
        ['box', 'busybox:1.36'],
        ['deb', 'debian:bookworm'],
      ]) {
        const r = await kubectl(['run', name as string, `--image=${image}`, '--', 'sleep', '3600']);
        expect(r.code, r.stderr).toBe(0);
      }
      for (const manifest of [WORKDIR, SHARED]) {
        const r = await kubectl(['apply', '-f', '-'], manifest);
        expect(r.code, r.stderr).toBe(0);
      }
      for (const name of ['box', 'deb', 'wd', 'shared']) {
        await until(name, '{.status.podIP}', (ip) => ip !== '');
      }
      for (const name of ['box', 'deb', 'wd', 'shared']) {
        await advanceUntil(name, '{.status.phase}', (phase) => phase === 'Running');
      }
    });
    afterAll(async () => {
      await cluster?.stop();
    });

    it('starts exec sessions, exec probes and postStart hooks in the container’s workingDir', async () => {
      expect(await exec('wd', ['sh', '-c', 'pwd'])).toEqual({
        code: 0,
        stdout: '/work\n',
        stderr: '',
      });
      expect((await exec('wd', ['cat', 'marker'])).stdout).toBe('main\n');
      expect((await exec('wd', ['cat', '/tmp/hook-cwd'])).stdout).toBe('/work\n');
      // The readiness probe reads `marker` by a relative path: it passes only from /work.
      await advanceUntil('wd', '{.status.containerStatuses[0].ready}', (ready) => ready === 'true');
      // Without a workingDir (and none in the image) it is `/`.
      expect((await exec('box', ['sh', '-c', 'pwd'])).stdout).toBe('/\n');
      // runc cannot enter a working directory that is gone.
      await exec('wd', ['rm', '-rf', '/work']);
      const gone = await exec('wd', ['sh', '-c', 'pwd']);
      expect(gone.code).not.toBe(0);
      expect(gone.stderr).toContain(
        'chdir to cwd ("/work") set in config.json failed: no such file or directory: unknown',
      );
    });

    it('cat: busybox -n/-b/-A and its usage, coreutils -s/-E/-T and --help', async () => {
      const bb = await exec('box', [
        'sh',
        '-c',
        "printf 'a\\tb\\n\\n\\nc' | cat -n; printf 'x\\t\\n' | cat -A",
      ]);
      expect(bb.stdout).toBe('     1\ta\tb\n     2\t\n     3\t\n     4\tc\nx^I$\n');
      const usage = await exec('box', ['cat', '--help']);
      expect(usage.code).toBe(0);
      expect(usage.stderr).toContain('Usage: cat [-nbvteA] [FILE]...\n\nPrint FILEs to stdout\n');
      const gnu = await exec('deb', ['sh', '-c', "printf 'a\\tb\\n\\n\\nc\\n' | cat -sET"]);
      expect(gnu.stdout).toBe('a^Ib$\n$\nc$\n');
      const help = await exec('deb', ['cat', '--help']);
      expect(help.stdout).toMatch(/^Usage: cat \[OPTION\]\.\.\. \[FILE\]\.\.\.\n/);
    });

    it('nslookup: Services and pod names from the cluster DNS, the search list only without dots', async () => {
      const serviceIP = (
        await kubectl(['get', 'service', 'kubernetes', '-o', 'jsonpath={.spec.clusterIP}'])
      ).stdout;
      const header = 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n';
      const full = await exec('box', ['nslookup', 'kubernetes.default.svc.cluster.local']);
      expect(full).toEqual({
        code: 0,
        stdout: `${header}Name:\tkubernetes.default.svc.cluster.local\nAddress: ${serviceIP}\n\n\n`,
        stderr: '',
      });
      const short = await exec('box', ['nslookup', 'kubernetes']);
      expect(short.code).toBe(1);
      expect(short.stdout).toContain(
        `Name:\tkubernetes.default.svc.cluster.local\nAddress: ${serviceIP}\n`,
      );
      expect(short.stdout).toContain(
        "** server can't find kubernetes.svc.cluster.local: NXDOMAIN\n",
      );
      // busybox applies no search domain to a dotted name: CoreDNS has no `kubernetes.default.`
      const dotted = await exec('box', ['nslookup', 'kubernetes.default']);
      expect(dotted.code).toBe(1);
      expect(dotted.stdout).toBe(
        `${header}** server can't find kubernetes.default: NXDOMAIN\n\n** server can't find kubernetes.default: NXDOMAIN\n\n`,
      );
      const ip = await jsonpath('deb', '{.status.podIP}');
      const podName = `${ip.replaceAll('.', '-')}.default.pod.cluster.local`;
      expect((await exec('box', ['nslookup', podName])).stdout).toContain(
        `Name:\t${podName}\nAddress: ${ip}\n`,
      );
      // Debian has no nslookup (dnsutils is not installed).
      const missing = await exec('deb', ['sh', '-c', 'nslookup kubernetes']);
      expect(missing.code).toBe(127);
      expect(missing.stderr).toContain('sh: 1: nslookup: not found\n');
    });

    it('ipcrm in one container removes what ipcmk made in another: one IPC namespace per pod', async () => {
      const made = await exec('shared', ['ipcmk', '-M', '1K'], 'deb');
      expect(made).toEqual({ code: 0, stdout: 'Shared memory id: 0\n', stderr: '' });
      // busybox's applet, run through the multi-call binary.
      const removed = await exec('shared', ['busybox', 'ipcrm', '-m', '0'], 'shell');
      expect(removed).toEqual({ code: 0, stdout: '', stderr: '' });
      expect((await exec('shared', ['ipcs', '-m'], 'deb')).stdout).toBe(
        '\n------ Shared Memory Segments --------\nkey        shmid      owner      perms      bytes      nattch     status      \n\n',
      );
      const again = await exec('shared', ['busybox', 'ipcrm', '-m', '0'], 'shell');
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('ipcrm: invalid id (0)\n');
    });

    it('util-linux ipcrm by key, and its message for a bad id', async () => {
      await exec('shared', ['ipcmk', '-Q'], 'deb');
      const key = (
        await exec('shared', ['sh', '-c', 'ipcs -q | grep root | cut -d" " -f1'], 'deb')
      ).stdout.trim();
      expect(await exec('shared', ['ipcrm', '-Q', key], 'deb')).toMatchObject({ code: 0 });
      const bad = await exec('shared', ['ipcrm', '-q', '12345'], 'deb');
      expect(bad.stderr).toBe('ipcrm: invalid id (12345)\ncommand terminated with exit code 1\n');
    });

    it('busybox ipcrm by its own name', async () => {
      const r = await exec('shared', ['ipcrm', '-m', '999'], 'shell');
      expect(r.stderr).toContain('ipcrm: invalid id (999)\n');
    });

    it('/proc lists the PID namespace ps shows, with cmdline, status and self', async () => {
      const listing = await exec('box', ['ls', '/proc']);
      expect(listing.stdout).toMatch(/^1\n\d+\nacpi\ncpuinfo\n/);
      const cmdline = await exec('box', ['sh', '-c', 'cat /proc/1/cmdline | tr "\\0" " "']);
      expect(cmdline.stdout).toBe('sleep 3600 ');
      const status = await exec('box', ['cat', '/proc/1/status']);
      expect(status.stdout).toMatch(/^Name:\tsleep\nUmask:\t0022\nState:\tS \(sleeping\)\n/);
      expect(status.stdout).toContain('\nPid:\t1\nPPid:\t0\n');
      // ash execs the last command of `-c` in place: grep reads its own status as the shell's pid.
      const self = await exec('box', ['sh', '-c', 'echo $$; grep ^Pid: /proc/self/status']);
      const [shellPid, pid] = self.stdout.split('\n');
      expect(pid).toBe(`Pid:\t${shellPid}`);
      const mounts = await exec('box', ['cat', '/proc/mounts']);
      const table = await exec('box', ['mount']);
      expect(mounts.stdout.split('\n').length).toBe(table.stdout.split('\n').length);
      expect(mounts.stdout).toContain('/dev/vda1 /etc/hosts ext4 rw,relatime 0 0\n');
      const uptime = await exec('deb', ['cat', '/proc/uptime']);
      expect(uptime.stdout).toMatch(/^\d+\.\d\d \d+\.\d\d\n$/);
    });

    it('reaches nginx’s files from the shell container through /proc/PID/root (shareProcessNamespace)', async () => {
      const ps = await exec('shared', ['ps', 'ax'], 'shell');
      const master = /^ *(\d+) root +\S+ nginx: master process/m.exec(ps.stdout)?.[1];
      expect(master).toBeDefined();
      const viaProc = await exec(
        'shared',
        ['cat', `/proc/${master}/root/etc/nginx/nginx.conf`],
        'shell',
      );
      const own = await exec('shared', ['cat', '/etc/nginx/nginx.conf'], 'nginx');
      expect(viaProc.code).toBe(0);
      expect(viaProc.stdout).toBe(own.stdout);
      expect(viaProc.stdout).toContain('worker_processes  auto;');
      const cmdline = await exec(
        'shared',
        ['sh', '-c', `tr "\\0" "|" < /proc/${master}/cmdline`],
        'shell',
      );
      expect(cmdline.stdout).toBe('nginx: master process nginx -g daemon off;|');
    });
  },
);
