import type { FileSystem } from '../fs/file-system.js';
import type { CommandCatalogue, Program } from './contracts.js';

/**
 * A command catalogue from a table of absolute paths (`/bin/sleep` → program), with PATH
 * lookup as execvp(3) does it: a name with a slash is taken as a path (relative ones from
 * `/`, as the image's working directory usually is), otherwise each PATH entry is tried in
 * order. With `requireFile`, a program only resolves while its file exists in the
 * container's filesystem — `rm /bin/sleep` then makes `sleep` not found.
 */
export class MapCatalogue implements CommandCatalogue {
  private readonly programs: Map<string, Program>;

  constructor(
    programs: Record<string, Program> | Map<string, Program>,
    private readonly options: { requireFile?: boolean } = {},
  ) {
    this.programs = programs instanceof Map ? new Map(programs) : new Map(Object.entries(programs));
  }

  /** Adds (or replaces) a program at an absolute path. */
  set(path: string, program: Program): this {
    this.programs.set(path, program);
    return this;
  }

  resolve(
    name: string,
    path: string,
    fs: FileSystem,
  ): { path: string; program: Program } | undefined {
    if (name.includes('/')) return this.at(normalize(name), fs);
    for (const dir of path.split(':')) {
      const found = this.at(normalize(`${dir === '' ? '.' : dir}/${name}`), fs);
      if (found) return found;
    }
    return undefined;
  }

  private at(path: string, fs: FileSystem): { path: string; program: Program } | undefined {
    const program = this.programs.get(path);
    if (!program) return undefined;
    if (this.options.requireFile && !fs.exists(path)) return undefined;
    return { path, program };
  }
}

function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}
