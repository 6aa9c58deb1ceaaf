import type { ProcessContext } from '../process/contracts.js';
import { busyboxHuman } from './human-size.js';
import { reason, resolvePath } from './io.js';
import type { Flavour, Tool } from './tool.js';

/**
 * `dd if= of= bs= count= skip= seek= conv=notrunc status=`: copies blocks, counting whole and
 * partial records, with the statistics busybox or coreutils print on stderr. The usual way to
 * fill memory from a shell — `dd if=/dev/zero of=/dev/shm/fill bs=1M count=100` — so dd
 * mallocs its block (charged to the container's memory) and its writes into a tmpfs are
 * charged too. Blocks move in pieces of at most 1 MiB, so `bs=1G` never asks the simulator
 * itself for a gigabyte. Time is what the node would take, not the host's.
 */

const PIECE = 1024 * 1024;
/** A node's memory-to-memory copy rate, for the statistics line. */
const BYTES_PER_SECOND = 1.6e9;

const MULTIPLIERS: Record<string, number> = {
  '': 1,
  c: 1,
  w: 2,
  b: 512,
  kB: 1000,
  KB: 1000,
  k: 1024,
  K: 1024,
  KiB: 1024,
  MB: 1000 ** 2,
  M: 1024 ** 2,
  MiB: 1024 ** 2,
  GB: 1000 ** 3,
  G: 1024 ** 3,
  GiB: 1024 ** 3,
};

function number(value: string): number | undefined {
  const match = /^(\d+)([a-zA-Z]*)$/.exec(value);
  const multiplier = match ? MULTIPLIERS[match[2] ?? ''] : undefined;
  return match && multiplier !== undefined ? Number(match[1]) * multiplier : undefined;
}

interface Operands {
  input?: string;
  output?: string;
  blockSize: number;
  count: number;
  skip: number;
  seek: number;
  truncate: boolean;
  status: 'default' | 'none' | 'noxfer' | 'progress';
}

async function parse(context: ProcessContext, flavour: Flavour): Promise<Operands | undefined> {
  const operands: Operands = {
    blockSize: 512,
    count: Number.POSITIVE_INFINITY,
    skip: 0,
    seek: 0,
    truncate: true,
    status: 'default',
  };
  for (const arg of context.argv.slice(1)) {
    const at = arg.indexOf('=');
    const key = at > 0 ? arg.slice(0, at) : arg;
    const value = at > 0 ? arg.slice(at + 1) : '';
    const invalid = async () => {
      await context.stderr.write(
        flavour === 'gnu' ? `dd: invalid number: '${value}'\n` : `dd: invalid number '${value}'\n`,
      );
      return undefined;
    };
    if (key === 'if') operands.input = value;
    else if (key === 'of') operands.output = value;
    else if (key === 'bs' || key === 'ibs' || key === 'obs') {
      const size = number(value);
      if (!size) return invalid();
      operands.blockSize = size;
    } else if (key === 'count' || key === 'skip' || key === 'seek') {
      const n = number(value);
      if (n === undefined) return invalid();
      operands[key] = n;
    } else if (key === 'conv') {
      if (value.split(',').includes('notrunc')) operands.truncate = false;
    } else if (key === 'status') {
      if (value === 'none' || value === 'noxfer' || value === 'progress') operands.status = value;
    } else if (key !== 'iflag' && key !== 'oflag') {
      await context.stderr.write(
        flavour === 'gnu'
          ? `dd: unrecognized operand '${arg}'\nTry 'dd --help' for more information.\n`
          : `dd: unknown operand ${arg}\n`,
      );
      return undefined;
    }
  }
  return operands;
}

