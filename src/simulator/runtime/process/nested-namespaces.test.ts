/**
 * Processes seen from the node and from their container: a container's main process hangs off
 * a node process (the shim) without seeing it, orphans go to a subreaper or to the init of the
 * dying parent's namespace, daemons show their threads, and memory is charged per cgroup with
 * the OOM killer taking the whole container.
 */
import { describe, expect, it } from 'vitest';
import { SimClock } from '../../clock.js';
import { programTable } from '../programs/catalogue.js';
import type { Program } from './contracts.js';
import { IpcNamespace } from './ipc-namespace.js';
import { MapCatalogue } from './map-catalogue.js';
import { MemoryAccount } from './memory-account.js';
import { MemoryFileSystem } from './memory-file-system.test-support.js';
import type { PidNamespace } from './pid-namespace.js';
import { ProcessHost } from './process-host.js';
import type { SimProcess } from './sim-process.js';
import { BufferOutput, emptyInput, nullOutput } from './streams.js';

const settle = async (turns = 10) => {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
};

const idle: Program = async (context) => {
  await context.clock.sleep(Number.POSITIVE_INFINITY);
  return 0;
};

function world() {
  const clock = new SimClock({ speed: 0, start: new Date('2024-01-01T00:00:00Z') });
  const host = new ProcessHost({ clock });
  const fs = new MemoryFileSystem({ '/tmp/': '' });
  const catalogue = new MapCatalogue({
    ...programTable('busybox'),
    '/bin/idle': idle,
    '/sbin/init': idle,
    '/usr/local/bin/containerd': idle,
  });
  const node = host.createNamespace();
  const start = (
    argv: string[],
    namespace: PidNamespace,
    options: { parent?: SimProcess; cgroup?: ReturnType<ProcessHost['createCgroup']> } = {},
  ) =>
    host.start({
      argv,
      env: { PATH: '/bin' },
      cwd: '/',
      stdin: emptyInput,
      stdout: nullOutput,
      stderr: nullOutput,
      fs,
      namespace,
      cgroup: options.cgroup ?? host.createCgroup('c', catalogue),
      ...(options.parent ? { parent: options.parent } : {}),
    });
  return { clock, host, fs, catalogue, node, start };
}

describe('nested PID namespaces', () => {
  it('gives a container process a node pid under its shim and ppid 0 in its own namespace', async () => {
    const { host, node, start } = world();
    const init = start(['idle'], node);
    const shim = start(['idle', 'shim'], node, { parent: init.process });
    const container = host.createNamespace(node);
    const main = start(['idle', 'main'], container, { parent: shim.process });
    const inNode = node.list().find((entry) => entry.command === 'idle main');
    expect(inNode).toMatchObject({ pid: 3, ppid: shim.pid });
    expect(container.list()).toEqual([expect.objectContaining({ pid: 1, ppid: 0 })]);
    expect(main.pid).toBe(1);
    for (const p of [main, shim, init]) p.kill('SIGKILL');
    await settle();
  });

  it('hands orphans to a subreaper above them, else to init of the dying parent’s namespace', async () => {
    const { host, node, start } = world();
    const init = start(['idle'], node);
    const shim = start(['idle', 'shim'], node, { parent: init.process });
    shim.process.subreaper = true;
    const parent = start(['idle', 'parent'], node, { parent: shim.process });
    const container = host.createNamespace(node);
    const main = start(['idle', 'main'], container, { parent: shim.process });
    // A grandchild in the node's namespace, as a hostPID container's shell starts them.
    const child = start(['idle', 'child'], node, { parent: parent.process });
    parent.kill('SIGKILL');
    await settle();
    expect(child.process.parent).toBe(shim.process);
    expect(node.list().find((e) => e.pid === child.pid)?.ppid).toBe(shim.pid);
    // The shim dies: the container's init goes to the node's init, not to itself.
    shim.kill('SIGKILL');
    await settle();
    expect(main.process.parent).toBe(init.process);
    expect(container.list()[0]?.ppid).toBe(0);
    for (const p of [main, child, init]) p.kill('SIGKILL');
    await settle();
  });

  it('lists threads and a renamed comm in the namespace that sees them', async () => {
    const { node, start } = world();
    const init = start(['/sbin/init'], node);
    init.process.comm = 'systemd';
    const daemon = start(['/usr/local/bin/containerd'], node, { parent: init.process });
    daemon.process.addThreads(3);
    node.reserve(10);
    const later = start(['idle'], node, { parent: init.process });
    expect(node.list()).toEqual([
      expect.objectContaining({ pid: 1, command: '/sbin/init', comm: 'systemd' }),
      expect.objectContaining({ pid: 2, threads: [3, 4, 5] }),
      expect.objectContaining({ pid: 16 }),
    ]);
    for (const p of [later, daemon, init]) p.kill('SIGKILL');
    await settle();
  });
});

