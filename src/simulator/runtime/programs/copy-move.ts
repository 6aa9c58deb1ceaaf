import { FsError } from '../fs/file-system.js';
import type { ProcessContext } from '../process/contracts.js';
import { reason, resolvePath } from './io.js';
import { missingOperand } from './mkdir.js';
import { toolOptions } from './options.js';
import type { Flavour, Tool } from './tool.js';

/** `cp [-rRafp] SRC... DEST` and `mv SRC... DEST`, into DEST when it is a directory. */
export const cp: Tool = async (context, flavour) => transfer(context, flavour, 'cp');
export const mv: Tool = async (context, flavour) => transfer(context, flavour, 'mv');

async function transfer(
  context: ProcessContext,
  flavour: Flavour,
  name: 'cp' | 'mv',
): Promise<number> {
  const options = await toolOptions(context, flavour, name, {
    flags: name === 'cp' ? 'rRafpvdPL' : 'fvin',
    long: { recursive: 'r', archive: 'a', force: 'f' },
  });
  if (!options) return 1;
  const operands = options.operands;
  if (operands.length < 2) {
    if (operands.length === 1 && flavour === 'gnu') {
      await context.stderr.write(
        `${name}: missing destination file operand after '${operands[0]}'\nTry '${name} --help' for more information.\n`,
      );
    } else {
      await context.stderr.write(missingOperand(name, flavour));
    }
    return 1;
  }
  const recursive = ['r', 'R', 'a'].some((flag) => options.flags.has(flag));
  const destOperand = operands[operands.length - 1] as string;
  const dest = resolvePath(context.cwd, destOperand);
  const destIsDir = isDirectory(context, dest);
  const sources = operands.slice(0, -1);
  if (sources.length > 1 && !destIsDir) {
    await context.stderr.write(
      flavour === 'gnu'
        ? `${name}: target '${destOperand}' is not a directory\n`
        : `${name}: '${destOperand}' is not a directory\n`,
    );
    return 1;
  }
  let status = 0;
  for (const source of sources) {
    const from = resolvePath(context.cwd, source);
    const base = from.replace(/\/+$/, '').split('/').pop() ?? '';
    const to = destIsDir ? `${dest.replace(/\/$/, '')}/${base}` : dest;
    try {
      const stat = context.fs.lstat(from);
      if (name === 'mv') {
        move(context, from, to);
      } else if (stat.type === 'directory' && !recursive) {
        await context.stderr.write(
          flavour === 'gnu'
            ? `cp: -r not specified; omitting directory '${source}'\n`
            : `cp: omitting directory '${source}'\n`,
        );
        status = 1;
      } else {
        await copyTree(context, from, to);
      }
    } catch (error) {
      const why = reason(error);
      const missing =
        error instanceof FsError && error.code === 'ENOENT' && !context.fs.exists(from);
      let message: string;
      if (missing && flavour === 'gnu') message = `${name}: cannot stat '${source}': ${why}\n`;
      else if (missing)
        message =
          name === 'cp'
            ? `cp: can't stat '${source}': ${why}\n`
            : `mv: can't rename '${source}': ${why}\n`;
      else if (flavour === 'gnu')
        message = `${name}: cannot ${name === 'cp' ? 'create regular file' : 'move'} '${destOperand}': ${why}\n`;
      else
        message = `${name}: can't ${name === 'cp' ? 'create' : 'rename'} '${destOperand}': ${why}\n`;
      await context.stderr.write(message);
      status = 1;
    }
  }
  return status;
}

function isDirectory(context: ProcessContext, path: string): boolean {
  try {
    return context.fs.stat(path).type === 'directory';
  } catch {
    return false;
  }
}

/** rename(2), or copy-and-delete across mounts as mv(1) does on EXDEV. */
function move(context: ProcessContext, from: string, to: string): void {
  try {
    context.fs.rename(from, to);
  } catch (error) {
    if (!(error instanceof FsError && error.code === 'EXDEV')) throw error;
    copyTreeSync(context, from, to);
    removeTree(context, from);
  }
}

async function copyTree(context: ProcessContext, from: string, to: string): Promise<void> {
  copyTreeSync(context, from, to);
  await context.yield();
}

function copyTreeSync(context: ProcessContext, from: string, to: string): void {
  const stat = context.fs.lstat(from);
  if (stat.type === 'symlink') {
    context.fs.symlink(context.fs.readlink(from), to);
  } else if (stat.type === 'directory') {
    if (!isDirectory(context, to)) context.fs.mkdir(to, { mode: stat.mode });
    for (const entry of context.fs.readdir(from))
      copyTreeSync(context, `${from}/${entry}`, `${to}/${entry}`);
  } else {
    context.fs.writeFile(to, context.fs.readFile(from), { mode: stat.mode });
  }
}

function removeTree(context: ProcessContext, path: string): void {
  const stat = context.fs.lstat(path);
  if (stat.type === 'directory') {
    for (const entry of context.fs.readdir(path)) removeTree(context, `${path}/${entry}`);
    context.fs.rmdir(path);
  } else {
    context.fs.unlink(path);
  }
}
