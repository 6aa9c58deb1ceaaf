import { describe, expect, it } from 'vitest';
import { SimClock } from '../../clock.js';
import { ContainerFileSystem } from '../fs/container-file-system.js';
import { newContainerLayer } from '../fs/image-layer.js';
import { pullImage } from '../images/image-registry.js';
import type { PidNamespace } from '../process/pid-namespace.js';
import { ProcessHost } from '../process/process-host.js';
import { BufferOutput, emptyInput } from '../process/streams.js';
import { shellProgram } from '../shell/sh-program.js';
import { imageCatalogue } from './catalogue.js';
import { MACHINE } from './machine.js';
import { containerMounts } from './mount-table.js';
import { procRoot } from './proc-fs.js';

const SHELLS = { ash: shellProgram('ash'), dash: shellProgram('dash') };

/**
 * A pod in miniature on the real process host: a node namespace whose init booted an hour ago,
 * the pod's shared PID namespace below it, and two containers (busybox `shell`, debian `web`),
 * each with its image filesystem and a procfs of that namespace at /proc.
 */
function pod() {
  const clock = new SimClock({ speed: 0, start: new Date('2024-05-14T10:00:00Z') });
  const host = new ProcessHost({ clock });
  const node = host.createNamespace();
  const env = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' };
  const container = (image: string, namespace: PidNamespace) => {
    const pulled = pullImage(image);
    const fs = ContainerFileSystem.create({
      image: pulled.layer,
      upper: newContainerLayer(pulled.layer, { clock }),
      pseudo: [{ path: '/proc', root: procRoot({ namespace, clock }), clock }],
    });
    const cgroup = host.createCgroup(image, imageCatalogue(pulled, SHELLS));
    const start = (argv: string[], extraEnv: Record<string, string> = {}) => {
      const stdout = new BufferOutput();
      const stderr = new BufferOutput();
      const started = host.start({
        argv,
        env: { ...env, ...extraEnv },
        cwd: '/',
        stdin: emptyInput,
        stdout,
        stderr,
        fs,
        namespace,
        cgroup,
        // The runtime gives every container process its mount table.
        mounts: () => containerMounts(fs),
      });
      return { started, stdout, stderr };
    };
    return { fs, start };
  };
  // The node's init, then an hour of uptime before the pod starts.
  const nodeFs = container('busybox:1.36', node);
  nodeFs.start(['sleep', 'infinity']);
  return { clock, host, node, container, env };
}