describe('memory cgroups', () => {
  it('charges anonymous memory until the limit, then kills every process of the container', async () => {
    const { host, node, catalogue, start } = world();
    const pod = new MemoryAccount(undefined);
    const cgroup = host.createCgroup('c', catalogue, { limitBytes: 10_000, parent: pod });
    const other = start(['idle'], host.createNamespace(node), { cgroup });
    const program: Program = async (context) => {
      context.memory?.allocate(6000);
      context.memory?.allocate(6000);
      return 0;
    };
    const hog = host.start({
      argv: ['hog'],
      env: {},
      cwd: '/',
      stdin: emptyInput,
      stdout: nullOutput,
      stderr: nullOutput,
      fs: new MemoryFileSystem(),
      namespace: host.createNamespace(node),
      cgroup,
      program,
    });
    expect(await hog.exit).toBe(137);
    expect(await other.exit).toBe(137);
    expect(cgroup.memory.oomKilled).toBe(true);
    // The dead processes' memory is freed, in the container and in the pod above it.
    expect(cgroup.memory.usage).toBe(0);
    expect(pod.usage).toBe(0);
  });

  it('frees what a process allocated when it exits, without an OOM kill under the limit', async () => {
    const { host, catalogue } = world();
    const cgroup = host.createCgroup('c', catalogue, { limitBytes: 10_000 });
    const stdout = new BufferOutput();
    const started = host.start({
      argv: ['small'],
      env: {},
      cwd: '/',
      stdin: emptyInput,
      stdout,
      stderr: nullOutput,
      fs: new MemoryFileSystem(),
      namespace: host.createNamespace(),
      cgroup,
      program: async (context) => {
        context.memory?.allocate(8000);
        context.memory?.release(3000);
        await context.stdout.write(`${cgroup.memory.usage}\n`);
        return 0;
      },
    });
    expect(await started.exit).toBe(0);
    expect(stdout.text()).toBe('5000\n');
    expect(cgroup.memory.usage).toBe(0);
    expect(cgroup.memory.oomKilled).toBe(false);
  });

  it('kills the container whose charge takes the pod past the pod’s limit', () => {
    const pod = new MemoryAccount(100);
    let killedA = false;
    let killedB = false;
    const a = new MemoryAccount(
      80,
      () => {
        killedA = true;
      },
      pod,
    );
    const b = new MemoryAccount(
      80,
      () => {
        killedB = true;
      },
      pod,
    );
    a.charge(60);
    b.charge(30);
    expect([killedA, killedB]).toEqual([false, false]);
    b.charge(20);
    expect([killedA, killedB, b.oomKilled, pod.usage]).toEqual([false, true, true, 110]);
    // Freeing uncharges the pod, never below zero anywhere.
    a.charge(-1000);
    expect([a.usage, pod.usage]).toEqual([0, 0]);
  });
});

describe('IPC namespaces', () => {
  it('numbers objects as Linux 6.1 does: cyclic slots, a sequence shifted by 15 bits', () => {
    const ipc = new IpcNamespace();
    const owner = 'root';
    expect(ipc.createSharedMemory({ key: 1, bytes: 1024, perms: 0o644, owner })).toBe(0);
    expect(ipc.createSharedMemory({ key: 2, bytes: 2048, perms: 0o600, owner })).toBe(1);
    expect(ipc.createMessageQueue({ key: 3, perms: 0o644, owner })).toBe(0);
    expect(ipc.createSemaphores({ key: 4, count: 2, perms: 0o644, owner })).toBe(0);
    expect(ipc.objects().sharedMemory.map((s) => [s.id, s.bytes])).toEqual([
      [0, 1024],
      [1, 2048],
    ]);
  });

  it('removes by id (IPC_RMID) and finds by key; a freed slot comes back with a new sequence', () => {
    const ipc = new IpcNamespace();
    const owner = 'root';
    const make = (key: number) => ipc.createSharedMemory({ key, bytes: 1, perms: 0o644, owner });
    expect(make(7)).toBe(0);
    expect(ipc.idOfKey('shm', 7)).toBe(0);
    expect(ipc.idOfKey('msg', 7)).toBeUndefined();
    expect(ipc.remove('shm', 0)).toBe(true);
    expect(ipc.remove('shm', 0)).toBe(false);
    expect(ipc.idOfKey('shm', 7)).toBeUndefined();
    // Slots go round below 64 before one is reused, with the sequence one higher.
    const ids: number[] = [];
    for (let i = 0; i < 64; i++) {
      ids.push(make(100 + i));
      ipc.remove('shm', ids.at(-1) as number);
    }
    expect(ids.slice(0, 3)).toEqual([1, 2, 3]);
    expect(ids.slice(-2)).toEqual([63, 32768]);
    expect(ipc.remove('shm', 0)).toBe(false);
  });
});
