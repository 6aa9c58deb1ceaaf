import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SimClock } from '../clock.js';
import { ContainerFileSystem } from '../runtime/fs/container-file-system.js';
import { NodeDisks } from './node-disks.js';

/** The filesystem view of one node's disk. */
function diskOf(disks: NodeDisks, node: string) {
  const tree = disks.tree(node);
  if (!tree) throw new Error(`no disk for ${node}`);
  return ContainerFileSystem.create({ upper: tree });
}

describe('node disks', () => {
  let dir: string;
  const clock = new SimClock({ speed: 0, start: new Date('2025-03-01T10:00:00Z') });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pod-course-disks-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('start as a kind node, keep what was written across a close and an open', async () => {
    const first = await NodeDisks.open(dir, ['node-a', 'node-b'], clock);
    const fs = diskOf(first, 'node-a');
    expect(fs.readdir('/etc/kubernetes/manifests')).toEqual([]);
    fs.mkdir('/data');
    fs.writeFile('/data/note', 'kept\n');
    await first.close();
    const second = await NodeDisks.open(dir, ['node-a', 'node-b'], clock);
    const again = diskOf(second, 'node-a');
    expect(new TextDecoder().decode(again.readFile('/data/note'))).toBe('kept\n');
    expect(again.stat('/tmp').mode & 0o7777).toBe(0o1777);
    // Nothing changed on node-b: nothing was written for it.
    await expect(readFile(join(dir, 'node-b.json'))).rejects.toThrow();
    await second.close();
  });

  it('replace a damaged snapshot with a fresh disk', async () => {
    await writeFile(join(dir, 'node-a.json'), '{"v":1,"root":');
    const disks = await NodeDisks.open(dir, ['node-a'], clock);
    const fs = diskOf(disks, 'node-a');
    expect(fs.exists('/var/log/pods')).toBe(true);
    await disks.close();
  });
});
