import { FsError } from '../fs/file-system.js';
import { reason, resolvePath } from './io.js';
import { missingOperand } from './mkdir.js';
import { toolOptions } from './options.js';
import type { Tool } from './tool.js';

/** `touch FILE...`: creates missing files; an append of nothing stamps the mtime of others. */
export const touch: Tool = async (context, flavour) => {
  const operands = context.argv.slice(1).filter((arg) => !/^-[cam]+$/.test(arg));
  const noCreate = context.argv.slice(1).some((arg) => /^-[am]*c/.test(arg));
  if (operands.length === 0) {
    await context.stderr.write(missingOperand('touch', flavour));
    return 1;
  }
  let status = 0;
  for (const operand of operands) {
    const path = resolvePath(context.cwd, operand);
    if (noCreate && !context.fs.exists(path)) continue;
    try {
      context.fs.writeFile(path, '', { append: true });
    } catch (error) {
      const why = reason(error);
      await context.stderr.write(
        flavour === 'gnu'
          ? `touch: cannot touch '${operand}': ${why}\n`
          : `touch: ${operand}: ${why}\n`,
      );
      status = 1;
    }
  }
  return status;
};

/** `ln [-sfn] TARGET LINK` (or into a directory). */
export const ln: Tool = async (context, flavour) => {
  const options = await toolOptions(context, flavour, 'ln', {
    flags: 'sfnvT',
    long: { symbolic: 's', force: 'f' },
  });
  if (!options) return 1;
  const [target, linkOperand] = options.operands;
  if (target === undefined) {
    await context.stderr.write(missingOperand('ln', flavour));
    return 1;
  }
  const name = linkOperand ?? target.replace(/\/+$/, '').split('/').pop() ?? target;
  let path = resolvePath(context.cwd, name);
  try {
    if (
      !options.flags.has('n') &&
      context.fs.exists(path) &&
      context.fs.stat(path).type === 'directory'
    ) {
      path = `${path.replace(/\/$/, '')}/${target.replace(/\/+$/, '').split('/').pop()}`;
    }
  } catch {
    // A dangling link as LINK: replaced below when -f.
  }
  const symbolic = options.flags.has('s');
  try {
    if (options.flags.has('f')) {
      try {
        context.fs.unlink(path);
      } catch (error) {
        if (!(error instanceof FsError && error.code === 'ENOENT')) throw error;
      }
    }
    if (symbolic) context.fs.symlink(target, path);
    else context.fs.link(resolvePath(context.cwd, target), path);
    return 0;
  } catch (error) {
    const why = reason(error);
    const kind = symbolic ? 'symbolic link' : 'hard link';
    await context.stderr.write(
      flavour === 'gnu'
        ? `ln: failed to create ${kind} '${name}': ${why}\n`
        : `ln: ${name}: ${why}\n`,
    );
    return 1;
  }
};
