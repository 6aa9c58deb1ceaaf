import { describe, expect, it } from 'vitest';
import { pullImage } from '../images/image-registry.js';
import type { Program } from '../process/contracts.js';
import { MACHINE } from './machine.js';
import { ps } from './process-tools.js';
import { Collector, Feed, run, settle, World } from './programs.test-support.js';
import { pstree } from './pstree.js';
import { bindTool } from './tool.js';
import { sizeText, top } from './top.js';

/**
 * `top` and `pstree` against busybox 1.36's formats (procps/top.c, procps/pstree.c): column
 * widths, the decimals build's `%VSZ`, the CPU column, pstree's connectors and folding.
 */

/** A process that just waits to be killed, showing whatever argv it was started with. */
const idle: Program = (context) =>
  new Promise((_resolve, reject) => {
    const killed = context.signals.killed;
    killed.addEventListener('abort', () => reject(killed.reason), { once: true });
  });

/** A busybox container in a pod sharing its PID namespace with nginx. */
function sharedPod(): World {
  const world = new World({ image: pullImage('busybox:1.36').layer });
  world.start(idle, ['sh', '-c', 'sleep 3600 & sleep 3600; wait'], { state: 'S' });
  world.start(idle, ['sleep', '3600'], { ppid: 1, state: 'S' });
  world.start(idle, ['sleep', '3600'], { ppid: 1, state: 'S' });
  world.start(idle, ['nginx: master process nginx -g daemon off;'], { state: 'S' });
  world.start(idle, ['nginx: worker process'], { ppid: 4, user: '101', state: 'S' });
  return world;
}

describe('top', () => {
  it('-b -n 1 prints one frame: the node header, then processes by VSZ', async () => {
    const result = await run(sharedPod(), bindTool(top, 'busybox'), ['top', '-b', '-n', '1']);
    const m = MACHINE.memory;
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      `Mem: ${m.totalKb - m.freeKb}K used, ${m.freeKb}K free, ${m.sharedKb}K shrd, ${m.buffersKb}K buff, ${m.cachedKb}K cached\n` +
        'CPU:  0.0% usr  0.0% sys  0.0% nic  100% idle  0.0% io  0.0% irq  0.0% sirq\n' +
        `Load average: ${MACHINE.loadAverage} 1/236 6\n` +
        '  PID  PPID USER     STAT   VSZ %VSZ CPU %CPU COMMAND\n' +
        '    5     4 101      S    11868  0.1   1  0.0 nginx: worker process\n' +
        '    4     0 root     S    11404  0.1   0  0.0 nginx: master process nginx -g daemon off;\n' +
        '    1     0 root     S     3296  0.0   1  0.0 sh -c sleep 3600 & sleep 3600; wait\n' +
        '    6     0 root     R     3296  0.0   0  0.0 top -b -n 1\n' +
        '    2     1 root     S     3164  0.0   0  0.0 sleep 3600\n' +
        '    3     1 root     S     3164  0.0   1  0.0 sleep 3600\n' +
        '\n',
    );
  });

  it('without -b repaints the screen every -d seconds of simulated time', async () => {
    const world = sharedPod();
    const stdout = new Collector();
    const handle = world.start(bindTool(top, 'busybox'), ['top', '-n', '2', '-d', '3'], {
      stdout,
      stdin: new Feed(''),
    });
    await settle();
    // One frame, then nothing until three seconds have passed.
    expect(stdout.text.split('\x1b[H\x1b[J')).toHaveLength(2);
    await world.clock.advance(3000);
    expect(await handle.exit).toBe(0);
    const frames = stdout.text.split('\x1b[H\x1b[J').slice(1);
    expect(frames).toHaveLength(2);
    // The column titles in reverse video; 24 lines leave room for 20 processes; `\r` ends it.
    expect(frames[0]).toContain(
      '\x1b[7m  PID  PPID USER     STAT   VSZ %VSZ CPU %CPU COMMAND\x1b[m\n    5     4 101 ',
    );
    expect(frames[0]?.endsWith('sleep 3600\r')).toBe(true);
    expect(stdout.text.endsWith('\r\n')).toBe(true);
  });

  it('quits on q from the terminal and cuts lines at the screen width', async () => {
    const world = sharedPod();
    const stdout = new Collector(true);
    const keys = new Feed();
    const handle = world.start(bindTool(top, 'busybox'), ['top'], {
      stdout,
      stdin: keys,
      env: { COLUMNS: '40', LINES: '6' },
    });
    await settle();
    keys.push('q');
    expect(await handle.exit).toBe(0);
    // Six lines: three of header, the titles, two processes; each cut to 40 columns.
    const m = MACHINE.memory;
    const header = [
      `Mem: ${m.totalKb - m.freeKb}K used, ${m.freeKb}K free, ${m.sharedKb}K shrd, ${m.buffersKb}K buff, ${m.cachedKb}K cached`,
      'CPU:  0.0% usr  0.0% sys  0.0% nic  100% idle  0.0% io  0.0% irq  0.0% sirq',
      `Load average: ${MACHINE.loadAverage} 1/236 6`,
    ];
    expect(stdout.text).toBe(
      `\x1b[H\x1b[J${header.map((line) => `${line.slice(0, 40)}\n`).join('')}` +
        '\x1b[7m  PID  PPID USER     STAT   VSZ %VSZ CPU\x1b[m' +
        '\n    5     4 101      S    11868  0.1   1' +
        '\n    4     0 root     S    11404  0.1   0' +
        '\r\n',
    );
  });

  it('rejects a bad count like busybox', async () => {
    const result = await run(sharedPod(), bindTool(top, 'busybox'), ['top', '-n', 'x']);
    expect(result).toEqual({ status: 1, stdout: '', stderr: "top: invalid number 'x'\n" });
  });

  it('shows large sizes in five columns as smart_ulltoa5 does', () => {
    expect(sizeText(3164)).toBe(' 3164');
    expect(sizeText(99999)).toBe('99999');
    expect(sizeText(262144)).toBe(' 256m');
    expect(sizeText(1338000)).toBe('1306m');
    expect(sizeText(33554432)).toBe('32.0g');
  });
});

