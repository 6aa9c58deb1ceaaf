import type { ProcessContext } from '../process/contracts.js';
import type { DiskSpace, MountEntry } from '../process/system-views.js';
import { busyboxHuman, busyboxUnits, gnuHuman } from './human-size.js';
import { resolvePath } from './io.js';
import { mountTable } from './mount-table.js';
import { toolOptions } from './options.js';
import type { Tool } from './tool.js';

/**
 * `df [-hkmPTai] [PATH]...` over the container's mount table. busybox lists every mount that
 * has blocks, bind mounts of one disk included (`/etc/hosts`, `/etc/hostname`…); coreutils
 * shows each filesystem once, under its shortest mount point, in columns as wide as their
 * widest value.
 */

interface Row {
  mount: MountEntry;
  space: DiskSpace;
}

export const df: Tool = async (context, flavour) => {
  const options = await toolOptions(context, flavour, 'df', {
    flags: 'hkmPTai',
    values: 'B',
    long: {
      'human-readable': 'h',
      portability: 'P',
      'print-type': 'T',
      all: 'a',
      inodes: 'i',
      'block-size': 'B',
    },
  });
  if (!options) return 1;
  const table = mountTable(context);
  let status = 0;
  let chosen: MountEntry[];
  if (options.operands.length === 0) {
    chosen = table;
  } else {
    chosen = [];
    for (const operand of options.operands) {
      const mount = mountOf(context, table, operand);
      if (mount) {
        chosen.push(mount);
        continue;
      }
      await context.stderr.write(
        flavour === 'gnu'
          ? `df: ${operand}: No such file or directory\n`
          : `df: ${operand}: can't find mount point\n`,
      );
      status = 1;
    }
  }
  const listed = options.operands.length > 0;
  const all = options.flags.has('a');
  let rows = chosen.map((mount) => ({ mount, space: spaceOf(mount) }));
  if (!all && !listed) rows = rows.filter((row) => row.space.totalKb > 0);
  if (flavour === 'gnu' && !all && !listed) rows = onePerDevice(rows);
  const text =
    flavour === 'gnu' ? gnuTable(rows, options.flags) : busyboxTable(rows, options.flags);
  // busybox prints its header before looking at operands; coreutils only above rows.
  if (rows.length > 0 || !listed || flavour === 'busybox') await context.stdout.write(text);
  return status;
};

function spaceOf(mount: MountEntry): DiskSpace {
  return mount.space?.() ?? { totalKb: 0, usedKb: 0, availableKb: 0, inodes: 0, freeInodes: 0 };
}

/** The mount an operand lives on: the deepest mount point above its real path. */
function mountOf(
  context: ProcessContext,
  table: MountEntry[],
  operand: string,
): MountEntry | undefined {
  let path: string;
  try {
    path = context.fs.realpath(resolvePath(context.cwd, operand));
  } catch {
    return undefined;
  }
  let best: MountEntry | undefined;
  for (const mount of table) {
    const inside =
      mount.target === '/' || path === mount.target || path.startsWith(`${mount.target}/`);
    if (inside && (!best || mount.target.length >= best.target.length)) best = mount;
  }
  return best;
}

/**
 * coreutils' filter_mount_list: one row per device, kept under the mount point nearest the
 * root (a pod's disk shows once, as `/etc/hosts` or a shorter emptyDir path).
 */
function onePerDevice(rows: Row[]): Row[] {
  const kept = new Map<string, Row>();
  for (const row of rows) {
    const seen = kept.get(row.mount.device);
    if (!seen || seen.mount.target.length > row.mount.target.length) {
      kept.set(row.mount.device, row);
    }
  }
  const survivors = new Set(kept.values());
  return rows.filter((row) => survivors.has(row));
}

/** Used over used-plus-available, rounded as each tool does (busybox: nearest, GNU: up). */
function percent(used: number, available: number, roundUp: boolean): number | undefined {
  const total = used + available;
  if (total === 0) return undefined;
  if (roundUp) return Math.ceil((used * 100) / total);
  return Math.floor((used * 100 + total / 2) / total);
}

