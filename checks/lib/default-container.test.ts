import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTAINER_ANNOTATION, defaultContainer } from './default-container.js';

const pod = (annotation?: string): V1Pod => ({
  metadata: {
    name: 'share-volume',
    ...(annotation === undefined
      ? {}
      : { annotations: { [DEFAULT_CONTAINER_ANNOTATION]: annotation } }),
  },
  spec: {
    initContainers: [{ name: 'setup', image: 'busybox' }],
    containers: [
      { name: 'nginx-container', image: 'nginx' },
      { name: 'debian-container', image: 'debian' },
    ],
  },
});

describe('defaultContainer (kubectl podcmd.FindOrDefaultContainerByName)', () => {
  it('is the first container when no annotation names one', () => {
    expect(defaultContainer(pod())).toBe('nginx-container');
  });

  it('is the annotated container, an init container included', () => {
    expect(defaultContainer(pod('debian-container'))).toBe('debian-container');
    expect(defaultContainer(pod('setup'))).toBe('setup');
  });

  it('falls back to the first container when the annotation names none of them', () => {
    expect(defaultContainer(pod('nope'))).toBe('nginx-container');
  });
});
