import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

/** The lesson folders that hold manifests a cluster runs (lessons/README.md § The folder). */
export const MANIFEST_FOLDERS = ['files', 'setup', 'solution', 'near-miss'] as const;

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/**
 * Every container image a YAML text names, in order of appearance: the `image` of each entry
 * of a `containers`, `initContainers` or `ephemeralContainers` list, at any depth (so pod
 * templates count too). Documents that do not parse are skipped: a near-miss may be broken
 * on purpose.
 */
export function imagesInYaml(text: string): string[] {
  const images: string[] = [];
  const visit = (node: unknown, inContainerList: boolean) => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item, false);
      if (inContainerList) {
        for (const item of node) {
          const image = (item as { image?: unknown } | null)?.image;
          if (typeof image === 'string' && image.trim() !== '') images.push(image.trim());
        }
      }
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) visit(value, CONTAINER_LISTS.has(key));
  };
  for (const document of parseAllDocuments(text)) {
    if ('errors' in document && document.errors.length > 0) continue;
    visit(document.toJS(), false);
  }
  return images;
}

/** The distinct images of all lessons' manifests, sorted, for `kind create --preload`. */
export async function collectLessonImages(lessonsDir: string): Promise<string[]> {
  const found = new Set<string>();
  const lessons = (await readdir(lessonsDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && /^\d{2}-/.test(entry.name))
    .map((entry) => entry.name);
  for (const lesson of lessons) {
    for (const folder of MANIFEST_FOLDERS) {
      const directory = join(lessonsDir, lesson, folder);
      const files = await readdir(directory).catch(() => [] as string[]);
      for (const file of files.filter((name) => /\.ya?ml$/.test(name)).sort()) {
        for (const image of imagesInYaml(await readFile(join(directory, file), 'utf8'))) {
          found.add(image);
        }
      }
    }
  }
  return [...found].sort();
}

/**
 * True when an image reference has no digest and no tag or `:latest`: Kubernetes then defaults
 * imagePullPolicy to Always, so a preloaded copy does not spare the pull.
 */
export function pullsEveryTime(image: string): boolean {
  if (image.includes('@')) return false;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  return colon < 0 || lastSegment.slice(colon + 1) === 'latest';
}

/**
 * The package's `lessons/` folder: three levels above this file in the sources
 * (src/cluster/kind), four in the build (dist/src/cluster/kind).
 */
export function defaultLessonsDir(): string | undefined {
  for (const relative of ['../../../lessons', '../../../../lessons']) {
    const candidate = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
