import { describe, expect, it } from 'vitest';
import { ContainerFileSystem } from './container-file-system.js';
import type { FileSystem } from './file-system.js';
import { manualClock, text, tinyImage, volume } from './fs-test-helpers.js';
import { newContainerLayer } from './image-layer.js';
import { StorageQuota } from './storage-quota.js';
import { deserializeTree, serializeTree } from './tree-codec.js';

/** Everything `ls -laiR` would show, to compare two filesystems. */
function listing(fs: FileSystem, dir = '/'): string[] {
  const lines: string[] = [];
  for (const name of fs.readdir(dir)) {
    const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
    const { type, mode, uid, gid, nlink, size, mtimeMs, ino } = fs.lstat(path);
    const extra =
      type === 'symlink'
        ? fs.readlink(path)
        : type === 'file' && size > 0
          ? Buffer.from(fs.readFile(path)).toString('hex')
          : '';
    lines.push(
      `${path} ${type} ${mode.toString(8)} ${uid}:${gid} ${nlink} ${size} ${mtimeMs} ${ino} ${extra}`,
    );
    if (type === 'directory') lines.push(...listing(fs, path));
  }
  return lines;
}

function roundTrip(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

describe('serializeTree / deserializeTree', () => {
  it('round-trips files, binary content, links, devices, modes, owners and times', () => {
    const clock = manualClock();
    const { tree, fs } = volume(clock, new StorageQuota(10_000, 100));
    fs.mkdir('/data/deep/er', { recursive: true, mode: 0o700 });
    fs.writeFile('/data/text.txt', 'héllo ✓\n');
    fs.writeFile('/data/bom.txt', '\uFEFFwith a byte order mark');
    fs.writeFile('/data/binary', new Uint8Array([0xff, 0x00, 0xc3, 0x28]));
    fs.writeFile('/data/empty', '');
    fs.link('/data/text.txt', '/data/deep/hard');
    fs.symlink('../text.txt', '/data/deep/soft');
    fs.chown('/data/deep', 1000, 2000);
    fs.chmod('/data/binary', 0o4755);
    clock.advance(5000);
    fs.writeFile('/data/deep/er/later', 'x');

    const restored = deserializeTree(roundTrip(serializeTree(tree)), { clock });
    const restoredFs = ContainerFileSystem.create({ upper: restored });
    expect(listing(restoredFs)).toEqual(listing(fs));
    expect(restored.quota.maxBytes).toBe(10_000);
    expect(restored.quota.usedBytes).toBe(tree.quota.usedBytes);
    expect(restored.quota.usedEntries).toBe(tree.quota.usedEntries);
    expect(restored.nextIno).toBe(tree.nextIno);
    // Still one inode behind both names.
    restoredFs.writeFile('/data/deep/hard', 'changed');
    expect(text(restoredFs.readFile('/data/text.txt'))).toBe('changed');
  });

  it('round-trips a container writable layer with whiteouts and opaque directories', () => {
    const image = tinyImage();
    const clock = manualClock();
    const upper = newContainerLayer(image, { clock });
    const fs = ContainerFileSystem.create({ image, upper });
    fs.unlink('/etc/passwd');
    fs.unlink('/var/log/boot.log');
    fs.rmdir('/var/log');
    fs.mkdir('/var/log');
    fs.writeFile('/var/log/mine.log', 'mine');
    fs.writeFile('/etc/hostname', 'web\n');

    const encoded = roundTrip(serializeTree(upper));
    const again = ContainerFileSystem.create({ image, upper: deserializeTree(encoded, { clock }) });
    expect(listing(again)).toEqual(listing(fs));
    expect(again.readdir('/var/log')).toEqual(['mine.log']);
    expect(again.exists('/etc/passwd')).toBe(false);
  });

  it('keeps unlimited quotas unlimited and can charge a shared quota instead', () => {
    const image = tinyImage();
    const encoded = roundTrip(serializeTree(image.tree)) as { maxBytes: unknown };
    expect(encoded.maxBytes).toBeNull();
    const clock = manualClock();
    expect(deserializeTree(encoded, { clock }).quota.maxBytes).toBe(Number.POSITIVE_INFINITY);
    const disk = new StorageQuota(1_000_000, 1000);
    deserializeTree(encoded, { clock, quota: disk });
    expect(disk.usedEntries).toBeGreaterThan(10);
  });

  it('handles a few thousand entries', () => {
    const clock = manualClock();
    const { tree, fs } = volume(clock);
    for (let d = 0; d < 50; d++) {
      fs.mkdir(`/d${d}`);
      for (let f = 0; f < 60; f++) fs.writeFile(`/d${d}/f${f}.log`, `line ${d}/${f}\n`);
    }
    const json = JSON.stringify(serializeTree(tree));
    const restored = deserializeTree(JSON.parse(json), { clock });
    expect(restored.quota.usedEntries).toBe(1 + 50 + 50 * 60);
    expect(text(ContainerFileSystem.create({ upper: restored }).readFile('/d49/f59.log'))).toBe(
      'line 49/59\n',
    );
  });

  it('rejects snapshots that are not trees', () => {
    const clock = manualClock();
    expect(() => deserializeTree(null, { clock })).toThrow('corrupt filesystem snapshot');
    expect(() => deserializeTree({ v: 2 }, { clock })).toThrow('corrupt filesystem snapshot');
    const bad = {
      v: 1,
      nextIno: 3,
      maxBytes: null,
      maxEntries: null,
      root: ['d', 2, 493, 0, 0, 0, ['x', ['?']], 0],
    };
    expect(() => deserializeTree(bad, { clock })).toThrow(
      'corrupt filesystem snapshot: bad node type "?"',
    );
  });
});
