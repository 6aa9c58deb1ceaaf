import { describe, expect, it } from 'vitest';
import { ContainerFileSystem } from './container-file-system.js';
import { newDevTree } from './dev-tree.js';
import { container, expectFsError, manualClock, text, volume } from './fs-test-helpers.js';
import { MemoryTree } from './memory-tree.js';

describe('ContainerFileSystem mounts', () => {
  it('shares one volume between two containers at different paths, at once', () => {
    const shared = volume();
    const nginx = container({ mounts: [{ path: '/usr/share/nginx/html', tree: shared.tree }] });
    const debian = container({ mounts: [{ path: '/pod-data', tree: shared.tree }] });
    // The volume hides what the image had at the mount point.
    expect(nginx.readdir('/usr/share/nginx/html')).toEqual([]);
    debian.writeFile('/pod-data/index.html', 'Hello from the debian container');
    expect(text(nginx.readFile('/usr/share/nginx/html/index.html'))).toBe(
      'Hello from the debian container',
    );
    nginx.unlink('/usr/share/nginx/html/index.html');
    expect(debian.readdir('/pod-data')).toEqual([]);
    expect(shared.fs.readdir('/')).toEqual([]);
  });

  it('refuses every write under a readOnly mount, also through symlinks', () => {
    const shared = volume();
    shared.fs.writeFile('/file', 'v1');
    shared.fs.mkdir('/dir');
    const writer = container({ mounts: [{ path: '/data', tree: shared.tree }] });
    const reader = container({ mounts: [{ path: '/data', tree: shared.tree, readOnly: true }] });
    reader.symlink('/data/file', '/tmp/file-link');
    reader.symlink('/data/dir', '/tmp/dir-link');
    expectFsError(() => reader.writeFile('/tmp/file-link', 'x'), 'EROFS', '/tmp/file-link');
    expectFsError(() => reader.writeFile('/tmp/dir-link/new', 'x'), 'EROFS');
    expectFsError(() => reader.chmod('/tmp/file-link', 0o777), 'EROFS');
    expectFsError(() => reader.truncate('/data/file', 0), 'EROFS');
    expectFsError(() => reader.mkdir('/data/dir/sub'), 'EROFS');
    expectFsError(() => reader.symlink('x', '/data/l'), 'EROFS');
    expectFsError(() => reader.unlink('/data/file'), 'EROFS');
    expectFsError(() => reader.rmdir('/data/dir'), 'EROFS');
    expectFsError(() => reader.rename('/data/file', '/data/file2'), 'EROFS');
    // The unlink of the link itself is in the writable root: allowed.
    reader.unlink('/tmp/file-link');
    // The other container's writes show through the read-only mount.
    writer.writeFile('/data/file', 'v2');
    expect(text(reader.readFile('/data/file'))).toBe('v2');
    expect(reader.mounts()).toEqual([
      { path: '/', readOnly: false },
      { path: '/data', readOnly: true },
    ]);
  });

  it('bind-mounts single files (/etc/hosts, /dev/termination-log) from the kubelet tree', () => {
    const pod = volume();
    pod.fs.writeFile('/etc-hosts', '# Kubernetes-managed hosts file.\n');
    pod.fs.mkdir('/containers/app', { recursive: true });
    pod.fs.writeFile('/containers/app/termination-log', '');
    const fs = container({
      mounts: [
        { path: '/etc/hosts', tree: pod.tree, source: '/etc-hosts' },
        { path: '/dev/termination-log', tree: pod.tree, source: '/containers/app/termination-log' },
      ],
    });
    expect(text(fs.readFile('/etc/hosts'))).toBe('# Kubernetes-managed hosts file.\n');
    expect(fs.readdir('/etc')).toEqual(['hostname', 'hosts', 'passwd']);
    expect(fs.readdir('/dev')).toEqual(['null', 'termination-log', 'zero']);
    fs.writeFile('/dev/termination-log', 'bye');
    expect(text(pod.fs.readFile('/containers/app/termination-log'))).toBe('bye');
    fs.writeFile('/etc/hosts', '1.2.3.4 extra\n', { append: true });
    expect(text(pod.fs.readFile('/etc-hosts'))).toContain('1.2.3.4 extra');
  });

  it('mounts a subPath, resolving symlinks inside the volume at mount time', () => {
    const config = volume();
    config.fs.mkdir('/..2024_05_14_10_21_33.1');
    config.fs.writeFile('/..2024_05_14_10_21_33.1/app.conf', 'color=blue\n');
    config.fs.symlink('..2024_05_14_10_21_33.1', '/..data');
    config.fs.symlink('..data/app.conf', '/app.conf');
    const data = volume();
    data.fs.mkdir('/logs/app', { recursive: true });
    const fs = container({
      mounts: [
        { path: '/etc/app.conf', tree: config.tree, source: 'app.conf', readOnly: true },
        { path: '/var/log/app', tree: data.tree, source: '/logs/app' },
      ],
    });
    expect(text(fs.readFile('/etc/app.conf'))).toBe('color=blue\n');
    expect(fs.lstat('/etc/app.conf').type).toBe('file');
    fs.writeFile('/var/log/app/out.log', 'x');
    expect(data.fs.readdir('/logs/app')).toEqual(['out.log']);
    // The subPath mount cannot climb out of its directory into the rest of the volume.
    expect(fs.realpath('/var/log/app/..')).toBe('/var/log');
  });

  it('creates missing mount points, resolving symlinks on the way inside the container', () => {
    const token = volume();
    const fs = container({
      mounts: [{ path: '/var/run/secrets/kubernetes.io/serviceaccount', tree: token.tree }],
      readOnlyRootFilesystem: true,
    });
    expect(fs.mounts().map((m) => m.path)).toEqual([
      '/',
      '/run/secrets/kubernetes.io/serviceaccount',
    ]);
    expect(fs.readdir('/var/run/secrets/kubernetes.io')).toEqual(['serviceaccount']);
    token.fs.writeFile('/namespace', 'default');
    expect(text(fs.readFile('/var/run/secrets/kubernetes.io/serviceaccount/namespace'))).toBe(
      'default',
    );
  });

  it('shows nested mount points in listings and crosses mounts both ways', () => {
    const outer = volume();
    const inner = volume();
    inner.fs.writeFile('/inner.txt', 'inner');
    inner.fs.symlink('/etc/hostname', '/to-root');
    outer.fs.symlink('sub/inner.txt', '/to-inner');
    const fs = container({
      mounts: [
        { path: '/data/sub', tree: inner.tree },
        { path: '/data', tree: outer.tree },
      ],
    });
    expect(fs.readdir('/data')).toEqual(['sub', 'to-inner']);
    expect(fs.readdir('/')).toContain('data');
    expect(text(fs.readFile('/data/to-inner'))).toBe('inner');
    expect(text(fs.readFile('/data/sub/to-root'))).toBe('image\n');
    expect(fs.realpath('/data/sub/../sub/./..')).toBe('/data');
    fs.rename('/data/sub/inner.txt', '/data/sub/renamed.txt');
    expect(inner.fs.readdir('/')).toEqual(['renamed.txt', 'to-root']);
    // The runtime made the mount point inside the outer volume, as runc does.
    expect(outer.fs.readdir('/')).toEqual(['sub', 'to-inner']);
  });

  it('lets a node view and a hostPath mount share the node disk', () => {
    const node = new MemoryTree({ clock: manualClock() });
    const nodeFs = ContainerFileSystem.create({ upper: node });
    nodeFs.mkdir('/data/logs', { recursive: true });
    const pod = container({ mounts: [{ path: '/logs', tree: node, source: '/data/logs' }] });
    pod.writeFile('/logs/app.log', 'line\n', { append: true });
    expect(text(nodeFs.readFile('/data/logs/app.log'))).toBe('line\n');
  });

  it('fails to mount a missing source or a file over a directory', () => {
    const pod = volume();
    pod.fs.writeFile('/f', '');
    expectFsError(
      () => container({ mounts: [{ path: '/x', tree: pod.tree, source: '/missing' }] }),
      'ENOENT',
      '/missing',
      'mount',
    );
    expectFsError(
      () => container({ mounts: [{ path: '/etc', tree: pod.tree, source: '/f' }] }),
      'EISDIR',
      '/etc',
      'mount',
    );
  });

  it('emulates /dev/null and /dev/zero, writable even on a read-only root', () => {
    const fs = container({ readOnlyRootFilesystem: true });
    fs.writeFile('/dev/null', 'discarded', { append: true });
    fs.writeFile('/dev/null', 'discarded');
    fs.truncate('/dev/null', 0);
    expect(fs.readFile('/dev/null')).toEqual(new Uint8Array(0));
    expect(fs.stat('/dev/null')).toMatchObject({ type: 'file', device: 'null', size: 0 });
    expect(fs.stat('/etc/hostname').device).toBeUndefined();
    expect(fs.readRange('/dev/zero', 0, 4)).toEqual(new Uint8Array(4));
    expect(fs.readRange('/dev/null', 0, 4)).toEqual(new Uint8Array(0));
  });

  it('mounts the runtime /dev with the termination log inside it', () => {
    const clock = manualClock();
    const pod = volume(clock);
    pod.fs.writeFile('/termination-log', '');
    const fs = container({
      clock,
      readOnlyRootFilesystem: true,
      mounts: [
        { path: '/dev/termination-log', tree: pod.tree, source: '/termination-log' },
        { path: '/dev', tree: newDevTree({ clock }) },
      ],
    });
    expect(fs.readdir('/dev')).toEqual([
      'core',
      'fd',
      'mqueue',
      'null',
      'ptmx',
      'pts',
      'random',
      'shm',
      'stderr',
      'stdin',
      'stdout',
      'termination-log',
      'urandom',
      'zero',
    ]);
    fs.writeFile('/dev/null', 'x');
    fs.writeFile('/dev/shm/lock', 'x');
    fs.writeFile('/dev/termination-log', 'done');
    expect(text(pod.fs.readFile('/termination-log'))).toBe('done');
    expect(fs.readlink('/dev/stdout')).toBe('/proc/self/fd/1');
    expect(fs.readRange('/dev/urandom', 0, 16).length).toBe(16);
  });
});