export const dd: Tool = async (context, flavour) => {
  const options = await parse(context, flavour);
  if (!options) return 1;
  const { input, output, blockSize } = options;
  const inPath = input === undefined ? undefined : resolvePath(context.cwd, input);
  const outPath = output === undefined ? undefined : resolvePath(context.cwd, output);
  const fail = async (path: string, error: unknown) => {
    const why = reason(error);
    await context.stderr.write(
      flavour === 'gnu' ? `dd: ${path}: ${why}\n` : `dd: can't open '${path}': ${why}\n`,
    );
    return 1;
  };
  // The block buffer: dd's one big allocation.
  context.memory?.allocate(blockSize);
  try {
    if (inPath !== undefined) context.fs.stat(inPath);
  } catch (error) {
    return fail(input ?? '', error);
  }
  if (outPath !== undefined) {
    try {
      // Output goes after `seek` blocks; without conv=notrunc the file is cut there first.
      // (Writes then append: notrunc over a longer file is not modelled.)
      if (!context.fs.exists(outPath)) context.fs.writeFile(outPath, new Uint8Array(0));
      const at = options.seek * blockSize;
      if (options.truncate || context.fs.stat(outPath).size < at) context.fs.truncate(outPath, at);
    } catch (error) {
      return fail(output ?? '', error);
    }
  }
  const stats = { inFull: 0, inPart: 0, outFull: 0, outPart: 0, bytes: 0 };
  let offset = options.skip * blockSize;
  let stdinLeft: Uint8Array = new Uint8Array(0);
  let ended = false;
  /** Up to `length` more input bytes; fewer at the end of the input. */
  const read = async (length: number): Promise<Uint8Array> => {
    if (inPath !== undefined) {
      const chunk = context.fs.readRange(inPath, offset, length);
      offset += chunk.length;
      return chunk;
    }
    while (stdinLeft.length === 0 && !ended) {
      const chunk = await context.stdin.read(context.signals.killed);
      if (chunk === null) ended = true;
      else stdinLeft = chunk;
    }
    const chunk = stdinLeft.slice(0, length);
    stdinLeft = stdinLeft.slice(chunk.length);
    return chunk;
  };
  try {
    while (stats.inFull + stats.inPart < options.count) {
      let got = 0;
      while (got < blockSize) {
        const piece = await read(Math.min(PIECE, blockSize - got));
        if (piece.length === 0) break;
        got += piece.length;
        if (outPath !== undefined) context.fs.writeFile(outPath, piece, { append: true });
        else await context.stdout.write(piece);
        await context.yield();
        // A pipe gives what it has: one read, one (partial) record.
        if (inPath === undefined) break;
      }
      if (got === 0) break;
      stats.bytes += got;
      if (got === blockSize) {
        stats.inFull++;
        stats.outFull++;
      } else {
        stats.inPart++;
        stats.outPart++;
      }
    }
  } catch (error) {
    await context.stderr.write(
      `dd: error writing '${output ?? 'standard output'}': ${reason(error)}\n`,
    );
    await report(context, flavour, options.status, stats);
    return 1;
  }
  context.memory?.release(blockSize);
  await report(context, flavour, options.status, stats);
  return 0;
};

async function report(
  context: ProcessContext,
  flavour: Flavour,
  status: Operands['status'],
  stats: { inFull: number; inPart: number; outFull: number; outPart: number; bytes: number },
): Promise<void> {
  if (status === 'none') return;
  let text =
    `${stats.inFull}+${stats.inPart} records in\n` +
    `${stats.outFull}+${stats.outPart} records out\n`;
  if (status !== 'noxfer') {
    const seconds = Math.max(stats.bytes / BYTES_PER_SECOND, 0.000023);
    const rate = stats.bytes / seconds;
    text +=
      flavour === 'gnu'
        ? `${gnuBytes(stats.bytes)} copied, ${seconds.toPrecision(3).replace(/\.?0+$/, '')} s, ${si(rate)}/s\n`
        : `${stats.bytes} bytes (${busyboxHuman(stats.bytes)}B) copied, ${seconds.toFixed(6)} seconds, ${busyboxHuman(Math.floor(rate))}B/s\n`;
  }
  await context.stderr.write(text);
}

/** coreutils: `104857600 bytes (105 MB, 100 MiB)`, or just `512 bytes` below a kilobyte. */
function gnuBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  const iec = human(bytes, 1024, ['KiB', 'MiB', 'GiB', 'TiB']);
  return bytes < 1024 ? `${bytes} bytes (${si(bytes)})` : `${bytes} bytes (${si(bytes)}, ${iec})`;
}

function si(value: number): string {
  if (value < 1000) return `${Math.round(value)} B`;
  return human(value, 1000, ['kB', 'MB', 'GB', 'TB']);
}

/** human_readable with autoscale, rounded to nearest: one decimal below 10. */
function human(value: number, base: number, units: string[]): string {
  let scaled = value;
  let unit = -1;
  while (scaled >= base && unit < units.length - 1) {
    scaled /= base;
    unit++;
  }
  const shown =
    scaled < 10 ? (Math.round(scaled * 10) / 10).toFixed(1) : String(Math.round(scaled));
  return `${shown} ${units[unit] ?? ''}`;
}
