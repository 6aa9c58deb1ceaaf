import { describe, expect, it } from 'vitest';
import { SimClock } from '../../clock.js';
import { programTable } from '../programs/catalogue.js';
import { shellProgram } from '../shell/sh-program.js';
import type { Program } from './contracts.js';
import { MapCatalogue } from './map-catalogue.js';
import { MemoryFileSystem } from './memory-file-system.test-support.js';
import { ProcessHost } from './process-host.js';
import { BufferOutput, emptyInput } from './streams.js';
import type { IpcObjects, MountEntry } from './system-views.js';

/**
 * The views a runtime hands to a process (mount table, IPC objects) reach it and its
 * children, and the process tools read the real process table of their PID namespace.
 */

function world(extra: Record<string, Program> = {}) {
  const clock = new SimClock({ speed: 0, start: new Date('2024-05-14T10:21:33Z') });
  const host = new ProcessHost({ clock });
  const fs = new MemoryFileSystem({
    '/tmp/': '',
    '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\n',
  });
  const catalogue = new MapCatalogue({
    ...programTable('busybox'),
    '/bin/sh': shellProgram('ash'),
    ...extra,
  });
  const cgroup = host.createCgroup('c', catalogue);
  const namespace = host.createNamespace();
  return { clock, host, fs, cgroup, namespace };
}

describe('system views', () => {
  it('a mount table and IPC objects given at start reach the process and its children', async () => {
    const seen: string[] = [];
    const table: MountEntry[] = [
      { source: 'overlay', target: '/', type: 'overlay', options: 'rw,relatime', device: 'o' },
    ];
    const ipc: IpcObjects = { sharedMemory: [], semaphores: [], messageQueues: [] };
    const child: Program = async (context) => {
      seen.push(`child ${context.mounts?.()[0]?.source} ${context.ipc?.() === ipc}`);
      return 0;
    };
    const parent: Program = async (context) => {
      seen.push(`parent ${context.mounts?.()[0]?.source}`);
      const spawned = context.spawn({ ...context, argv: ['child'], program: child });
      return spawned.exit;
    };
    const { host, fs, cgroup, namespace } = world();
    const stdout = new BufferOutput();
    const started = host.start({
      argv: ['parent'],
      env: {},
      cwd: '/',
      stdin: emptyInput,
      stdout,
      stderr: stdout,
      fs,
      namespace,
      cgroup,
      mounts: () => table,
      ipc: () => ipc,
      program: parent,
    });
    expect(await started.exit).toBe(0);
    expect(seen).toEqual(['parent overlay', 'child overlay true']);
  });

  it('pstree and top show the PID namespace a shell script built', async () => {
    const { host, fs, cgroup, namespace } = world();
    const stdout = new BufferOutput();
    const stderr = new BufferOutput();
    const started = host.start({
      argv: [
        'sh',
        '-c',
        'sleep 60 & sleep 60 & pstree -p; top -b -n 1 | grep -c " sleep 60$"; kill %1 %2',
      ],
      env: { PATH: '/bin' },
      cwd: '/',
      stdin: emptyInput,
      stdout,
      stderr,
      fs,
      namespace,
      cgroup,
    });
    expect(await started.exit).toBe(0);
    expect(stderr.text()).toBe('');
    expect(stdout.text()).toBe('sh(1)-+-pstree(4)\n      |-sleep(2)\n      `-sleep(3)\n2\n');
  });
});
