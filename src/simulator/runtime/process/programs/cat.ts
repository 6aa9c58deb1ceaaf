import { FS_ERROR_TEXT, FsError } from '../../fs/file-system.js';
import type { Program } from '../contracts.js';
import { resolvePath } from './args.js';

/** `cat [FILE|-]...` with busybox's messages (`cat: can't open 'x': No such file or directory`). */
export const cat: Program = async (context) => {
  const operands = context.argv.slice(1).filter((a) => a !== '--');
  if (operands.length === 0) operands.push('-');
  let status = 0;
  for (const operand of operands) {
    if (operand === '-') {
      for (;;) {
        const chunk = await context.stdin.read();
        if (chunk === null) break;
        await context.stdout.write(chunk);
      }
      continue;
    }
    let data: Uint8Array;
    try {
      data = context.fs.readFile(resolvePath(context.cwd, operand));
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      const reason = FS_ERROR_TEXT[error.code];
      await context.stderr.write(
        error.code === 'EISDIR'
          ? `cat: read error: ${reason}\n`
          : `cat: can't open '${operand}': ${reason}\n`,
      );
      status = 1;
      continue;
    }
    await context.stdout.write(data);
    await context.yield();
  }
  return status;
};
