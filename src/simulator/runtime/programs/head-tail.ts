import type { ProcessContext } from '../process/contracts.js';
import { type Input, readInputs } from './inputs.js';
import { reason, resolvePath } from './io.js';
import { toolOptions } from './options.js';
import type { Flavour, Tool } from './tool.js';

/** `-n 5`, `-5`, `-n +3` (tail), `-c 10`; the old `-NUM` form is rewritten to `-n NUM`. */
function parse(context: ProcessContext, flavour: Flavour, tool: string) {
  const args = context.argv.slice(1).map((arg) => (/^-\d+$/.test(arg) ? `-n${arg.slice(1)}` : arg));
  const spec = {
    flags: tool === 'tail' ? 'fFqv' : 'qv',
    values: 'nc',
    long: { lines: 'n', bytes: 'c', follow: 'f', quiet: 'q', silent: 'q', verbose: 'v' },
  };
  return toolOptions(context, flavour, tool, spec, args);
}

function headerOf(name: string): string {
  return `==> ${name === '-' ? 'standard input' : name} <==\n`;
}

/** `head [-n N] [-c N] [FILE]...` */
export const head: Tool = async (context, flavour) => filter(context, flavour, 'head');

/** `tail [-n N|+N] [-c N] [-f] [FILE]...`; `-f` follows through `fs.watch` until killed. */
export const tail: Tool = async (context, flavour) => filter(context, flavour, 'tail');

async function filter(
  context: ProcessContext,
  flavour: Flavour,
  tool: 'head' | 'tail',
): Promise<number> {
  const options = await parse(context, flavour, tool);
  if (!options) return 1;
  const countText = options.values.get('c') ?? options.values.get('n') ?? '10';
  const byBytes = options.values.has('c');
  const fromStart = tool === 'tail' && countText.startsWith('+');
  const count = Number.parseInt(countText.replace(/^[+-]/, ''), 10);
  if (!Number.isFinite(count)) {
    await context.stderr.write(
      flavour === 'gnu'
        ? `${tool}: invalid number of ${byBytes ? 'bytes' : 'lines'}: '${countText}'\n`
        : `${tool}: invalid number '${countText}'\n`,
    );
    return 1;
  }
  const onlyStdin =
    options.operands.every((operand) => operand === '-') && options.operands.length <= 1;
  if (tool === 'head' && onlyStdin) {
    if (options.flags.has('v')) await context.stdout.write(headerOf('-'));
    await streamHead(context, byBytes, count);
    return 0;
  }
  const { inputs, failed } = await readInputs(context, flavour, tool, options.operands);
  const headers = (inputs.length > 1 || options.flags.has('v')) && !options.flags.has('q');
  let first = true;
  for (const input of inputs) {
    if (headers) await context.stdout.write(`${first ? '' : '\n'}${headerOf(input.name)}`);
    first = false;
    await context.stdout.write(select(input, tool, byBytes, count, fromStart));
  }
  const follow = tool === 'tail' && (options.flags.has('f') || options.flags.has('F'));
  if (!follow) return failed ? 1 : 0;
  const files = inputs.filter((input) => input.name !== '-');
  // Nothing could be opened: both tails give up (busybox's tail.c dies with "no files"),
  // unless -F asked them to keep retrying.
  if (files.length === 0 && failed && !options.flags.has('F')) {
    await context.stderr.write(
      flavour === 'gnu' ? 'tail: no files remaining\n' : 'tail: no files\n',
    );
    return 1;
  }
  await followFiles(context, flavour, files, headers);
  return failed ? 1 : 0;
}

/**
 * `head` on a pipe reads only as far as it prints, then exits: the writer's next write gets
 * SIGPIPE, which is how `yes | head -n 3` ends.
 */
async function streamHead(context: ProcessContext, byBytes: boolean, count: number) {
  let left = count;
  while (left > 0) {
    const chunk = await context.stdin.read(context.signals.killed);
    if (chunk === null) break;
    let end = chunk.length;
    if (byBytes) {
      end = Math.min(chunk.length, left);
      left -= end;
    } else {
      for (let i = 0; i < chunk.length; i++) {
        if (chunk[i] === 10 && --left === 0) {
          end = i + 1;
          break;
        }
      }
    }
    await context.stdout.write(chunk.subarray(0, end));
  }
}

function select(
  input: Input,
  tool: 'head' | 'tail',
  byBytes: boolean,
  count: number,
  fromStart: boolean,
) {
  const data = input.data;
  if (byBytes) {
    if (tool === 'head') return data.subarray(0, count);
    return fromStart
      ? data.subarray(Math.max(0, count - 1))
      : data.subarray(Math.max(0, data.length - count));
  }
  // Line boundaries on bytes: a trailing line without newline still counts as a line.
  const ends: number[] = [];
  data.forEach((byte, index) => {
    if (byte === 10) ends.push(index + 1);
  });
  if (data.length > 0 && data[data.length - 1] !== 10) ends.push(data.length);
  if (tool === 'head') return data.subarray(0, count === 0 ? 0 : (ends[count - 1] ?? data.length));
  if (fromStart) return data.subarray(count <= 1 ? 0 : (ends[count - 2] ?? data.length));
  if (count === 0) return data.subarray(data.length);
  return data.subarray(ends.length > count ? (ends[ends.length - count - 1] ?? 0) : 0);
}

/**
 * What `tail -f` does after the initial lines: print what gets appended, say so when a file
 * is truncated (coreutils: `tail: x: file truncated`), until the process is killed.
 */
async function followFiles(
  context: ProcessContext,
  flavour: Flavour,
  files: Input[],
  headers: boolean,
) {
  const sizes = new Map(files.map((file) => [file.name, file.data.length]));
  let lastShown = files[files.length - 1]?.name;
  let wake: (() => void) | undefined;
  const unwatch = files.map((file) =>
    context.fs.watch(resolvePath(context.cwd, file.name), () => {
      wake?.();
    }),
  );
  try {
    for (;;) {
      for (const file of files) {
        const path = resolvePath(context.cwd, file.name);
        let size: number;
        try {
          size = context.fs.stat(path).size;
        } catch (error) {
          reason(error);
          continue;
        }
        const old = sizes.get(file.name) ?? 0;
        if (size < old) {
          if (flavour === 'gnu') await context.stderr.write(`tail: ${file.name}: file truncated\n`);
          sizes.set(file.name, 0);
        }
        const from = sizes.get(file.name) ?? 0;
        if (size > from) {
          if (headers && lastShown !== file.name)
            await context.stdout.write(`\n${headerOf(file.name)}`);
          lastShown = file.name;
          await context.stdout.write(context.fs.readRange(path, from, size - from));
          sizes.set(file.name, size);
        }
      }
      await new Promise<void>((resolve, reject) => {
        wake = resolve;
        const killed = context.signals.killed;
        if (killed.aborted) reject(killed.reason);
        killed.addEventListener('abort', () => reject(killed.reason), { once: true });
      });
    }
  } finally {
    for (const stop of unwatch) stop();
  }
}
