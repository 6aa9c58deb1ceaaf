import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import {
  describeSource,
  downwardField,
  downwardResource,
  fileLocations,
  secretKey,
} from './projected-paths.js';

/** The notes' secret-gysl: two Secrets, each with the key passwd, in one projected volume. */
function gysl(items?: { key: string; path: string }[]): V1Pod {
  return {
    spec: {
      containers: [
        {
          name: 'c',
          volumeMounts: [{ name: 'creds', mountPath: '/projected-volume-secret/' }],
        },
      ],
      volumes: [
        {
          name: 'creds',
          projected: {
            sources: [
              { secret: { name: 'gysl-user', ...(items ? { items } : {}) } },
              { secret: { name: 'gysl-passwd' } },
            ],
          },
        },
      ],
    },
  };
}
const keys = () => ['passwd'];

describe('fileLocations for Secrets (projected.go collectData)', () => {
  it('gives the later source a path two sources share, and reports the earlier as lost', () => {
    const user = fileLocations(gysl(), 'c', secretKey('gysl-user', 'passwd'), keys);
    expect(user.found).toEqual([]);
    expect(user.lost.map((l) => [l.full, describeSource(l.overwrittenBy)])).toEqual([
      ['/projected-volume-secret/passwd', 'Secret gysl-passwd'],
    ]);
    const pass = fileLocations(gysl(), 'c', secretKey('gysl-passwd', 'passwd'), keys);
    expect(pass.found.map((f) => f.full)).toEqual(['/projected-volume-secret/passwd']);
  });

  it('follows items to the path they name', () => {
    const pod = gysl([{ key: 'passwd', path: 'username' }]);
    const user = fileLocations(pod, 'c', secretKey('gysl-user', 'passwd'), keys);
    expect(user.found.map((f) => f.full)).toEqual(['/projected-volume-secret/username']);
    expect(user.lost).toEqual([]);
  });

  it('projects nothing from a source whose keys are unknown, nor for other containers', () => {
    expect(fileLocations(gysl(), 'c', secretKey('gysl-user', 'passwd')).found).toEqual([]);
    expect(fileLocations(gysl(), 'other', secretKey('gysl-passwd', 'passwd'), keys).found).toEqual(
      [],
    );
  });

  it('reads a plain secret volume and skips subPath mounts', () => {
    const pod: V1Pod = {
      spec: {
        containers: [
          {
            name: 'c',
            volumeMounts: [
              { name: 's', mountPath: '/etc/secret' },
              { name: 's', mountPath: '/etc/one', subPath: 'password.txt' },
            ],
          },
        ],
        volumes: [{ name: 's', secret: { secretName: 'pass' } }],
      },
    };
    const found = fileLocations(pod, 'c', secretKey('pass', 'password.txt'), (kind, name) =>
      kind === 'secret' && name === 'pass' ? ['password.txt'] : undefined,
    ).found;
    expect(found.map((f) => f.full)).toEqual(['/etc/secret/password.txt']);
  });
});

describe('fileLocations for downwardAPI items', () => {
  const pod: V1Pod = {
    spec: {
      containers: [{ name: 'c', volumeMounts: [{ name: 'podinfo', mountPath: '/etc/podinfo' }] }],
      volumes: [
        {
          name: 'podinfo',
          downwardAPI: {
            items: [
              { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
              {
                path: 'mem',
                resourceFieldRef: { containerName: 'c', resource: 'limits.memory', divisor: '1Mi' },
              },
            ],
          },
        },
      ],
    },
  };

  it('finds a field and a resource by what they read', () => {
    const labels = fileLocations(pod, 'c', downwardField('metadata.labels')).found;
    expect(labels.map((f) => f.full)).toEqual(['/etc/podinfo/labels']);
    const memory = fileLocations(pod, 'c', downwardResource('limits.memory')).found;
    expect(memory.map((f) => f.full)).toEqual(['/etc/podinfo/mem']);
    expect(fileLocations(pod, 'c', downwardField('metadata.annotations')).found).toEqual([]);
  });
});
