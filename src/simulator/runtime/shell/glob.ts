import type { FileSystem } from '../fs/file-system.js';
import { hasGlobChars, patternRegex, unescapePattern } from './pattern.js';

/**
 * Pathname expansion over the container's filesystem: `*.log`, `/logs/catalina*.log`.
 * Results are sorted by byte order (the C locale of container images); a pattern that
 * matches nothing stays as it is, which is what sh does without `nullglob`.
 */
export function globPaths(pattern: string, cwd: string, fs: FileSystem): string[] {
  const absolute = pattern.startsWith('/');
  const components = pattern.split('/').filter((c, i) => c !== '' || i === 0);
  let matches: string[] = [absolute ? '/' : ''];
  const start = absolute ? 1 : 0;
  for (let i = start; i < components.length; i++) {
    const component = components[i] as string;
    const last = i === components.length - 1;
    const next: string[] = [];
    for (const base of matches) {
      const dir = base === '' ? cwd : base;
      if (!hasGlobChars(component)) {
        const path = join(base, unescapePattern(component));
        if (last ? exists(fs, resolve(cwd, path)) : isDirectory(fs, resolve(cwd, path))) {
          next.push(path);
        }
        continue;
      }
      let entries: string[];
      try {
        entries = fs.readdir(dir);
      } catch {
        continue;
      }
      const regex = patternRegex(component, { pathname: true });
      const dotOk = component.startsWith('.') || component.startsWith('\\.');
      for (const entry of entries) {
        if (entry.startsWith('.') && !dotOk) continue;
        if (!regex.test(entry)) continue;
        const path = join(base, entry);
        if (!last && !isDirectory(fs, resolve(cwd, path))) continue;
        next.push(path);
      }
    }
    matches = next;
    if (matches.length === 0) return [];
  }
  if (pattern.endsWith('/')) matches = matches.map((m) => `${m}/`);
  return matches.sort(byteOrder);
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function join(base: string, name: string): string {
  if (base === '') return name;
  return base.endsWith('/') ? `${base}${name}` : `${base}/${name}`;
}

function resolve(cwd: string, path: string): string {
  if (path.startsWith('/')) return path;
  return cwd.endsWith('/') ? `${cwd}${path}` : `${cwd}/${path}`;
}

function exists(fs: FileSystem, path: string): boolean {
  try {
    fs.lstat(path);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(fs: FileSystem, path: string): boolean {
  try {
    return fs.stat(path).type === 'directory';
  } catch {
    return false;
  }
}
