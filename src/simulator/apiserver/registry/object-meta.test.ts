import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube-object.js';
import { dropEmptyMetaCollections } from './object-meta.js';

describe('dropEmptyMetaCollections', () => {
  it('drops emptied labels, annotations, finalizers and owner references, keeps the rest', () => {
    const object: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'p',
        labels: {},
        annotations: { a: '' },
        finalizers: [],
        ownerReferences: [],
      },
    };
    dropEmptyMetaCollections(object);
    expect(object.metadata).toEqual({ name: 'p', annotations: { a: '' } });
  });
});
