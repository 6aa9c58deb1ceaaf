import { FsError } from '../fs/file-system.js';
import type { ProcessContext } from '../process/contracts.js';
import {
  BusyboxCatvRenderer,
  BusyboxNumberedLines,
  type GnuCatOptions,
  GnuCatRenderer,
} from './cat-render.js';
import { reason, resolvePath } from './io.js';
import { toolOptions } from './options.js';
import { busyboxUsage, type Flavour, type Tool } from './tool.js';

/**
 * `cat [OPTION]... [FILE|-]...`. A directory is an open that works and a read that fails, so
 * busybox says `cat: read error: Is a directory` and coreutils `cat: dir: Is a directory`.
 * busybox 1.36 has -n -b -v -e -t -A (and ignores -u); coreutils adds -E -T -s and the long
 * options. Each flavour renders them its own way (cat-render.ts).
 */

const BUSYBOX_USAGE = busyboxUsage(
  'cat [-nbvteA] [FILE]...',
  `Print FILEs to stdout

\t-n\tNumber output lines
\t-b\tNumber nonempty lines
\t-v\tShow nonprinting characters as ^x or M-x
\t-t\t...and tabs as ^I
\t-e\t...and end lines with $
\t-A\tSame as -vte`,
);

const GNU_HELP = `Usage: cat [OPTION]... [FILE]...
Concatenate FILE(s) to standard output.

With no FILE, or when FILE is -, read standard input.

  -A, --show-all           equivalent to -vET
  -b, --number-nonblank    number nonempty output lines, overrides -n
  -e                       equivalent to -vE
  -E, --show-ends          display $ at end of each line
  -n, --number             number all output lines
  -s, --squeeze-blank      suppress repeated empty output lines
  -t                       equivalent to -vT
  -T, --show-tabs          display TAB characters as ^I
  -u                       (ignored)
  -v, --show-nonprinting   use ^ and M- notation, except for LFD and TAB
      --help        display this help and exit
      --version     output version information and exit

Examples:
  cat f - g  Output f's contents, then standard input, then g's contents.
  cat        Copy standard input to standard output.

GNU coreutils online help: <https://www.gnu.org/software/coreutils/>
Full documentation <https://www.gnu.org/software/coreutils/cat>
or available locally via: info '(coreutils) cat invocation'
`;

const GNU_VERSION = `cat (GNU coreutils) 9.1
Copyright (C) 2022 Free Software Foundation, Inc.
License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.
This is free software: you are free to change and redistribute it.
There is NO WARRANTY, to the extent permitted by law.

Written by Torbjorn Granlund and Richard M. Stallman.
`;

const GNU_LONG: Record<string, string> = {
  'show-all': 'A',
  'number-nonblank': 'b',
  'show-ends': 'E',
  number: 'n',
  'squeeze-blank': 's',
  'show-tabs': 'T',
  'show-nonprinting': 'v',
  // Letters no short option uses: --help and --version only exist long.
  help: 'H',
  version: 'V',
};

/** One input's bytes as they come (stdin chunk by chunk), or why it could not be read. */
type Transform = (data: Uint8Array) => Uint8Array;

export const cat: Tool = async (context, flavour) => {
  const args = context.argv.slice(1);
  if (flavour === 'busybox' && args.length === 1 && args[0] === '--help') {
    // busybox's generic --help: the applet's usage on stderr, exit status 0.
    await context.stderr.write(BUSYBOX_USAGE);
    return 0;
  }
  const options = await toolOptions(
    context,
    flavour,
    'cat',
    flavour === 'gnu' ? { flags: 'AbeEnstTuv', long: GNU_LONG } : { flags: 'etvAnbu' },
    args,
    flavour === 'busybox' ? BUSYBOX_USAGE : undefined,
  );
  if (!options) return 1;
  const has = (letters: string) => [...letters].some((letter) => options.flags.has(letter));
  if (options.flags.has('H')) {
    await context.stdout.write(GNU_HELP);
    return 0;
  }
  if (options.flags.has('V')) {
    await context.stdout.write(GNU_VERSION);
    return 0;
  }
  const operands = options.operands.length > 0 ? options.operands : ['-'];
  const number = has('b') ? 'nonblank' : has('n') ? 'all' : undefined;
  if (flavour === 'gnu') {
    const gnu: GnuCatOptions = {
      number,
      squeeze: has('s'),
      ends: has('AeE'),
      tabs: has('AtT'),
      nonprinting: has('Aetv'),
    };
    const plain = !gnu.number && !gnu.squeeze && !gnu.ends && !gnu.tabs && !gnu.nonprinting;
    const renderer = new GnuCatRenderer(gnu);
    return copyAll(context, flavour, operands, plain ? undefined : (d) => renderer.render(d));
  }
  if (has('etvA')) {
    const catv = new BusyboxCatvRenderer({ number, ends: has('eA'), tabs: has('tA') });
    return copyAll(context, flavour, operands, (d) => catv.render(d), { quietReadErrors: true });
  }
  if (number) return numberLines(context, operands, new BusyboxNumberedLines(has('b')));
  return copyAll(context, flavour, operands, undefined);
};

/**
 * Copies every operand to stdout through `transform`, reporting unreadable ones the flavour's
 * way. busybox's catv says nothing about a read error (a directory), it only fails.
 */
async function copyAll(
  context: ProcessContext,
  flavour: Flavour,
  operands: readonly string[],
  transform: Transform | undefined,
  options: { quietReadErrors?: boolean } = {},
): Promise<number> {
  const pass = transform ?? ((data: Uint8Array) => data);
  let status = 0;
  for (const operand of operands) {
    if (operand === '-') {
      // Chunk by chunk, so `cat` in a pipeline passes data on as it comes.
      for (;;) {
        const chunk = await context.stdin.read(context.signals.killed);
        if (chunk === null) break;
        await context.stdout.write(pass(chunk));
      }
      continue;
    }
    try {
      await context.stdout.write(pass(context.fs.readFile(resolvePath(context.cwd, operand))));
    } catch (error) {
      const why = reason(error);
      const isDir = error instanceof FsError && error.code === 'EISDIR';
      status = 1;
      if (isDir && options.quietReadErrors) continue;
      let message: string;
      if (flavour === 'gnu') message = `cat: ${operand}: ${why}\n`;
      else if (isDir) message = `cat: read error: ${why}\n`;
      else message = `cat: can't open '${operand}': ${why}\n`;
      await context.stderr.write(message);
    }
    await context.yield();
  }
  return status;
}

/**
 * busybox -n/-b: each operand read whole and numbered by lines. Like busybox, a directory opens
 * and then yields no lines, silently.
 */
async function numberLines(
  context: ProcessContext,
  operands: readonly string[],
  numbered: BusyboxNumberedLines,
): Promise<number> {
  let status = 0;
  for (const operand of operands) {
    let data: Uint8Array;
    if (operand === '-') {
      const chunks: Uint8Array[] = [];
      for (;;) {
        const chunk = await context.stdin.read(context.signals.killed);
        if (chunk === null) break;
        chunks.push(chunk);
      }
      data = Buffer.concat(chunks);
    } else {
      try {
        data = context.fs.readFile(resolvePath(context.cwd, operand));
      } catch (error) {
        const why = reason(error);
        if (error instanceof FsError && error.code === 'EISDIR') continue;
        await context.stderr.write(`cat: can't open '${operand}': ${why}\n`);
        status = 1;
        continue;
      }
    }
    await context.stdout.write(numbered.render(data));
    await context.yield();
  }
  return status;
}
