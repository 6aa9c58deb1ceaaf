import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  collectLessonImages,
  defaultLessonsDir,
  imagesInYaml,
  pullsEveryTime,
} from './lesson-images.js';

describe('images in lesson manifests', () => {
  it('finds container, init container and pod-template images across documents', () => {
    const text = `apiVersion: v1
kind: Pod
spec:
  initContainers:
    - name: init
      image: busybox:1.36
  containers:
    - name: web
      image: nginx
---
apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
        - name: app
          image: registry.example.com:5000/team/app:2.0
---
apiVersion: v1
kind: ConfigMap
data:
  image: not-a-container-image
`;
    expect(imagesInYaml(text)).toEqual([
      'busybox:1.36',
      'nginx',
      'registry.example.com:5000/team/app:2.0',
    ]);
  });

  it('skips a document that does not parse and keeps the others', () => {
    expect(
      imagesInYaml('spec: [unclosed\n---\nspec:\n  containers:\n    - image: redis\n'),
    ).toEqual(['redis']);
  });

  it('collects the distinct images of the real lessons', async () => {
    const lessons = fileURLToPath(new URL('../../../lessons', import.meta.url));
    expect(defaultLessonsDir()).toBe(lessons);
    const images = await collectLessonImages(lessons);
    expect(images).toContain('nginx');
    expect(images).toContain('busybox');
    expect(images).toEqual([...new Set(images)].sort());
  });

  it('knows which references Kubernetes pulls every time', () => {
    expect(pullsEveryTime('nginx')).toBe(true);
    expect(pullsEveryTime('nginx:latest')).toBe(true);
    expect(pullsEveryTime('nginx:1.27')).toBe(false);
    expect(pullsEveryTime('registry.example.com:5000/app')).toBe(true);
    expect(pullsEveryTime('registry.example.com:5000/app:1')).toBe(false);
    expect(pullsEveryTime('nginx@sha256:0123')).toBe(false);
  });
});
