import { describe, expect, it } from 'vitest';
import { ContainerFileSystem } from './container-file-system.js';
import { expectFsError, manualClock, text, tinyImage, volume } from './fs-test-helpers.js';
import { newContainerLayer } from './image-layer.js';
import type { SyntheticDirectory, Viewer } from './synthetic-backing.js';

/**
 * A generated filesystem mounted in a container: entries made at lookup, content that depends
 * on the reading view, a magic link into another container's filesystem, and no changes.
 */

const clock = manualClock();

function containerWith(root: SyntheticDirectory, mounts = volume(clock)) {
  const image = tinyImage();
  return ContainerFileSystem.create({
    image,
    upper: newContainerLayer(image, { clock }),
    mounts: [{ path: '/data', tree: mounts.tree }],
    pseudo: [{ path: '/gen', root, clock }],
  });
}

/** `/gen/who` names the reader; `/gen/other` leads into `other`'s root; `/gen/ro` is a tmpfs. */
function generated(other: () => ContainerFileSystem | undefined): SyntheticDirectory {
  let counter = 0;
  return {
    type: 'directory',
    names: () => ['count', 'other', 'ro', 'who'],
    child: (name, viewer: Viewer) => {
      if (name === 'who') {
        const label = (viewer as { label?: string } | undefined)?.label ?? 'nobody';
        return { type: 'file', content: () => `${label}\n` };
      }
      if (name === 'count') return { type: 'file', content: () => `${++counter}\n` };
      if (name === 'other') return { type: 'symlink', target: '/', enter: other };
      if (name === 'ro') {
        return { type: 'directory', names: () => [], child: () => undefined, writeError: 'EROFS' };
      }
      return undefined;
    },
  };
}

describe('synthetic (procfs-like) mounts', () => {
  it('generates entries at each lookup, per reader, and reports sizes of 0', () => {
    const fs = containerWith(generated(() => undefined));
    expect(fs.readdir('/gen')).toEqual(['count', 'other', 'ro', 'who']);
    expect(text(fs.readFile('/gen/count'))).toBe('1\n');
    expect(text(fs.readFile('/gen/count'))).toBe('2\n');
    expect(fs.stat('/gen/count')).toMatchObject({ type: 'file', size: 0, mode: 0o444 });
    expect(fs.stat('/gen/ro')).toMatchObject({ type: 'directory', size: 0, nlink: 2 });
    // The same inode number for a path at every lookup.
    expect(fs.stat('/gen/who').ino).toBe(fs.stat('/gen/who').ino);
    expect(text(fs.readFile('/gen/who'))).toBe('nobody\n');
    expect(text(fs.viewFor({ label: 'pid 7' }).readFile('/gen/who'))).toBe('pid 7\n');
    // A view keeps its reader across withCwd, and the mount stays out of the mount table.
    expect(text(fs.viewFor({ label: 'pid 8' }).withCwd('/gen').readFile('who'))).toBe('pid 8\n');
    expect(fs.mounts().map((m) => m.path)).toEqual(['/', '/data']);
    expectFsError(() => fs.readFile('/gen/none'), 'ENOENT', '/gen/none', 'open');
  });

  it('refuses every change: EACCES, or the directory’s own error', () => {
    const fs = containerWith(generated(() => undefined));
    expectFsError(() => fs.writeFile('/gen/new', 'x'), 'EACCES', '/gen/new', 'open');
    expectFsError(() => fs.writeFile('/gen/who', 'x'), 'EACCES');
    expectFsError(() => fs.unlink('/gen/who'), 'EACCES');
    expectFsError(() => fs.mkdir('/gen/ro/x'), 'EROFS');
  });

  it('follows a magic link into another filesystem, with that one’s mounts and writes', () => {
    const otherData = volume(clock);
    otherData.fs.writeFile('/shared.txt', 'from the other volume\n');
    let other: ContainerFileSystem | undefined;
    const fs = containerWith(generated(() => other));
    other = containerWith(
      generated(() => undefined),
      otherData,
    );
    other.writeFile('/tmp/mine', 'other\n');
    expect(fs.lstat('/gen/other')).toMatchObject({ type: 'symlink' });
    expect(fs.readlink('/gen/other')).toBe('/');
    expect(text(fs.readFile('/gen/other/tmp/mine'))).toBe('other\n');
    expect(text(fs.readFile('/gen/other/data/shared.txt'))).toBe('from the other volume\n');
    expect(fs.readdir('/gen/other/data')).toEqual(['shared.txt']);
    fs.writeFile('/gen/other/tmp/back', 'written through the link\n');
    expect(text(other.readFile('/tmp/back'))).toBe('written through the link\n');
    expect(fs.exists('/tmp/back')).toBe(false);
    // `..` at the other root stays there; an absolute symlink resolves from the reader's root,
    // as the kernel resolves one met past /proc/PID/root.
    expect(text(fs.readFile('/gen/other/../tmp/mine'))).toBe('other\n');
    fs.writeFile('/run/where', 'reader\n');
    other.writeFile('/run/where', 'other\n');
    expect(text(fs.readFile('/gen/other/var/run/where'))).toBe('reader\n');
    // A link whose target has no filesystem is an ordinary symlink to `/`.
    const lone = containerWith(generated(() => undefined));
    expect(lone.readdir('/gen/other/')).toContain('gen');
  });
});
