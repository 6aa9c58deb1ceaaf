import { expect } from 'vitest';
import { ContainerFileSystem, type VolumeMount } from './container-file-system.js';
import { FsError, type FsErrorCode } from './file-system.js';
import { defineImageLayer, type ImageLayer, newContainerLayer } from './image-layer.js';
import { MemoryTree } from './memory-tree.js';
import type { StorageQuota } from './storage-quota.js';

/** A clock that only moves when told (2024-05-14T10:21:33Z to start). */
export function manualClock(start = Date.UTC(2024, 4, 14, 10, 21, 33)) {
  let now = start;
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

/** A tiny fake image, shaped like busybox and debian where it matters to these tests. */
export function tinyImage(): ImageLayer {
  return defineImageLayer((image) => {
    image.dir('/tmp', { mode: 0o1777 });
    image.executable('/bin/busybox', '#!busybox');
    image.hardlinks('/bin/busybox', ['/bin/sh', '/bin/ls']);
    image.symlink('/bin/cat', 'busybox');
    image.files({
      '/etc/hostname': 'image\n',
      '/etc/hosts': '127.0.0.1\tlocalhost\n',
      '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\n',
      '/var/log/boot.log': 'booted\n',
      '/usr/share/nginx/html/index.html': '<h1>image</h1>\n',
    });
    image.dir('/run');
    image.symlink('/var/run', '/run');
    image.dir('/dev');
    image.device('/dev/null', 'null');
    image.device('/dev/zero', 'zero');
  });
}

export interface ContainerSetup {
  image?: ImageLayer;
  mounts?: VolumeMount[];
  clock?: { now(): Date };
  quota?: StorageQuota;
  readOnlyRootFilesystem?: boolean;
}

export function container(setup: ContainerSetup = {}): ContainerFileSystem {
  const clock = setup.clock ?? manualClock();
  const image = setup.image ?? tinyImage();
  return ContainerFileSystem.create({
    image,
    upper: newContainerLayer(image, { clock, ...(setup.quota ? { quota: setup.quota } : {}) }),
    mounts: setup.mounts ?? [],
    readOnlyRootFilesystem: setup.readOnlyRootFilesystem ?? false,
  });
}

/** An empty volume tree (an emptyDir) and a plain view of it, as the kubelet sees it. */
export function volume(clock: { now(): Date } = manualClock(), quota?: StorageQuota) {
  const tree = new MemoryTree({ clock, ...(quota ? { quota } : {}) });
  return { tree, fs: ContainerFileSystem.create({ upper: tree }) };
}

export function text(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/** Asserts that `action` fails with exactly this errno, path and syscall. */
export function expectFsError(
  action: () => unknown,
  code: FsErrorCode,
  path?: string,
  syscall?: string,
): void {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected ${code}`).toBeInstanceOf(FsError);
  const error = thrown as FsError;
  expect(error.code).toBe(code);
  if (path !== undefined) expect(error.path).toBe(path);
  if (syscall !== undefined) expect(error.syscall).toBe(syscall);
}
