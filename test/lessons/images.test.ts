import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { lessonsDir } from '../../src/course/lessons-dir.js';
import { pullImage } from '../../src/simulator/runtime/images/image-registry.js';

/**
 * Images the lessons deliberately get wrong, with why: the lesson teaches what a cluster does
 * with them (every one of these is refused by Docker Hub too).
 */
const DELIBERATELY_MISSING: Record<string, string> = {
  'nginx:1.277': 'lesson 05: a typo in the tag, ErrImagePull then ImagePullBackOff',
  'nginx:v1.27': 'lesson 05 near-miss: nginx tags have no "v"',
  'nginx:1.27.99': 'lesson 18 near-miss: a rolling update to a tag that does not exist',
};

function manifests(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return manifests(path);
    return /\.ya?ml$/.test(name) && name !== 'lesson.yaml' ? [path] : [];
  });
}

function imagesIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) imagesIn(item, out);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'image' && typeof inner === 'string') out.push(inner);
      else imagesIn(inner, out);
    }
  }
  return out;
}

/** Issue 6's bar: manifests use images the simulator knows, with tags that exist on Docker Hub. */
describe('lesson manifests use images that exist', () => {
  const root = lessonsDir();
  const found = manifests(root).flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8'))
      .filter((doc) => doc.errors.length === 0) // some starter files are broken on purpose
      .flatMap((doc) => imagesIn(doc.toJS()))
      .map((image) => ({ file: relative(root, file), image })),
  );

  it('finds the images of every lesson', () => {
    expect(found.length).toBeGreaterThan(50);
  });

  it('every image is in the simulator catalogue, except the deliberate mistakes', () => {
    const unknown = found.filter(({ image }) => {
      if (image in DELIBERATELY_MISSING) return false;
      try {
        pullImage(image);
        return false;
      } catch {
        return true;
      }
    });
    expect(unknown).toEqual([]);
  });

  it('the deliberate mistakes really are unknown', () => {
    for (const image of Object.keys(DELIBERATELY_MISSING)) expect(() => pullImage(image)).toThrow();
  });
});
