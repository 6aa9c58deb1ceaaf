import { describe, expect, it } from 'vitest';
import { FsError } from './file-system.js';
import { container, expectFsError, manualClock, text, volume } from './fs-test-helpers.js';
import { StorageQuota } from './storage-quota.js';

/** Every errno the filesystem produces, with the path and syscall it blames. */
describe('ContainerFileSystem errors', () => {
  it('carries the strerror text in its message', () => {
    const fs = container();
    expect(() => fs.readFile('/nope')).toThrow('open /nope: No such file or directory');
  });

  it('ENOENT: missing entries and missing parents, naming the path the caller gave', () => {
    const fs = container();
    expectFsError(() => fs.stat('/nope'), 'ENOENT', '/nope', 'stat');
    expectFsError(() => fs.readFile('/nope/x'), 'ENOENT', '/nope/x', 'open');
    expectFsError(() => fs.writeFile('/nope/x', 'a'), 'ENOENT', '/nope/x', 'open');
    expectFsError(() => fs.mkdir('/a/b'), 'ENOENT', '/a/b', 'mkdir');
    expectFsError(() => fs.unlink('/tmp/x'), 'ENOENT', '/tmp/x', 'unlink');
    expectFsError(() => fs.rmdir('/tmp/x'), 'ENOENT', '/tmp/x', 'rmdir');
    expectFsError(() => fs.readlink('/tmp/x'), 'ENOENT', '/tmp/x', 'readlink');
    expectFsError(() => fs.readdir('/tmp/x'), 'ENOENT', '/tmp/x', 'scandir');
    expectFsError(() => fs.stat(''), 'ENOENT', '', 'stat');
    expectFsError(() => fs.withCwd('/nope'), 'ENOENT', '/nope', 'chdir');
  });

  it('ENOENT: a dangling symlink can be lstat-ed but not stat-ed; rename blames the right operand', () => {
    const fs = container();
    fs.symlink('/tmp/missing', '/tmp/dangling');
    expect(fs.lstat('/tmp/dangling').type).toBe('symlink');
    expectFsError(() => fs.stat('/tmp/dangling'), 'ENOENT', '/tmp/dangling');
    expectFsError(() => fs.rename('/tmp/nope', '/tmp/y'), 'ENOENT', '/tmp/nope', 'rename');
    expectFsError(() => fs.rename('/etc/hostname', '/nope/y'), 'ENOENT', '/nope/y', 'rename');
    expectFsError(() => fs.symlink('', '/tmp/empty'), 'ENOENT', '/tmp/empty', 'symlink');
  });

  it('EEXIST: creating over anything, even a dangling symlink', () => {
    const fs = container();
    fs.symlink('/tmp/missing', '/tmp/dangling');
    expectFsError(() => fs.mkdir('/etc'), 'EEXIST', '/etc', 'mkdir');
    expectFsError(() => fs.mkdir('/etc/hostname'), 'EEXIST');
    expectFsError(() => fs.mkdir('/tmp/dangling'), 'EEXIST');
    expectFsError(() => fs.mkdir('/'), 'EEXIST');
    expectFsError(() => fs.mkdir('/etc/hostname', { recursive: true }), 'EEXIST');
    expectFsError(() => fs.writeFile('/etc/hostname', 'x', { exclusive: true }), 'EEXIST');
    expectFsError(() => fs.writeFile('/tmp/dangling', 'x', { exclusive: true }), 'EEXIST');
    expectFsError(() => fs.symlink('x', '/etc/hostname'), 'EEXIST', '/etc/hostname', 'symlink');
    expectFsError(() => fs.link('/etc/hostname', '/etc/passwd'), 'EEXIST', '/etc/passwd', 'link');
    // mkdir -p of an existing directory is fine.
    fs.mkdir('/etc', { recursive: true });
  });

  it('ENOTDIR: a file used as a directory, with or without a trailing slash', () => {
    const fs = container();
    fs.mkdir('/tmp/dir');
    expectFsError(() => fs.stat('/etc/hostname/x'), 'ENOTDIR', '/etc/hostname/x', 'stat');
    expectFsError(() => fs.stat('/etc/hostname/'), 'ENOTDIR', '/etc/hostname/');
    expectFsError(() => fs.readFile('/etc/hostname/'), 'ENOTDIR');
    expectFsError(() => fs.writeFile('/etc/hostname/', 'x'), 'ENOTDIR');
    expectFsError(() => fs.readdir('/etc/hostname'), 'ENOTDIR', '/etc/hostname', 'scandir');
    expectFsError(() => fs.rmdir('/etc/hostname'), 'ENOTDIR');
    expectFsError(() => fs.unlink('/etc/hostname/'), 'ENOTDIR');
    expectFsError(() => fs.mkdir('/etc/hostname/a/b', { recursive: true }), 'ENOTDIR');
    expectFsError(
      () => fs.rename('/tmp/dir', '/etc/hostname'),
      'ENOTDIR',
      '/etc/hostname',
      'rename',
    );
    expectFsError(() => fs.rename('/etc/hostname', '/tmp/file/'), 'ENOTDIR');
    expectFsError(() => fs.withCwd('/etc/hostname'), 'ENOTDIR', '/etc/hostname', 'chdir');
  });

  it('EISDIR: a directory used as a file', () => {
    const fs = container();
    fs.mkdir('/tmp/dir');
    expectFsError(() => fs.readFile('/etc'), 'EISDIR', '/etc', 'open');
    expectFsError(() => fs.readRange('/etc', 0, 1), 'EISDIR');
    expectFsError(() => fs.writeFile('/etc', 'x'), 'EISDIR');
    expectFsError(() => fs.writeFile('/tmp/new/', 'x'), 'EISDIR', '/tmp/new/');
    expectFsError(() => fs.writeFile('/tmp/.', 'x'), 'EISDIR');
    expectFsError(() => fs.unlink('/etc'), 'EISDIR', '/etc', 'unlink');
    expectFsError(() => fs.unlink('/'), 'EISDIR');
    expectFsError(() => fs.truncate('/etc', 0), 'EISDIR', '/etc', 'truncate');
    expectFsError(() => fs.rename('/etc/hostname', '/tmp/dir'), 'EISDIR', '/tmp/dir', 'rename');
  });

  it('ENOTEMPTY: removing or replacing a directory with content', () => {
    const fs = container();
    fs.mkdir('/tmp/a/b', { recursive: true });
    fs.mkdir('/tmp/c');
    expectFsError(() => fs.rmdir('/etc'), 'ENOTEMPTY', '/etc', 'rmdir');
    expectFsError(() => fs.rmdir('/tmp/a/b/..'), 'ENOTEMPTY');
    expectFsError(() => fs.rename('/tmp/c', '/tmp/a'), 'ENOTEMPTY', '/tmp/a', 'rename');
  });

  it('EINVAL: readlink of a non-link, moving a directory into itself, rmdir of "."', () => {
    const fs = container();
    fs.mkdir('/tmp/a/b', { recursive: true });
    expectFsError(() => fs.readlink('/etc/hostname'), 'EINVAL', '/etc/hostname', 'readlink');
    expectFsError(() => fs.rename('/tmp/a', '/tmp/a/b/c'), 'EINVAL', '/tmp/a', 'rename');
    expectFsError(() => fs.rmdir('/tmp/a/.'), 'EINVAL');
    expectFsError(() => fs.truncate('/etc/hostname', -1), 'EINVAL');
    expectFsError(() => fs.readRange('/etc/hostname', -1, 1), 'EINVAL');
  });

  it('ELOOP: symlink cycles, and the 41st link of a chain', () => {
    const fs = container();
    fs.symlink('b', '/tmp/a');
    fs.symlink('a', '/tmp/b');
    expectFsError(() => fs.stat('/tmp/a'), 'ELOOP', '/tmp/a', 'stat');
    expectFsError(() => fs.writeFile('/tmp/a', 'x'), 'ELOOP');
    expect(fs.lstat('/tmp/a').type).toBe('symlink');
    // l0 -> l1 -> … -> l40 -> /etc/hostname: 41 links to follow from l0, 40 from l1.
    for (let i = 0; i <= 40; i++)
      fs.symlink(i === 40 ? '/etc/hostname' : `l${i + 1}`, `/tmp/l${i}`);
    expect(text(fs.readFile('/tmp/l1'))).toBe('image\n');
    expectFsError(() => fs.readFile('/tmp/l0'), 'ELOOP');
  });

  it('EROFS: read-only mounts and a read-only root filesystem', () => {
    const config = volume();
    config.fs.writeFile('/color', 'blue');
    const fs = container({
      mounts: [{ path: '/etc/config', tree: config.tree, readOnly: true }],
      readOnlyRootFilesystem: true,
    });
    expectFsError(
      () => fs.writeFile('/etc/config/color', 'red'),
      'EROFS',
      '/etc/config/color',
      'open',
    );
    expectFsError(() => fs.writeFile('/tmp/x', 'x'), 'EROFS', '/tmp/x');
    expectFsError(() => fs.chmod('/etc/hostname', 0o600), 'EROFS');
    // Existence is checked first, as the kernel does.
    expectFsError(() => fs.mkdir('/etc'), 'EEXIST');
    expectFsError(() => fs.unlink('/etc/config/nope'), 'ENOENT');
  });

  it('EXDEV: rename and link cannot cross mounts', () => {
    const data = volume();
    const fs = container({ mounts: [{ path: '/data', tree: data.tree }] });
    fs.writeFile('/data/a', 'x');
    expectFsError(() => fs.rename('/data/a', '/tmp/a'), 'EXDEV', '/data/a', 'rename');
    expectFsError(() => fs.rename('/etc/hostname', '/data/h'), 'EXDEV');
    expectFsError(() => fs.link('/data/a', '/tmp/a'), 'EXDEV', '/tmp/a', 'link');
  });

  it('ENOSPC: the byte quota and the entry quota of a disk', () => {
    const quota = new StorageQuota(100, 1000);
    const fs = container({ quota });
    fs.writeFile('/tmp/f', 'x'.repeat(60));
    expectFsError(() => fs.writeFile('/tmp/g', 'y'.repeat(41)), 'ENOSPC', '/tmp/g', 'open');
    expect(fs.exists('/tmp/g')).toBe(false);
    const entries = volume(manualClock(), new StorageQuota(1_000_000, 4));
    entries.fs.writeFile('/a', '');
    entries.fs.mkdir('/b');
    entries.fs.symlink('a', '/c');
    expectFsError(() => entries.fs.writeFile('/d', ''), 'ENOSPC', '/d');
  });

  it('EBUSY: mount points, the root, and bind-mounted files', () => {
    const data = volume();
    const pod = volume();
    pod.fs.writeFile('/etc-hosts', '10.244.1.5\tweb\n');
    const fs = container({
      mounts: [
        { path: '/data', tree: data.tree },
        { path: '/etc/hosts', tree: pod.tree, source: '/etc-hosts' },
      ],
    });
    expectFsError(() => fs.rmdir('/data'), 'EBUSY', '/data', 'rmdir');
    expectFsError(() => fs.rmdir('/'), 'EBUSY', '/', 'rmdir');
    expectFsError(() => fs.unlink('/etc/hosts'), 'EBUSY', '/etc/hosts', 'unlink');
    expectFsError(() => fs.rename('/data', '/data2'), 'EBUSY', '/data', 'rename');
    expectFsError(() => fs.rename('/etc/passwd', '/etc/hosts'), 'EBUSY', '/etc/hosts', 'rename');
    expectFsError(() => fs.rename('/tmp/..', '/x'), 'EBUSY');
  });

  it('EPERM: no hard links to directories', () => {
    const fs = container();
    expectFsError(() => fs.link('/etc', '/tmp/etc'), 'EPERM', '/etc', 'link');
  });

  it('exists() swallows every error, never throws', () => {
    const fs = container();
    fs.symlink('loop', '/tmp/loop');
    expect(fs.exists('/tmp/loop')).toBe(false);
    expect(fs.exists('/etc/hostname/x')).toBe(false);
    expect(fs.exists('/etc/hostname')).toBe(true);
    expect(new FsError('EACCES', '/x', 'open').message).toBe('open /x: Permission denied');
  });
});
