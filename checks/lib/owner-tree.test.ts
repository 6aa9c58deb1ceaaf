import type { CoreV1Event, V1Deployment, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { controllerOf, drawOwnerTree, type OwnerTree, replacedPods } from './owner-tree.js';

const rs = (name: string, uid: string, image: string): V1ReplicaSet => ({
  metadata: { name, uid },
  spec: {
    selector: {},
    template: { spec: { containers: [{ name: 'nginx', image }] } },
  },
});
const pod = (name: string): V1Pod => ({ metadata: { name } });
const event = (reason: string, uid: string, count?: number): CoreV1Event =>
  ({
    reason,
    involvedObject: { kind: 'ReplicaSet', uid },
    metadata: {},
    ...(count === undefined ? {} : { count }),
  }) as CoreV1Event;

describe('drawOwnerTree', () => {
  it('draws the kubectl tree picture, the last ReplicaSet closing the branch', () => {
    const tree: OwnerTree = {
      deployment: { metadata: { name: 'web' } } as V1Deployment,
      replicaSets: [
        { replicaSet: rs('web-old', '1', 'nginx:1.25'), pods: [] },
        {
          replicaSet: rs('web-new', '2', 'nginx:1.27'),
          pods: [pod('web-new-a'), pod('web-new-b')],
        },
      ],
    };
    expect(drawOwnerTree(tree)).toEqual([
      'Deployment/web',
      '├─ReplicaSet/web-old nginx:1.25 (0)',
      '└─ReplicaSet/web-new nginx:1.27 (2)',
      '  ├─Pod/web-new-a',
      '  └─Pod/web-new-b',
    ]);
  });
});

describe('replacedPods', () => {
  const set = rs('web-x', 'u1', 'nginx:1.25');

  it('counts Pods that went away without the ReplicaSet deleting them', () => {
    const events = ['a', 'b', 'c', 'd'].map(() => event('SuccessfulCreate', 'u1'));
    expect(replacedPods(set, events, 3)).toEqual({ created: 4, deleted: 0, replaced: 1 });
  });

  it('does not count scaling up and down again as a replacement', () => {
    const events = [event('SuccessfulCreate', 'u1', 4), event('SuccessfulDelete', 'u1')];
    expect(replacedPods(set, events, 3).replaced).toBe(0);
  });

  it('ignores the events of an earlier ReplicaSet of the same name', () => {
    const events = [event('SuccessfulCreate', 'old', 5), event('SuccessfulCreate', 'u1', 3)];
    expect(replacedPods(set, events, 3).replaced).toBe(0);
  });
});

describe('controllerOf', () => {
  it('picks the reference marked controller', () => {
    const owned = {
      metadata: {
        ownerReferences: [
          { kind: 'Thing', name: 'a', uid: '1' },
          { kind: 'ReplicaSet', name: 'b', uid: '2', controller: true },
        ],
      },
    };
    expect(controllerOf(owned)?.name).toBe('b');
    expect(controllerOf({ metadata: {} })).toBeUndefined();
  });
});
