import { describe, expect, it } from 'vitest';
import { ContainerFileSystem } from '../runtime/fs/container-file-system.js';
import { nodeFileSystem } from './node-filesystem.js';

describe('nodeFileSystem', () => {
  const fs = ContainerFileSystem.create({
    upper: nodeFileSystem({ now: () => new Date('2026-11-23T12:00:00Z') }),
  });

  it("has a kind node's directories, and no /data", () => {
    for (const path of ['/tmp', '/var/tmp', '/var/log', '/etc/kubernetes/manifests', '/usr/bin']) {
      expect(fs.stat(path).type).toBe('directory');
    }
    expect(fs.exists('/data')).toBe(false);
  });

  it('makes /tmp and /var/tmp sticky and world-writable, /bin a link into /usr', () => {
    expect(fs.stat('/tmp').mode & 0o7777).toBe(0o1777);
    expect(fs.stat('/var/tmp').mode & 0o7777).toBe(0o1777);
    expect(fs.readlink('/bin')).toBe('usr/bin');
  });
});
