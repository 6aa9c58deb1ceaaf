import type { FileStat } from '../fs/file-system.js';
import type { ProcessContext } from '../process/contracts.js';
import { blocksOf } from './file-mode.js';
import { busyboxHuman, busyboxUnits, gnuHuman } from './human-size.js';
import { reason, resolvePath } from './io.js';
import { toolOptions } from './options.js';
import type { Flavour, Tool } from './tool.js';

/**
 * `du [-aschkmLx] [-d N] [PATH]...`: disk usage in whole blocks, directories after their
 * contents, a file with several hard links counted (and shown) once — busybox's `/bin`, 400
 * names of one binary, weighs one binary.
 */

interface Walk {
  context: ProcessContext;
  flavour: Flavour;
  all: boolean;
  maxDepth: number;
  follow: boolean;
  /** `-H`: symlinks named on the command line are followed, none below them. */
  followOperands: boolean;
  /** `-l`: every hard link counts, as if each were its own file. */
  countLinks: boolean;
  show: (kb: number) => string;
  seen: Set<number>;
  failed: boolean;
  lines: string[];
}

export const du: Tool = async (context, flavour) => {
  const options = await toolOptions(context, flavour, 'du', {
    flags: 'aschkmlLHx',
    values: 'd',
    long: {
      all: 'a',
      summarize: 's',
      total: 'c',
      'human-readable': 'h',
      'max-depth': 'd',
      dereference: 'L',
      'one-file-system': 'x',
      'count-links': 'l',
    },
  });
  if (!options) return 1;
  const { flags } = options;
  const depthText = options.values.get('d');
  let maxDepth = Number.POSITIVE_INFINITY;
  if (depthText !== undefined) {
    maxDepth = Number(depthText);
    if (!/^\d+$/.test(depthText)) {
      await context.stderr.write(
        flavour === 'gnu'
          ? `du: invalid maximum depth '${depthText}'\nTry 'du --help' for more information.\n`
          : `du: invalid number '${depthText}'\n`,
      );
      return 1;
    }
  }
  if (flags.has('s')) {
    if (flavour === 'gnu' && (flags.has('a') || depthText !== undefined)) {
      await context.stderr.write(
        flags.has('a')
          ? "du: cannot both summarize and show all entries\nTry 'du --help' for more information.\n"
          : "du: warning: summarizing conflicts with --max-depth=0\nTry 'du --help' for more information.\n",
      );
      return 1;
    }
    maxDepth = 0;
  }
  const walk: Walk = {
    context,
    flavour,
    all: flags.has('a'),
    maxDepth,
    follow: flags.has('L'),
    followOperands: flags.has('H'),
    countLinks: flags.has('l'),
    show: formatter(flavour, flags),
    seen: new Set(),
    failed: false,
    lines: [],
  };
  let total = 0;
  for (const operand of options.operands.length > 0 ? options.operands : ['.']) {
    total += await visit(walk, operand, 0, true);
  }
  if (flags.has('c')) walk.lines.push(`${walk.show(total)}\ttotal\n`);
  await context.stdout.write(walk.lines.join(''));
  return walk.failed ? 1 : 0;
};

function formatter(flavour: Flavour, flags: Set<string>): (kb: number) => string {
  if (flags.has('h')) return (kb) => (flavour === 'gnu' ? gnuHuman : busyboxHuman)(kb * 1024);
  if (flags.has('m')) return (kb) => String(Math.ceil(kb / 1024));
  return (kb) => (flavour === 'gnu' ? String(kb) : busyboxUnits(kb * 1024, 1024));
}

/** Size of `path` and everything below it, printing what the options ask for on the way. */
async function visit(walk: Walk, path: string, depth: number, operand: boolean): Promise<number> {
  const { context } = walk;
  const absolute = resolvePath(context.cwd, path);
  let stat: FileStat;
  try {
    const follow = walk.follow || (operand && walk.followOperands);
    stat = follow ? context.fs.stat(absolute) : context.fs.lstat(absolute);
  } catch (error) {
    const why = reason(error);
    await context.stderr.write(
      walk.flavour === 'gnu' ? `du: cannot access '${path}': ${why}\n` : `du: ${path}: ${why}\n`,
    );
    walk.failed = true;
    return 0;
  }
  if (stat.type !== 'directory' && stat.nlink > 1 && !walk.countLinks) {
    // A hard link already counted is neither counted nor shown again.
    if (walk.seen.has(stat.ino)) return 0;
    walk.seen.add(stat.ino);
  }
  let size = blocksOf(stat);
  if (stat.type === 'directory') {
    let names: string[] = [];
    try {
      names = context.fs.readdir(absolute);
    } catch (error) {
      const why = reason(error);
      await context.stderr.write(
        walk.flavour === 'gnu'
          ? `du: cannot read directory '${path}': ${why}\n`
          : `du: ${path}: ${why}\n`,
      );
      walk.failed = true;
    }
    for (const name of names) {
      size += await visit(
        walk,
        path.endsWith('/') ? `${path}${name}` : `${path}/${name}`,
        depth + 1,
        false,
      );
    }
    await context.yield();
  }
  const shown = stat.type === 'directory' || walk.all || operand;
  if (shown && depth <= walk.maxDepth) walk.lines.push(`${walk.show(size)}\t${path}\n`);
  return size;
}
