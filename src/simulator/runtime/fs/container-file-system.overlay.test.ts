import { describe, expect, it } from 'vitest';
import { ContainerFileSystem } from './container-file-system.js';
import { container, manualClock, text, tinyImage } from './fs-test-helpers.js';
import { newContainerLayer } from './image-layer.js';
import { StorageQuota } from './storage-quota.js';

/** Copy-on-write over a shared image layer, as overlayfs does it. */
describe('ContainerFileSystem over an image layer', () => {
  it('isolates two containers of the same image from each other and from the image', () => {
    const image = tinyImage();
    const a = container({ image });
    const b = container({ image });
    a.writeFile('/etc/hostname', 'a\n');
    a.writeFile('/var/log/boot.log', 'more\n', { append: true });
    a.unlink('/etc/passwd');
    a.mkdir('/srv');
    expect(text(a.readFile('/etc/hostname'))).toBe('a\n');
    expect(text(a.readFile('/var/log/boot.log'))).toBe('booted\nmore\n');
    expect(text(b.readFile('/etc/hostname'))).toBe('image\n');
    expect(text(b.readFile('/var/log/boot.log'))).toBe('booted\n');
    expect(b.exists('/etc/passwd')).toBe(true);
    expect(b.exists('/srv')).toBe(false);
    // A third container, started later (a restart), sees the pristine image.
    expect(text(container({ image }).readFile('/etc/hostname'))).toBe('image\n');
  });

  it('copies up on first write only, keeping inode number, mode and the parent mtime', () => {
    const clock = manualClock();
    const fs = container({ clock });
    const before = fs.stat('/etc/hostname');
    const etcBefore = fs.stat('/etc');
    clock.advance(60_000);
    fs.chmod('/etc/hostname', 0o600);
    const after = fs.stat('/etc/hostname');
    expect(after.ino).toBe(before.ino);
    expect(after.mode).toBe(0o600);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(fs.stat('/etc').mtimeMs).toBe(etcBefore.mtimeMs);
    fs.writeFile('/etc/hostname', 'new\n');
    expect(fs.stat('/etc/hostname').mtimeMs).toBe(clock.now().getTime());
    expect(fs.stat('/etc/hostname').mtimeMs).not.toBe(before.mtimeMs);
  });

  it('charges copied-up content to the container disk', () => {
    const quota = new StorageQuota();
    const fs = container({ quota });
    const start = quota.usedBytes;
    fs.writeFile('/var/log/boot.log', 'x', { append: true });
    expect(quota.usedBytes - start).toBe('booted\nx'.length);
  });

  it('hides deleted image files behind whiteouts and lets them be made again', () => {
    const image = tinyImage();
    const upper = newContainerLayer(image, { clock: manualClock() });
    const fs = ContainerFileSystem.create({ image, upper });
    fs.unlink('/etc/passwd');
    expect(fs.readdir('/etc')).toEqual(['hostname', 'hosts']);
    expect(upper.get('/etc/passwd')?.type).toBe('whiteout');
    fs.writeFile('/etc/passwd', 'mine\n');
    expect(text(fs.readFile('/etc/passwd'))).toBe('mine\n');
    expect(upper.get('/etc/passwd')?.type).toBe('file');
  });

  it('makes a directory re-created over a deleted image directory opaque', () => {
    const fs = container();
    fs.unlink('/var/log/boot.log');
    fs.rmdir('/var/log');
    expect(fs.readdir('/var')).toEqual(['run']);
    fs.mkdir('/var/log');
    expect(fs.readdir('/var/log')).toEqual([]);
    fs.writeFile('/var/log/new.log', '');
    expect(fs.readdir('/var/log')).toEqual(['new.log']);
  });

  it('merges image and container entries in one listing', () => {
    const fs = container();
    fs.writeFile('/etc/motd', 'hi');
    expect(fs.readdir('/etc')).toEqual(['hostname', 'hosts', 'motd', 'passwd']);
    expect(fs.stat('/usr').nlink).toBe(3);
    fs.mkdir('/usr/local');
    expect(fs.stat('/usr').nlink).toBe(4);
  });

  it('renames image directories with all their content', () => {
    const image = tinyImage();
    const fs = container({ image });
    fs.rename('/usr/share', '/usr/moved');
    expect(text(fs.readFile('/usr/moved/nginx/html/index.html'))).toBe('<h1>image</h1>\n');
    expect(fs.exists('/usr/share')).toBe(false);
    expect(fs.readdir('/usr')).toEqual(['moved']);
    // And back again, onto the whiteout it left.
    fs.rename('/usr/moved', '/usr/share');
    expect(fs.readdir('/usr/share/nginx/html')).toEqual(['index.html']);
    expect(container({ image }).readdir('/usr')).toEqual(['share']);
  });

  it('renames an image file over another image file', () => {
    const fs = container();
    fs.rename('/etc/hosts', '/etc/hostname');
    expect(text(fs.readFile('/etc/hostname'))).toBe('127.0.0.1\tlocalhost\n');
    expect(fs.readdir('/etc')).toEqual(['hostname', 'passwd']);
  });

  it('shows the image hard links (busybox applets) and can add one', () => {
    const fs = container();
    expect(fs.stat('/bin/sh').ino).toBe(fs.stat('/bin/busybox').ino);
    expect(fs.stat('/bin/sh').nlink).toBe(3);
    expect(fs.stat('/bin/cat').ino).toBe(fs.stat('/bin/busybox').ino);
    expect(fs.lstat('/bin/cat').type).toBe('symlink');
    fs.link('/etc/hostname', '/etc/hostname2');
    fs.writeFile('/etc/hostname', 'both\n');
    expect(text(fs.readFile('/etc/hostname2'))).toBe('both\n');
    expect(fs.stat('/etc/hostname2').nlink).toBe(2);
  });

  it('refuses writes to a shared image tree outright', () => {
    const image = tinyImage();
    expect(() => image.tree.mkdir(image.tree.root, 'x')).toThrow();
    expect(image.tree.frozen).toBe(true);
  });
});
