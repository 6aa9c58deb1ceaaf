import { describe, expect, it } from 'vitest';
import { FsFault } from './fs-fault.js';
import { manualClock } from './fs-test-helpers.js';
import { MemoryTree } from './memory-tree.js';
import { StorageQuota } from './storage-quota.js';
import type { FileNode } from './tree-nodes.js';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof FsFault) return error.code;
    throw error;
  }
  return undefined;
}

describe('MemoryTree', () => {
  it('fills a bounded disk with appends and gives the room back on unlink', () => {
    const quota = new StorageQuota(1000, 100);
    const tree = new MemoryTree({ clock: manualClock(), quota });
    const file = tree.createFile(tree.root, 'f');
    let appended = 0;
    // `while true; do echo x >> f; done`
    while (codeOf(() => tree.appendContent(file, new Uint8Array([0x78, 0x0a]))) === undefined) {
      appended++;
    }
    expect(appended).toBe(500);
    expect(file.size).toBe(1000);
    // Spare capacity for amortised appends stays within twice the content.
    expect(file.data.length).toBeLessThanOrEqual(2000);
    expect(quota.usedBytes).toBe(1000);
    tree.remove(tree.root, 'f');
    expect(quota.usedBytes).toBe(0);
    expect(quota.usedEntries).toBe(1);
  });

  it('frees a hard-linked file only with its last name, and whole directories at once', () => {
    const quota = new StorageQuota();
    const tree = new MemoryTree({ clock: manualClock(), quota });
    const file = tree.createFile(tree.root, 'a', { data: new Uint8Array(10) });
    tree.link(tree.root, 'b', file);
    tree.remove(tree.root, 'a');
    expect([file.nlink, quota.usedBytes]).toEqual([1, 10]);
    tree.remove(tree.root, 'b');
    expect(quota.usedBytes).toBe(0);
    const dir = tree.mkdir(tree.root, 'd');
    tree.createFile(tree.mkdir(dir, 'e'), 'f', { data: new Uint8Array(5) });
    expect(quota.usedEntries).toBe(4);
    tree.remove(tree.root, 'd');
    expect([quota.usedEntries, quota.usedBytes]).toEqual([1, 0]);
  });

  it('leaves the books straight when a create fails', () => {
    const quota = new StorageQuota();
    const tree = new MemoryTree({ clock: manualClock(), quota });
    tree.createFile(tree.root, 'a', { data: new Uint8Array(3) });
    expect(codeOf(() => tree.createFile(tree.root, 'a', { data: new Uint8Array(7) }))).toBe(
      'EEXIST',
    );
    expect([quota.usedEntries, quota.usedBytes]).toEqual([2, 3]);
  });

  it('zeroes what truncate cut off when the file grows again', () => {
    const tree = new MemoryTree({ clock: manualClock() });
    const file = tree.createFile(tree.root, 'f', { data: new TextEncoder().encode('abcdef') });
    tree.truncate(file, 2);
    tree.truncate(file, 4);
    expect([...file.data.subarray(0, file.size)]).toEqual([0x61, 0x62, 0, 0]);
  });

  it('does not let callers change stored content through their own buffer', () => {
    const tree = new MemoryTree({ clock: manualClock() });
    const buffer = new Uint8Array([1, 2, 3]);
    const file = tree.createFile(tree.root, 'f', { data: buffer });
    tree.replaceContent(file, buffer);
    buffer[0] = 9;
    expect((tree.get('/f') as FileNode).data[0]).toBe(1);
  });

  it('stamps mtimes from the clock it is given', () => {
    const clock = manualClock();
    const tree = new MemoryTree({ clock });
    const file = tree.createFile(tree.root, 'f');
    clock.advance(1234);
    tree.appendContent(file, new Uint8Array([1]));
    expect(file.mtimeMs).toBe(clock.now().getTime());
    expect(tree.root.mtimeMs).toBe(clock.now().getTime() - 1234);
  });
});
