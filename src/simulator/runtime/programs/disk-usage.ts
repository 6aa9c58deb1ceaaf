import type { FileStat, FileSystem } from '../fs/file-system.js';
import { blocksOf } from './file-mode.js';

/**
 * Every inode below `path` counted once (hard links too), in KiB; 0 when it is missing. On a
 * tmpfs (`memory`) directories take no pages: only file contents count.
 */
export function treeKb(fs: FileSystem, path: string, options: { memory?: boolean } = {}): number {
  const seen = new Set<number>();
  const walk = (at: string): number => {
    let stat: FileStat;
    try {
      stat = fs.lstat(at);
    } catch {
      return 0;
    }
    if (seen.has(stat.ino)) return 0;
    seen.add(stat.ino);
    let total = options.memory && stat.type === 'directory' ? 0 : blocksOf(stat);
    if (stat.type === 'directory') {
      let names: string[] = [];
      try {
        names = fs.readdir(at);
      } catch {
        names = [];
      }
      for (const name of names) total += walk(at === '/' ? `/${name}` : `${at}/${name}`);
    }
    return total;
  };
  return walk(path);
}
