import { describe, expect, it } from 'vitest';
import type { VolumeMount } from '../fs/container-file-system.js';
import { newDevTree } from '../fs/dev-tree.js';
import { pullImage } from '../images/image-registry.js';
import { IpcNamespace } from '../process/ipc-namespace.js';
import { dd } from './dd.js';
import { ipcmk } from './ipcmk.js';
import { ipcs } from './ipcs.js';
import { type Collector, ManualClock, run, World } from './programs.test-support.js';
import { stress } from './stress.js';
import { bindTool } from './tool.js';

/**
 * The tools that fill memory or create kernel objects: dd (busybox's and coreutils' statistics),
 * util-linux ipcmk with ipcs, and stress 1.0.4's messages.
 */

/** runc's /dev, with /dev/zero, as every container has it. */
const dev = (): VolumeMount[] => [{ path: '/dev', tree: newDevTree({ clock: new ManualClock() }) }];
const busybox = () => new World({ image: pullImage('busybox:1.36').layer, mounts: dev() });
const debian = () => new World({ image: pullImage('debian:bookworm').layer, mounts: dev() });

describe('dd', () => {
  it('copies blocks from /dev/zero into a file with busybox’s three status lines', async () => {
    const world = busybox();
    const result = await run(world, bindTool(dd, 'busybox'), [
      'dd',
      'if=/dev/zero',
      'of=/tmp/fill',
      'bs=1M',
      'count=3',
    ]);
    expect(result.status).toBe(0);
    expect(world.fs.stat('/tmp/fill').size).toBe(3 * 1024 * 1024);
    expect(result.stderr).toMatch(
      /^3\+0 records in\n3\+0 records out\n3145728 bytes \(3\.0MB\) copied, \d+\.\d{6} seconds, [\d.]+[KMG]?B\/s\n$/,
    );
  });

  it('counts a short last block as a partial record, and prints coreutils’ line in Debian', async () => {
    const world = debian();
    world.fs.writeFile('/tmp/in', 'x'.repeat(1500));
    const result = await run(world, bindTool(dd, 'gnu'), ['dd', 'if=/tmp/in', 'of=/tmp/out']);
    expect(result.status).toBe(0);
    expect(world.fs.stat('/tmp/out').size).toBe(1500);
    expect(result.stderr).toMatch(
      /^2\+1 records in\n2\+1 records out\n1500 bytes \(1\.5 kB, 1\.5 KiB\) copied, [\d.e-]+ s, [\d.]+ [kMG]?B\/s\n$/,
    );
  });

  it('says so when the output fills up, with what it copied', async () => {
    const world = busybox();
    const result = await run(world, bindTool(dd, 'busybox'), [
      'dd',
      'if=/dev/zero',
      'of=/tmp/fill',
      'bs=1M',
      'count=100',
      'status=noxfer',
    ]);
    expect(result.status).toBe(1);
    // The container's writable layer holds 64M.
    expect(result.stderr).toMatch(
      /^dd: error writing '\/tmp\/fill': No space left on device\n6[34]\+0 records in\n6[34]\+0 records out\n$/,
    );
  });

  it('reads stdin and writes stdout by default; status=none is silent', async () => {
    const world = busybox();
    const result = await run(world, bindTool(dd, 'busybox'), ['dd', 'status=none'], {
      stdin: 'hello\n',
    });
    expect(result).toMatchObject({ status: 0, stdout: 'hello\n', stderr: '' });
  });
});

describe('ipcmk and ipcs', () => {
  it('creates a segment in the namespace, which ipcs then lists', async () => {
    const ipc = new IpcNamespace();
    const world = new World({
      image: pullImage('debian:bookworm').layer,
      ipcNamespace: ipc,
      ipc: () => ipc.objects(),
    });
    const made = await run(world, bindTool(ipcmk, 'gnu'), ['ipcmk', '-M', '1K', '-Q']);
    expect(made).toMatchObject({
      status: 0,
      stdout: 'Shared memory id: 0\nMessage queue id: 0\n',
      stderr: '',
    });
    const listed = await run(world, bindTool(ipcs, 'busybox'), ['ipcs', '-m']);
    expect(listed.stdout).toMatch(/^0x[0-9a-f]{8} 0 {10}root {7}644 {8}1024 {7}0 {10}/m);
  });

  it('refuses no object, or a size it cannot read, as util-linux does', async () => {
    const world = debian();
    expect(await run(world, bindTool(ipcmk, 'gnu'), ['ipcmk'])).toMatchObject({
      status: 1,
      stderr: "ipcmk: bad usage\nTry 'ipcmk --help' for more information.\n",
    });
    expect(await run(world, bindTool(ipcmk, 'gnu'), ['ipcmk', '-M', 'lots'])).toMatchObject({
      status: 1,
      stderr: "ipcmk: failed to parse size: 'lots'\n",
    });
  });
});

describe('stress', () => {
  it('dispatches its hogs and reports a successful run when the timeout ends them', async () => {
    const world = busybox();
    const handle = world.start(bindTool(stress, 'busybox'), [
      'stress',
      '--cpu',
      '1',
      '--vm',
      '1',
      '--vm-bytes',
      '8M',
      '--vm-hang',
      '1',
      '--timeout',
      '3s',
    ]);
    await world.clock.advance(3000);
    expect(await handle.exit).toBe(0);
    expect((handle.stdout as Collector).text).toBe(
      'stress: info: [1] dispatching hogs: 1 cpu, 0 io, 1 vm, 0 hdd\n' +
        'stress: info: [1] successful run completed in 3s\n',
    );
  });

  it('prints its usage without options', async () => {
    const result = await run(busybox(), bindTool(stress, 'busybox'), ['stress']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: stress [OPTION [ARG]] ...\n');
    expect(result.stdout).toContain(
      ' -m, --vm N         spawn N workers spinning on malloc()/free()\n',
    );
  });
});
