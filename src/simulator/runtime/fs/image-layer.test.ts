import { describe, expect, it } from 'vitest';
import { ContainerFileSystem } from './container-file-system.js';
import { manualClock, text } from './fs-test-helpers.js';
import { defineImageLayer, ImageLayerBuilder, newContainerLayer } from './image-layer.js';

/** A tiny fake image, built the way the real image catalogue describes busybox or nginx. */
const fakeBusybox = defineImageLayer(
  (image) => {
    image.dir('/tmp', { mode: 0o1777 });
    image.dir('/root', { mode: 0o700 });
    image.executable('/bin/busybox', '#!busybox');
    image.hardlinks('/bin/busybox', ['/bin/sh', '/bin/sleep']);
    image.symlinks('/bin/busybox', ['/usr/bin/env']);
    image.files({ '/etc/passwd': 'root:x:0:0:root:/root:/bin/sh\n', '/etc/group': 'root:x:0:\n' });
    image.file('/home/user/.profile', 'export PS1\n', { uid: 1000, gid: 1000 });
    image.device('/dev/null', 'null');
  },
  { mtime: new Date(Date.UTC(2024, 0, 1)) },
);

function boot(image = fakeBusybox) {
  const clock = manualClock();
  return ContainerFileSystem.create({ image, upper: newContainerLayer(image, { clock }) });
}

describe('image layers', () => {
  it('describes directories, files, hard links, symlinks and devices', () => {
    const fs = boot();
    expect(fs.readdir('/')).toEqual(['bin', 'dev', 'etc', 'home', 'root', 'tmp', 'usr']);
    expect(fs.stat('/tmp').mode).toBe(0o1777);
    expect(fs.stat('/root').mode).toBe(0o700);
    expect(fs.stat('/bin/sleep')).toMatchObject({
      mode: 0o755,
      nlink: 3,
      ino: fs.stat('/bin/busybox').ino,
    });
    expect(fs.readlink('/usr/bin/env')).toBe('/bin/busybox');
    expect(fs.stat('/home/user/.profile')).toMatchObject({ uid: 1000, gid: 1000, mode: 0o644 });
    expect(fs.stat('/home').mode).toBe(0o755);
    expect(fs.stat('/etc/passwd').mtimeMs).toBe(Date.UTC(2024, 0, 1));
    expect(fs.stat('/dev/null').size).toBe(0);
  });

  it('extends a base image without touching it (FROM base)', () => {
    const derived = new ImageLayerBuilder({
      base: fakeBusybox,
      mtime: new Date(Date.UTC(2024, 6, 1)),
    })
      .file('/etc/motd', 'derived\n')
      .remove('/etc/group')
      .hardlink('/bin/cat', '/bin/busybox')
      .build();
    const fs = boot(derived);
    expect(text(fs.readFile('/etc/motd'))).toBe('derived\n');
    expect(fs.exists('/etc/group')).toBe(false);
    expect(fs.stat('/bin/cat').nlink).toBe(4);
    expect(fs.stat('/etc/passwd').ino).toBe(boot().stat('/etc/passwd').ino);
    expect(fs.stat('/etc/passwd').mtimeMs).toBe(Date.UTC(2024, 0, 1));
    const base = boot();
    expect(base.exists('/etc/group')).toBe(true);
    expect(base.exists('/etc/motd')).toBe(false);
    expect(base.stat('/bin/busybox').nlink).toBe(3);
  });

  it('gives a container layer inode numbers after the image ones', () => {
    const fs = boot();
    fs.writeFile('/tmp/new', '');
    expect(fs.stat('/tmp/new').ino).toBeGreaterThanOrEqual(fakeBusybox.tree.nextIno);
  });

  it('reports builder mistakes clearly', () => {
    const builder = new ImageLayerBuilder().file('/etc/passwd', '');
    expect(() => builder.file('/etc/passwd/x', '')).toThrow(
      'image: /etc/passwd: passwd is not a directory',
    );
    expect(() => builder.hardlink('/bin/x', '/nope')).toThrow(
      'image: cannot hard-link /bin/x to /nope',
    );
    expect(() => builder.symlink('/', 'x')).toThrow('does not name an entry');
  });
});
