import { BUSYBOX_BANNER, type Tool } from './tool.js';

/** The one-liners: `true`, `false`, `yes`, `seq`, `basename`, `dirname`. */

export const trueTool: Tool = async () => 0;
export const falseTool: Tool = async () => 1;

/** `yes [STRING]...` until the reader goes away (SIGPIPE) or the process is killed. */
export const yes: Tool = async (context) => {
  const line = `${context.argv.length > 1 ? context.argv.slice(1).join(' ') : 'y'}\n`;
  // Batches keep a pipe busy without a promise per line; yield keeps other processes running.
  const batch = line.repeat(Math.max(1, Math.floor(4096 / line.length)));
  for (;;) {
    await context.stdout.write(batch);
    await context.yield();
  }
};

/** `seq [-s SEP] [-w] [FIRST [INCREMENT]] LAST`. */
export const seq: Tool = async (context, flavour) => {
  const args = context.argv.slice(1);
  let separator = '\n';
  let equalWidth = false;
  while (args[0]?.startsWith('-') && !/^-\d/.test(args[0])) {
    const flag = args.shift() as string;
    if (flag === '-s') separator = args.shift() ?? '\n';
    else if (flag.startsWith('-s')) separator = flag.slice(2);
    else if (flag === '-w') equalWidth = true;
  }
  const numbers = args.map(Number);
  const bad = args.find((arg) => Number.isNaN(Number(arg)) || arg.trim() === '');
  if (bad !== undefined || args.length === 0 || args.length > 3) {
    await context.stderr.write(
      bad !== undefined
        ? flavour === 'gnu'
          ? `seq: invalid floating point argument: '${bad}'\nTry 'seq --help' for more information.\n`
          : `seq: invalid number '${bad}'\n`
        : flavour === 'gnu'
          ? "seq: missing operand\nTry 'seq --help' for more information.\n"
          : BUSYBOX_BANNER,
    );
    return 1;
  }
  const last = numbers[numbers.length - 1] as number;
  const first = numbers.length > 1 ? (numbers[0] as number) : 1;
  const step = numbers.length === 3 ? (numbers[1] as number) : 1;
  const decimals = Math.max(0, ...args.slice(0, -1).map((arg) => arg.split('.')[1]?.length ?? 0));
  const values: string[] = [];
  for (let value = first; step > 0 ? value <= last : value >= last; value += step) {
    values.push(value.toFixed(decimals));
    if (values.length % 1024 === 0) await context.yield();
    if (step === 0) break;
  }
  const width = Math.max(...values.map((value) => value.length));
  const shown = equalWidth ? values.map((value) => value.padStart(width, '0')) : values;
  if (shown.length > 0) await context.stdout.write(`${shown.join(separator)}\n`);
  return 0;
};

/** `basename NAME [SUFFIX]` */
export const basename: Tool = async (context, flavour) => {
  const [name, suffix] = context.argv.slice(1);
  if (name === undefined) {
    await context.stderr.write(
      flavour === 'gnu'
        ? "basename: missing operand\nTry 'basename --help' for more information.\n"
        : BUSYBOX_BANNER,
    );
    return 1;
  }
  const trimmed = name.replace(/\/+$/, '');
  let base =
    trimmed === '' ? (name === '' ? '' : '/') : trimmed.slice(trimmed.lastIndexOf('/') + 1);
  if (suffix && base !== suffix && base.endsWith(suffix)) base = base.slice(0, -suffix.length);
  await context.stdout.write(`${base}\n`);
  return 0;
};

/** `dirname NAME` */
export const dirname: Tool = async (context, flavour) => {
  const name = context.argv[1];
  if (name === undefined) {
    await context.stderr.write(
      flavour === 'gnu'
        ? "dirname: missing operand\nTry 'dirname --help' for more information.\n"
        : BUSYBOX_BANNER,
    );
    return 1;
  }
  const trimmed = name.replace(/\/+$/, '');
  let dir: string;
  if (trimmed === '') dir = name.startsWith('/') ? '/' : '.';
  else if (!trimmed.includes('/')) dir = '.';
  else dir = trimmed.slice(0, trimmed.lastIndexOf('/')).replace(/\/+$/, '') || '/';
  await context.stdout.write(`${dir}\n`);
  return 0;
};
