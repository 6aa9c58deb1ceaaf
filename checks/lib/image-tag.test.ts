import { describe, expect, it } from 'vitest';
import { imageTag } from './image-tag.js';

describe('imageTag', () => {
  it('reads the tag of the last path part only', () => {
    expect(imageTag('busybox:1.36')).toBe('1.36');
    expect(imageTag('busybox:latest')).toBe('latest');
    expect(imageTag('docker.io/library/busybox')).toBeUndefined();
    expect(imageTag('registry:5000/team/app')).toBeUndefined();
    expect(imageTag('registry:5000/team/app:v2')).toBe('v2');
    expect(imageTag('busybox@sha256:d554')).toBeUndefined();
    expect(imageTag('busybox:1.36@sha256:d554')).toBe('1.36');
  });
});
