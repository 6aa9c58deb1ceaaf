import { FsError } from '../fs/file-system.js';
import { reason, resolvePath } from './io.js';
import type { Tool } from './tool.js';

/**
 * `cat [FILE|-]...`. A directory is an open that works and a read that fails, so busybox says
 * `cat: read error: Is a directory` and coreutils `cat: dir: Is a directory`.
 */
export const cat: Tool = async (context, flavour) => {
  const operands = context.argv.slice(1).filter((arg) => arg !== '--' && arg !== '-u');
  if (operands.length === 0) operands.push('-');
  let status = 0;
  for (const operand of operands) {
    if (operand === '-') {
      // Chunk by chunk, so `cat` in a pipeline passes data on as it comes.
      for (;;) {
        const chunk = await context.stdin.read(context.signals.killed);
        if (chunk === null) break;
        await context.stdout.write(chunk);
      }
      continue;
    }
    try {
      await context.stdout.write(context.fs.readFile(resolvePath(context.cwd, operand)));
    } catch (error) {
      const why = reason(error);
      const isDir = error instanceof FsError && error.code === 'EISDIR';
      let message: string;
      if (flavour === 'gnu') message = `cat: ${operand}: ${why}\n`;
      else if (isDir) message = `cat: read error: ${why}\n`;
      else message = `cat: can't open '${operand}': ${why}\n`;
      await context.stderr.write(message);
      status = 1;
    }
    await context.yield();
  }
  return status;
};
