import { describe, expect, it } from 'vitest';
import { container, volume } from './fs-test-helpers.js';

/** A tmpfs mount charges the writing container's memory: what it writes, minus what it frees. */
describe('ContainerFileSystem memory-backed mounts', () => {
  it('charges writes, appends, truncation and removal to the mount’s account', () => {
    const shm = volume();
    const charges: number[] = [];
    const memory = { charge: (bytes: number) => charges.push(bytes) };
    const fs = container({ mounts: [{ path: '/dev/shm', tree: shm.tree, memory }] });
    fs.writeFile('/dev/shm/a', new Uint8Array(1000));
    fs.writeFile('/dev/shm/a', new Uint8Array(500), { append: true });
    fs.truncate('/dev/shm/a', 200);
    fs.rename('/dev/shm/a', '/dev/shm/b');
    fs.unlink('/dev/shm/b');
    expect(charges).toEqual([1000, 500, -1300, -200]);
    // Writes elsewhere are the disk's business, not memory's.
    fs.writeFile('/tmp/file', new Uint8Array(4096));
    expect(charges).toHaveLength(4);
  });

  it('charges each container for its own writes into a shared tmpfs', () => {
    const shared = volume();
    const a: number[] = [];
    const b: number[] = [];
    const first = container({
      mounts: [{ path: '/data', tree: shared.tree, memory: { charge: (n) => a.push(n) } }],
    });
    const second = container({
      mounts: [{ path: '/data', tree: shared.tree, memory: { charge: (n) => b.push(n) } }],
    });
    first.writeFile('/data/x', 'hello');
    second.writeFile('/data/y', 'hi');
    second.unlink('/data/x');
    expect(a).toEqual([5]);
    expect(b).toEqual([2, -5]);
  });
});
