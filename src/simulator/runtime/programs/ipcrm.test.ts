import { describe, expect, it } from 'vitest';
import { pullImage } from '../images/image-registry.js';
import { IpcNamespace } from '../process/ipc-namespace.js';
import { ipcrm } from './ipcrm.js';
import { run, World } from './programs.test-support.js';
import { BUSYBOX_BANNER, bindTool } from './tool.js';

const owner = 'root';

/** A container with an IPC namespace holding two segments (ids 0, 1), a queue and a set. */
function world(image: 'debian:bookworm' | 'busybox:1.36') {
  const ipc = new IpcNamespace();
  ipc.createSharedMemory({ key: 0x1234, bytes: 1024, perms: 0o644, owner });
  ipc.createSharedMemory({ key: 0x5678, bytes: 2048, perms: 0o644, owner });
  ipc.createMessageQueue({ key: 0x2a, perms: 0o644, owner });
  ipc.createSemaphores({ key: 0x2b, count: 1, perms: 0o644, owner });
  const w = new World({
    image: pullImage(image).layer,
    ipcNamespace: ipc,
    ipc: () => ipc.objects(),
  });
  const ids = () => {
    const o = ipc.objects();
    return {
      shm: o.sharedMemory.map((s) => s.id),
      msg: o.messageQueues.map((q) => q.id),
      sem: o.semaphores.map((s) => s.id),
    };
  };
  return { w, ipc, ids };
}

const gnu = bindTool(ipcrm, 'gnu');
const bb = bindTool(ipcrm, 'busybox');

describe('util-linux ipcrm (Debian)', () => {
  it('removes by id and by key, and names what it cannot find', async () => {
    const { w, ids } = world('debian:bookworm');
    expect(await run(w, gnu, ['ipcrm', '-m', '0', '-M', '0x5678', '-q', '7'])).toEqual({
      status: 1,
      stdout: '',
      stderr: 'ipcrm: invalid id (7)\n',
    });
    expect(ids()).toEqual({ shm: [], msg: [0], sem: [0] });
    expect(await run(w, gnu, ['ipcrm', '-M', '0x9999', '-S', '0'])).toEqual({
      status: 1,
      stdout: '',
      stderr: 'ipcrm: invalid key (0x9999)\nipcrm: illegal key (0)\n',
    });
    expect(await run(w, gnu, ['ipcrm', '-m', 'abc'])).toEqual({
      status: 1,
      stdout: '',
      stderr: "ipcrm: failed to parse argument: 'abc'\n",
    });
  });

  it('removes everything with -a (or one kind with -a=KIND), verbosely with -v', async () => {
    const { w, ids } = world('debian:bookworm');
    expect(await run(w, gnu, ['ipcrm', '-v', '--all=shm'])).toEqual({
      status: 0,
      stdout: "removing shared memory segment id `0'\nremoving shared memory segment id `1'\n",
      stderr: '',
    });
    expect(ids()).toEqual({ shm: [], msg: [0], sem: [0] });
    expect((await run(w, gnu, ['ipcrm', '-a'])).status).toBe(0);
    expect(ids()).toEqual({ shm: [], msg: [], sem: [] });
  });

  it('takes the old `shm|msg|sem ID...` form, does nothing without arguments, explains itself', async () => {
    const { w, ids } = world('debian:bookworm');
    expect(await run(w, gnu, ['ipcrm', 'msg', '0'])).toEqual({
      status: 0,
      stdout: 'resource(s) deleted\n',
      stderr: '',
    });
    expect(ids().msg).toEqual([]);
    expect(await run(w, gnu, ['ipcrm'])).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(await run(w, gnu, ['ipcrm', '-x'])).toEqual({
      status: 1,
      stdout: '',
      stderr: "ipcrm: invalid option -- 'x'\nTry 'ipcrm --help' for more information.\n",
    });
    expect(await run(w, gnu, ['ipcrm', '-a', 'shm'])).toMatchObject({
      status: 1,
      stderr: "ipcrm: unknown argument: shm\nTry 'ipcrm --help' for more information.\n",
    });
    // `-a` ran before the stray argument was noticed, as in the real program.
    expect(ids()).toEqual({ shm: [], msg: [], sem: [] });
    const help = await run(w, gnu, ['ipcrm', '--help']);
    expect(help.stdout).toContain(
      ' -M, --shmem-key <key>      remove shared memory segment by key\n',
    );
  });
});

describe('busybox ipcrm', () => {
  it('removes by id and key, counting failures in its exit status', async () => {
    const { w, ids } = world('busybox:1.36');
    expect(await run(w, bb, ['ipcrm', '-m', '1', '-Q', '42', '-s', '9', '-M', '0x77'])).toEqual({
      status: 2,
      stdout: '',
      stderr: 'ipcrm: invalid id (9)\nipcrm: invalid key (0x77)\n',
    });
    expect(ids()).toEqual({ shm: [0], msg: [], sem: [0] });
    expect(await run(w, bb, ['ipcrm', 'shm', '5'])).toEqual({
      status: 1,
      stdout: '',
      stderr: "ipcrm: can't remove id 5: Invalid argument\n",
    });
  });

  it('has no -a: its usage follows the getopt complaint', async () => {
    const { w } = world('busybox:1.36');
    const result = await run(w, bb, ['ipcrm', '-a']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `ipcrm: invalid option -- 'a'\n${BUSYBOX_BANNER}\nUsage: ipcrm [-MQS key] [-mqs id]\n\nUpper-case options MQS remove an object by shmkey value.\nLower-case options remove an object by shmid value.\n\n\t-mM\tRemove memory segment after last detach\n\t-qQ\tRemove message queue\n\t-sS\tRemove semaphore\n`,
    );
  });
});
