import { describe, expect, it } from 'vitest';
import { container, expectFsError, text, volume } from './fs-test-helpers.js';

describe('ContainerFileSystem path resolution', () => {
  it('handles ., .., repeated and trailing slashes', () => {
    const fs = container();
    expect(text(fs.readFile('//etc/./../etc//hostname'))).toBe('image\n');
    expect(fs.stat('/etc/').type).toBe('directory');
    expect(fs.realpath('/etc/../var/./log/')).toBe('/var/log');
  });

  it('keeps .. at / at /', () => {
    const fs = container();
    expect(fs.realpath('/../../..')).toBe('/');
    expect(text(fs.readFile('/../../etc/hostname'))).toBe('image\n');
    expect(fs.withCwd('/').realpath('..')).toBe('/');
  });

  it('resolves relative paths from the working directory, physically', () => {
    const fs = container().withCwd('/etc');
    expect(fs.cwd).toBe('/etc');
    expect(text(fs.readFile('hostname'))).toBe('image\n');
    fs.writeFile('motd', 'hello');
    expect(text(fs.readFile('/etc/motd'))).toBe('hello');
    // /var/run -> /run: the working directory is /run, so .. is /, not /var.
    const inRun = fs.withCwd('/var/run');
    expect(inRun.cwd).toBe('/run');
    expect(inRun.realpath('..')).toBe('/');
    expect(text(inRun.readFile('../etc/hostname'))).toBe('image\n');
  });

  it('follows relative and absolute symlinks, inside the container root', () => {
    const fs = container();
    fs.mkdir('/tmp/a/b', { recursive: true });
    fs.symlink('../../../etc/hostname', '/tmp/a/b/rel');
    fs.symlink('/etc', '/tmp/abs');
    expect(text(fs.readFile('/tmp/a/b/rel'))).toBe('image\n');
    expect(text(fs.readFile('/tmp/abs/hostname'))).toBe('image\n');
    expect(fs.realpath('/tmp/abs/hostname')).toBe('/etc/hostname');
    // Far too many ..: still inside the root.
    fs.symlink('../../../../../../../../etc/passwd', '/tmp/escape');
    expect(fs.realpath('/tmp/escape')).toBe('/etc/passwd');
    // A symlink whose parent is reached through a symlink resolves from its real directory.
    fs.symlink('b/rel', '/tmp/a/via');
    expect(fs.realpath('/tmp/abs/../tmp/a/via')).toBe('/etc/hostname');
  });

  it('lstat and readlink do not follow a final symlink; a trailing slash does', () => {
    const fs = container();
    fs.symlink('/etc', '/tmp/etc');
    expect(fs.lstat('/tmp/etc').type).toBe('symlink');
    expect(fs.lstat('/tmp/etc').size).toBe(4);
    expect(fs.lstat('/tmp/etc/').type).toBe('directory');
    expect(fs.readlink('/tmp/etc')).toBe('/etc');
    expect(fs.readdir('/tmp/etc/')).toContain('hostname');
  });

  it('creates the target of a dangling symlink on write, like open(O_CREAT)', () => {
    const fs = container();
    fs.symlink('/tmp/target', '/tmp/link');
    fs.writeFile('/tmp/link', 'through');
    expect(text(fs.readFile('/tmp/target'))).toBe('through');
    expect(fs.lstat('/tmp/link').type).toBe('symlink');
  });

  it('unlink and rename act on the link itself, not its target', () => {
    const fs = container();
    fs.symlink('/etc/hostname', '/tmp/link');
    fs.rename('/tmp/link', '/tmp/moved');
    expect(fs.readlink('/tmp/moved')).toBe('/etc/hostname');
    fs.unlink('/tmp/moved');
    expect(fs.exists('/etc/hostname')).toBe(true);
  });

  it('resolves symlinks inside a volume against the container root, never the volume', () => {
    const shared = volume();
    shared.fs.symlink('/etc/hostname', '/host-name');
    shared.fs.symlink('../../etc/hostname', '/up');
    const fs = container({ mounts: [{ path: '/data', tree: shared.tree }] });
    expect(text(fs.readFile('/data/host-name'))).toBe('image\n');
    // Leaving the mount with ..: /data/.. is /.
    expect(fs.realpath('/data/up')).toBe('/etc/hostname');
    expect(fs.realpath('/data/..')).toBe('/');
    // Seen from the volume's own tree the same links stay inside it.
    expectFsError(() => shared.fs.readFile('/host-name'), 'ENOENT');
  });

  it('reports sorted names, dot-files included, without . and ..', () => {
    const fs = container();
    for (const name of ['b', 'B', '..data', 'a', '_x']) fs.writeFile(`/tmp/${name}`, '');
    expect(fs.readdir('/tmp')).toEqual(['..data', 'B', '_x', 'a', 'b']);
    // Byte order, not UTF-16 order: U+FF01 (EF BC 81) sorts before U+1F600 (F0 9F 98 80).
    fs.mkdir('/tmp/u');
    fs.writeFile('/tmp/u/\u{1F600}', '');
    fs.writeFile('/tmp/u/\uFF01', '');
    expect(fs.readdir('/tmp/u')).toEqual(['\uFF01', '\u{1F600}']);
  });
});