function busyboxTable(rows: Row[], flags: Set<string>): string {
  const inodes = flags.has('i');
  const human = flags.has('h');
  const unitKb = flags.has('m') ? 1024 : 1;
  const posix = flags.has('P');
  let unitsHeader = `${unitKb === 1024 ? '1M' : '1K'}-blocks`;
  if (posix) unitsHeader = `${unitKb * 1024}-blocks`;
  if (human) unitsHeader = '     Size';
  if (inodes) unitsHeader = '   Inodes';
  const type = flags.has('T') ? 'Type       ' : '';
  let text = `Filesystem           ${type}${unitsHeader.padEnd(15)}Used Available ${posix ? 'Capacity' : 'Use%'} Mounted on\n`;
  for (const { mount, space } of rows) {
    const [total, used, free] = inodes
      ? [space.inodes, space.inodes - space.freeInodes, space.freeInodes]
      : [space.totalKb, space.usedKb, space.availableKb];
    const show = (n: number) => {
      if (inodes) return String(n);
      if (human) return busyboxHuman(n * 1024);
      return busyboxUnits(n * 1024, unitKb * 1024);
    };
    let line = mount.source.padEnd(20);
    if (mount.source.length > 20 && !posix) line += `\n${''.padEnd(20)}`;
    if (type) {
      line += ` ${mount.type.padEnd(10)}`;
      if (mount.type.length > 10 && !posix) line += `\n${''.padEnd(30)}`;
    }
    const pct = percent(used, free, false) ?? 0;
    line += ` ${show(total).padStart(9)} ${show(used).padStart(9)} ${show(free).padStart(9)} ${String(pct).padStart(3)}% ${mount.target}\n`;
    text += line;
  }
  return text;
}

function gnuTable(rows: Row[], flags: Set<string>): string {
  const inodes = flags.has('i');
  const human = flags.has('h');
  const posix = flags.has('P');
  const unitKb = flags.has('m') ? 1024 : 1;
  const headers = inodes
    ? ['Inodes', 'IUsed', 'IFree', 'IUse%']
    : [
        human ? 'Size' : `${posix ? `${unitKb * 1024}` : unitKb === 1024 ? '1M' : '1K'}-blocks`,
        'Used',
        human ? 'Avail' : 'Available',
        posix ? 'Capacity' : 'Use%',
      ];
  const show = (kb: number) => {
    if (inodes) return String(kb);
    if (human) return gnuHuman(kb * 1024);
    return String(Math.ceil(kb / unitKb));
  };
  const lines = rows.map(({ mount, space }) => {
    const [total, used, free] = inodes
      ? [space.inodes, space.inodes - space.freeInodes, space.freeInodes]
      : [space.totalKb, space.usedKb, space.availableKb];
    const pct = percent(used, free, true);
    return [
      mount.source,
      mount.type,
      show(total),
      show(used),
      show(free),
      pct === undefined ? '-' : `${pct}%`,
      mount.target,
    ];
  });
  const header = ['Filesystem', 'Type', ...headers, 'Mounted on'];
  // coreutils' minimum widths: 14 for the source, 4 for the type, 5 for numbers, 4 for Use%.
  const minimum = [14, 4, 5, 5, 5, 4, 0];
  const columns = flags.has('T') ? [0, 1, 2, 3, 4, 5, 6] : [0, 2, 3, 4, 5, 6];
  const widths = minimum.map((min, c) =>
    Math.max(min, ...[header, ...lines].map((cells) => (cells[c] ?? '').length)),
  );
  const render = (cells: string[]) =>
    `${columns
      .map((c) => {
        const cell = cells[c] ?? '';
        if (c === 6) return cell;
        return c <= 1 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0);
      })
      .join(' ')}\n`;
  return [header, ...lines].map(render).join('');
}
