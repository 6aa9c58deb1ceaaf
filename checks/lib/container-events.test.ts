import type { CoreV1Event } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { imageEvents } from './container-events.js';

const event = (reason: string, message: string) =>
  ({ reason, message, involvedObject: { kind: 'Pod' } }) as CoreV1Event;

describe('imageEvents', () => {
  it('tells a pull from the node copy, by the kubelet 1.32 texts', () => {
    const pulledTwice = imageEvents([
      event('Pulling', 'Pulling image "busybox:1.36"'),
      event(
        'Pulled',
        'Successfully pulled image "busybox:1.36" in 122ms (122ms including waiting). Image size: 2160406 bytes.',
      ),
      event('Created', 'Created container second'),
    ]);
    expect(pulledTwice.pulling?.message).toBe('Pulling image "busybox:1.36"');
    expect(pulledTwice.pulled?.message).toMatch(/^Successfully pulled/);
    expect(pulledTwice.present).toBeUndefined();
    const cached = imageEvents([
      event('Pulled', 'Container image "busybox:1.36" already present on machine'),
    ]);
    expect(cached.present?.message).toBe(
      'Container image "busybox:1.36" already present on machine',
    );
    expect(cached.pulling).toBeUndefined();
  });
});
