/**
 * Projected volumes as projected.go collects them: every failing source reported at once (a Go
 * aggregate), and a path written by two sources holding the later one's data.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube-object.js';
import { MemoryTree } from '../runtime/fs/memory-tree.js';
import { MountError, projectedFiles, type VolumeContext } from './volume-setup.js';

const clock = { now: () => new Date('2026-11-23T12:00:00Z') };
const secret = (name: string, data: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: 'default' },
  data: Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  ),
});

function context(secrets: KubeObject[]): VolumeContext {
  return {
    clock,
    lookup: {
      configMap: () => undefined,
      secret: (_ns, name) => secrets.find((s) => s.metadata.name === name),
    },
    nodeTree: new MemoryTree({ clock }),
    token: () => 'token',
  };
}

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec: {},
};
const volume = {
  name: 'creds',
  projected: { sources: [{ secret: { name: 'user' } }, { secret: { name: 'passwd' } }] },
};

describe('projected volumes', () => {
  it('reports every missing Secret together', () => {
    const files = () => projectedFiles(pod, 'creds', volume, context([]));
    expect(files).toThrow(MountError);
    expect(files).toThrow(
      'MountVolume.SetUp failed for volume "creds" : [secret "user" not found, secret "passwd" not found]',
    );
    expect(() =>
      projectedFiles(pod, 'creds', volume, context([secret('user', { passwd: 'gysl\n' })])),
    ).toThrow('MountVolume.SetUp failed for volume "creds" : secret "passwd" not found');
  });

  it('keeps the later source for a path two sources share', () => {
    const files = projectedFiles(
      pod,
      'creds',
      volume,
      context([secret('user', { passwd: 'gysl\n' }), secret('passwd', { passwd: 'E#w23\n' })]),
    );
    expect(files?.map((f) => [f.path, Buffer.from(f.data).toString()])).toEqual([
      ['passwd', 'E#w23\n'],
    ]);
  });
});