async function settle(turns = 20) {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

async function sharedPod() {
  const world = pod();
  await world.clock.advance(3_600_000);
  const namespace = world.host.createNamespace(world.node);
  const shell = world.container('busybox:1.36', namespace);
  const web = world.container('debian:bookworm', namespace);
  const webMain = web.start(['sh', '-c', 'sleep 3600'], { GREETING: 'hello world' });
  const shellMain = shell.start(['sleep', '3600']);
  await settle();
  const run = async (script: string) => {
    const { started, stdout, stderr } = shell.start(['sh', '-c', script]);
    const status = await started.exit;
    return { status, stdout: stdout.text(), stderr: stderr.text() };
  };
  return { ...world, namespace, shell, web, webMain, shellMain, run };
}

describe('/proc in a container', () => {
  it('lists the PID namespace as ps does, and names the reader in /proc/self', async () => {
    const { run, namespace } = await sharedPod();
    const running = namespace.list().map((entry) => String(entry.pid));
    const listing = await run('ls /proc');
    const pids = listing.stdout.split('\n').filter((name) => /^\d+$/.test(name));
    // The pods' processes, and the one running `ls` after them.
    expect(pids.slice(0, running.length)).toEqual(running);
    expect(Number(pids.at(-1))).toBeGreaterThan(Number(running.at(-1)));
    expect(listing.stdout).toContain('cpuinfo\n');
    expect(listing.stdout).toContain('self\n');
    const ps = await run('ps');
    expect(ps.stdout).toMatch(new RegExp(`^ +${running[0]} root .* sh -c sleep 3600$`, 'm'));
    const self = await run('cat /proc/self/cmdline | tr "\\0" "|"; echo; cat /proc/self/comm');
    expect(self.stdout).toBe('cat|/proc/self/cmdline|\ncat\n');
  });

  it('shows each process its argv with NULs, environment, status and comm', async () => {
    const { run, webMain, shellMain } = await sharedPod();
    const pid = webMain.started.pid;
    const cmdline = await run(`cat /proc/${pid}/cmdline | tr "\\0" "|"`);
    expect(cmdline.stdout).toBe('sh|-c|sleep 3600|');
    const environ = await run(`cat /proc/${pid}/environ | tr "\\0" "\\n"`);
    expect(environ.stdout).toContain('GREETING=hello world\n');
    const sleeper = shellMain.started.pid;
    const status = await run(`cat /proc/${sleeper}/status`);
    expect(status.stdout).toBe(
      `Name:\tsleep\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t${sleeper}\nNgid:\t0\nPid:\t${sleeper}\nPPid:\t0\nTracerPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nNStgid:\t${sleeper}\nNSpid:\t${sleeper}\nNSpgid:\t${sleeper}\nThreads:\t1\n`,
    );
  });

  it("reaches another container's files through /proc/PID/root (a shared PID namespace)", async () => {
    const { run, webMain, web, shell } = await sharedPod();
    const pid = webMain.started.pid;
    const version = await run(`cat /proc/${pid}/root/etc/debian_version`);
    expect(version).toEqual({ status: 0, stdout: '12.7\n', stderr: '' });
    const link = await run(`ls -l /proc/${pid}/root`);
    expect(link.stdout).toMatch(/^lrwxrwxrwx +1 root +root +0 .* \/proc\/\d+\/root -> \/\n$/);
    // Writes land in that container's own writable layer.
    await run(`echo from-shell > /proc/${pid}/root/tmp/note`);
    expect(new TextDecoder().decode(web.fs.readFile('/tmp/note'))).toBe('from-shell\n');
    expect(shell.fs.exists('/tmp/note')).toBe(false);
  });

  it('serves meminfo, cpuinfo, uptime, loadavg and mounts from the node’s figures', async () => {
    const { run } = await sharedPod();
    const meminfo = await run('head -n 2 /proc/meminfo');
    expect(meminfo.stdout).toBe(
      `MemTotal:       ${String(MACHINE.memory.totalKb).padStart(8)} kB\nMemFree:        ${String(MACHINE.memory.freeKb).padStart(8)} kB\n`,
    );
    const cpus = await run('grep -c ^processor /proc/cpuinfo');
    expect(cpus.stdout).toBe(`${MACHINE.cpus}\n`);
    const uptime = await run('cat /proc/uptime');
    expect(uptime.stdout).toBe(`3600.00 ${3600 * MACHINE.cpus}.00\n`);
    // top's figures: the node's load, running/all tasks (230 of the node's own), the last pid.
    const load = await run('cat /proc/loadavg');
    const [, tasks, last] = /^(?:[\d.]+ ){3}\d+\/(\d+) (\d+)\n$/.exec(load.stdout) ?? [];
    expect(load.stdout.startsWith(`${MACHINE.loadAverage} `)).toBe(true);
    const top = await run('top -b -n 1 | grep "Load average"');
    const [, topTasks, topLast] = /(\d+)\/(\d+) (\d+)\n$/.exec(top.stdout)?.slice(1) ?? [];
    // top ran later with a pipeline around it: more tasks, later pids, the same sum.
    expect(Number(topTasks) - Number(tasks)).toBe(Number(topLast) - Number(last) - 1);
    const mounts = await run('cat /proc/mounts');
    expect(mounts.stdout.split('\n')[0]).toMatch(/^overlay \/ overlay rw,relatime,lowerdir=/);
  });

  it('refuses changes and has nothing it cannot fill truthfully', async () => {
    const { run } = await sharedPod();
    const touch = await run('touch /proc/new');
    expect(touch.stderr).toBe('touch: /proc/new: Permission denied\n');
    const missing = await run('cat /proc/1/fd/0 /proc/sys/kernel/hostname');
    expect(missing.stderr).toBe(
      "cat: can't open '/proc/1/fd/0': No such file or directory\ncat: can't open '/proc/sys/kernel/hostname': No such file or directory\n",
    );
    const masked = await run('cat /proc/kcore; ls -a /proc/acpi');
    expect(masked).toEqual({ status: 0, stdout: '.\n..\n', stderr: '' });
  });
});