describe('pstree', () => {
  it('draws the namespace from PID 1, folding identical children', async () => {
    const world = sharedPod();
    expect((await run(world, bindTool(pstree, 'busybox'), ['pstree'])).stdout).toBe(
      'sh---2*[sleep]\n',
    );
    expect((await run(world, bindTool(pstree, 'busybox'), ['pstree', '-p'])).stdout).toBe(
      'sh(1)-+-sleep(2)\n      `-sleep(3)\n',
    );
    // nginx's master hangs off containerd-shim, outside the namespace: start from its pid.
    expect((await run(world, bindTool(pstree, 'busybox'), ['pstree', '4'])).stdout).toBe(
      'nginx---nginx\n',
    );
    expect((await run(world, bindTool(pstree, 'busybox'), ['pstree', 'nobody'])).stderr).toBe(
      'pstree: no processes found\n',
    );
  });

  it('sorts children by name and indents below the longest branch', async () => {
    const world = new World({ image: pullImage('busybox:1.36').layer });
    world.start(idle, ['sh', '-c', 'script']);
    world.start(idle, ['sleep', '60'], { ppid: 1 });
    world.start(idle, ['sh', '-c', 'inner'], { ppid: 1 });
    world.start(idle, ['sleep', '5'], { ppid: 3 });
    world.start(idle, ['tail', '-f', '/dev/null'], { ppid: 3 });
    expect((await run(world, bindTool(pstree, 'busybox'), ['pstree'])).stdout).toBe(
      'sh-+-sh-+-sleep\n   |    `-tail\n   `-sleep\n',
    );
  });

  it('cuts lines at the terminal width with a +', async () => {
    const world = sharedPod();
    const result = await run(world, bindTool(pstree, 'busybox'), ['pstree'], {
      env: { COLUMNS: '10' },
    });
    expect(result.stdout).toBe('sh---2*[s+\n');
  });
});

describe("a node's processes (hostPID)", () => {
  /** A kind node's tree: systemd, its daemons with their threads, a shim per pod. */
  function node(): World {
    const world = new World({ image: pullImage('busybox:1.36').layer });
    world.start(idle, ['/sbin/init'], { comm: 'systemd', state: 'S' });
    world.start(idle, ['/usr/local/bin/containerd'], { ppid: 1, threads: [3, 4, 5] });
    world.start(idle, ['/usr/bin/kubelet', '--config=/var/lib/kubelet/config.yaml'], {
      ppid: 1,
      threads: [7, 8],
    });
    world.start(idle, ['/usr/local/bin/containerd-shim-runc-v2', '-namespace', 'k8s.io'], {
      ppid: 1,
      threads: [10, 11],
    });
    world.start(idle, ['/pause'], { ppid: 9 });
    world.start(idle, ['nginx: master process nginx -g daemon off;'], { ppid: 9 });
    world.start(idle, ['nginx: worker process'], { ppid: 13, user: '101' });
    return world;
  }

  it('pstree draws systemd at the top, threads in braces, folded', async () => {
    // The test world numbers processes 1, 2, …: renumber the threads' owners accordingly.
    const world = new World({ image: pullImage('busybox:1.36').layer });
    world.start(idle, ['/sbin/init'], { comm: 'systemd' });
    world.start(idle, ['/usr/local/bin/containerd'], { ppid: 1, threads: [100, 101, 102] });
    world.start(idle, ['/usr/local/bin/containerd-shim-runc-v2', '-id', 'x'], {
      ppid: 1,
      threads: [103, 104],
    });
    world.start(idle, ['/pause'], { ppid: 3 });
    world.start(idle, ['sleep', '3600'], { ppid: 3 });
    expect((await run(world, bindTool(pstree, 'busybox'), ['pstree'])).stdout).toBe(
      'systemd-+-containerd---3*[{containerd}]\n' +
        '        `-containerd-shim-+-pause\n' +
        '                          |-sleep\n' +
        '                          `-2*[{containerd-shim}]\n',
    );
    expect((await run(world, bindTool(pstree, 'busybox'), ['pstree', '-p', '3'])).stdout).toBe(
      'containerd-shim(3)-+-pause(4)\n' +
        '                   |-sleep(5)\n' +
        '                   |-{containerd-shim}(103)\n' +
        '                   `-{containerd-shim}(104)\n',
    );
  });

  it('ps shows /sbin/init and names uids by this container’s passwd', async () => {
    const table = await run(node(), bindTool(ps, 'busybox'), ['ps']);
    const lines = table.stdout.split('\n');
    expect(lines[1]).toBe('    1 root      0:00 /sbin/init');
    expect(lines).toContain('    7 101       0:00 nginx: worker process');
    const nginx = new World({ image: pullImage('nginx:1.27').layer });
    nginx.start(idle, ['nginx: worker process'], { user: '101' });
    expect((await run(nginx, bindTool(ps, 'busybox'), ['ps'])).stdout).toContain(
      '    1 nginx     0:00 nginx: worker process\n',
    );
  });
});
