import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { volumeMounts, volumeSource } from './volumes.js';

const pod: V1Pod = {
  spec: {
    volumes: [
      { name: 'shared-data', emptyDir: {} },
      { name: 'node', hostPath: { path: '/data', type: 'Directory' } },
    ],
    containers: [
      {
        name: 'nginx-container',
        volumeMounts: [
          { name: 'shared-data', mountPath: '/usr/share/nginx/html' },
          { name: 'node', mountPath: '/host' },
        ],
      },
      { name: 'debian-container' },
    ],
  },
};

describe('volumeMounts', () => {
  it('pairs each mount of a container with its declared volume, in order', () => {
    expect(
      volumeMounts(pod, 'nginx-container').map((m) => [
        m.mount.mountPath,
        m.volume && volumeSource(m.volume),
      ]),
    ).toEqual([
      ['/usr/share/nginx/html', 'emptyDir'],
      ['/host', 'hostPath'],
    ]);
  });

  it('is empty for a container without mounts and for an unknown container', () => {
    expect(volumeMounts(pod, 'debian-container')).toEqual([]);
    expect(volumeMounts(pod, 'nope')).toEqual([]);
  });
});
