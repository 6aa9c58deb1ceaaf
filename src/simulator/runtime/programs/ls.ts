import type { FileStat } from '../fs/file-system.js';
import type { ProcessContext } from '../process/contracts.js';
import { blocksOf, lsTime, modeString, nameTable } from './file-mode.js';
import { reason, resolvePath, text } from './io.js';
import { toolOptions } from './options.js';
import type { Flavour, Tool } from './tool.js';

interface Entry {
  /** As shown: the operand, or the name inside a listed directory. */
  name: string;
  path: string;
  stat: FileStat;
}

const DEVICE_NUMBERS: Record<string, [number, number]> = {
  null: [1, 3],
  zero: [1, 5],
  random: [1, 8],
  urandom: [1, 9],
};

/**
 * `ls [-1alRdA] [FILE]...`, one name per line (what both flavours print when stdout is not a
 * terminal — the case of `kubectl exec` without -t and of pipes). `-l` uses busybox's fixed
 * columns (`%-10s %4lu %-8.8s %-8.8s %9llu`) or coreutils' widths fitted to the listing.
 */
export const ls: Tool = async (context, flavour) => {
  const options = await toolOptions(context, flavour, 'ls', {
    flags: '1alRdAFhin',
    long: { all: 'a', recursive: 'R', directory: 'd', 'almost-all': 'A' },
  });
  if (!options) return 2;
  const lister = new Lister(context, flavour, options.flags);
  return lister.run(options.operands.length > 0 ? options.operands : ['.']);
};

class Lister {
  private readonly users: Map<number, string>;
  private readonly groups: Map<number, string>;
  private status = 0;
  private first = true;

  constructor(
    private readonly context: ProcessContext,
    private readonly flavour: Flavour,
    private readonly flags: Set<string>,
  ) {
    this.users = nameTable(readOptional(context, '/etc/passwd'));
    this.groups = nameTable(readOptional(context, '/etc/group'));
  }

  async run(operands: string[]): Promise<number> {
    const files: Entry[] = [];
    const dirs: Entry[] = [];
    for (const operand of operands) {
      const path = resolvePath(this.context.cwd, operand);
      try {
        let stat = this.context.fs.lstat(path);
        // A symlink operand is followed unless -l (or -d) asks about the link itself.
        if (stat.type === 'symlink' && !this.flags.has('l') && !this.flags.has('d')) {
          stat = this.context.fs.stat(path);
        } else if (stat.type === 'symlink' && this.flags.has('l') && operand.endsWith('/')) {
          stat = this.context.fs.stat(path);
        }
        const entry = { name: operand, path, stat };
        if (stat.type === 'directory' && !this.flags.has('d')) dirs.push(entry);
        else files.push(entry);
      } catch (error) {
        const why = reason(error);
        await this.context.stderr.write(
          this.flavour === 'gnu'
            ? `ls: cannot access '${operand}': ${why}\n`
            : `ls: ${operand}: ${why}\n`,
        );
        this.status = this.flavour === 'gnu' ? 2 : 1;
      }
    }
    if (files.length > 0) {
      await this.print(files);
      this.first = false;
    }
    const headers = operands.length > 1 || files.length > 0 || this.flags.has('R');
    for (const dir of dirs) await this.directory(dir, headers);
    return this.status;
  }

  private async directory(dir: Entry, header: boolean): Promise<void> {
    const out: string[] = [];
    if (!this.first) out.push('\n');
    this.first = false;
    if (header) out.push(`${dir.name}:\n`);
    await this.context.stdout.write(out.join(''));
    const entries: Entry[] = [];
    const names = this.context.fs.readdir(dir.path);
    if (this.flags.has('a')) names.unshift('.', '..');
    for (const name of names) {
      if (name.startsWith('.') && !this.flags.has('a') && !this.flags.has('A')) continue;
      const path = name === '.' ? dir.path : `${dir.path.replace(/\/$/, '')}/${name}`;
      try {
        entries.push({ name, path, stat: this.context.fs.lstat(path) });
      } catch {
        // Vanished between readdir and lstat: ls skips it too.
      }
    }
    if (this.flags.has('l')) {
      const total = entries.reduce((sum, entry) => sum + blocksOf(entry.stat), 0);
      await this.context.stdout.write(`total ${total}\n`);
    }
    await this.print(entries);
    await this.context.yield();
    if (!this.flags.has('R')) return;
    for (const entry of entries) {
      if (entry.stat.type !== 'directory' || entry.name === '.' || entry.name === '..') continue;
      const shown =
        dir.name === '/' ? `/${entry.name}` : `${dir.name.replace(/\/$/, '')}/${entry.name}`;
      await this.directory({ ...entry, name: shown }, true);
    }
  }

  private async print(entries: Entry[]): Promise<void> {
    if (!this.flags.has('l')) {
      const lines = entries.map((entry) => `${entry.name}${this.suffix(entry)}\n`);
      await this.context.stdout.write(lines.join(''));
      return;
    }
    const rows = entries.map((entry) => this.columns(entry));
    const width = (i: number) => Math.max(0, ...rows.map((row) => (row[i] ?? '').length));
    const lines = rows.map((row, index) => {
      const [mode, links, user, group, size, time] = row;
      const entry = entries[index] as Entry;
      const name = `${entry.name}${this.linkTarget(entry)}`;
      if (this.flavour === 'busybox') {
        return `${mode?.padEnd(10)} ${links?.padStart(4)} ${pad8(user)} ${pad8(group)} ${size?.padStart(9)} ${time} ${name}\n`;
      }
      return `${mode} ${links?.padStart(width(1))} ${user?.padEnd(width(2))} ${group?.padEnd(width(3))} ${size?.padStart(width(4))} ${time} ${name}\n`;
    });
    await this.context.stdout.write(lines.join(''));
  }

  private columns(entry: Entry): string[] {
    const { stat } = entry;
    const device = stat.device ? DEVICE_NUMBERS[stat.device] : undefined;
    let size = String(stat.size);
    if (device) {
      size =
        this.flavour === 'busybox'
          ? `${String(device[0]).padStart(4)}, ${String(device[1]).padStart(3)}`
          : `${device[0]}, ${device[1]}`;
    }
    return [
      modeString(stat),
      String(stat.nlink),
      this.users.get(stat.uid) ?? String(stat.uid),
      this.groups.get(stat.gid) ?? String(stat.gid),
      size,
      lsTime(stat.mtimeMs, this.context.clock.now().getTime()),
    ];
  }

  private linkTarget(entry: Entry): string {
    if (entry.stat.type !== 'symlink') return this.suffix(entry);
    return ` -> ${this.context.fs.readlink(entry.path)}`;
  }

  private suffix(entry: Entry): string {
    if (!this.flags.has('F')) return '';
    if (entry.stat.type === 'directory') return '/';
    if (entry.stat.type === 'symlink') return '@';
    return entry.stat.mode & 0o111 ? '*' : '';
  }
}

/** busybox's `%-8.8s`: padded and cut to 8. */
function pad8(value: string | undefined): string {
  return (value ?? '').slice(0, 8).padEnd(8);
}

function readOptional(context: ProcessContext, path: string): string | undefined {
  try {
    return text(context.fs.readFile(path));
  } catch {
    return undefined;
  }
}
