import { FsError } from '../fs/file-system.js';
import type { ProcessContext } from '../process/contracts.js';
import { reason, resolvePath } from './io.js';
import { missingOperand } from './mkdir.js';
import { toolOptions } from './options.js';
import type { Flavour, Tool } from './tool.js';

/** `rm [-rRf] FILE...`; `-f` silences missing files and a missing operand. */
export const rm: Tool = async (context, flavour) => {
  const options = await toolOptions(context, flavour, 'rm', {
    flags: 'rRfiv',
    long: { recursive: 'r', force: 'f' },
  });
  if (!options) return 1;
  const force = options.flags.has('f');
  const recursive = options.flags.has('r') || options.flags.has('R');
  if (options.operands.length === 0) {
    if (force) return 0;
    await context.stderr.write(missingOperand('rm', flavour));
    return 1;
  }
  let status = 0;
  for (const operand of options.operands) {
    const path = resolvePath(context.cwd, operand);
    if (
      flavour === 'gnu' &&
      recursive &&
      context.fs.exists(path) &&
      context.fs.realpath(path) === '/'
    ) {
      await context.stderr.write(
        "rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n",
      );
      status = 1;
      continue;
    }
    const ok = await remove(context, flavour, path, operand, recursive, force);
    if (!ok) status = 1;
  }
  return status;
};

async function remove(
  context: ProcessContext,
  flavour: Flavour,
  path: string,
  shown: string,
  recursive: boolean,
  force: boolean,
): Promise<boolean> {
  const verb = flavour === 'gnu' ? 'cannot remove' : "can't remove";
  let stat: ReturnType<ProcessContext['fs']['lstat']>;
  try {
    stat = context.fs.lstat(path);
  } catch (error) {
    if (force && error instanceof FsError && error.code === 'ENOENT') return true;
    await context.stderr.write(`rm: ${verb} '${shown}': ${reason(error)}\n`);
    return false;
  }
  if (stat.type === 'directory') {
    if (!recursive) {
      await context.stderr.write(
        flavour === 'gnu'
          ? `rm: cannot remove '${shown}': Is a directory\n`
          : `rm: '${shown}' is a directory\n`,
      );
      return false;
    }
    let ok = true;
    for (const name of context.fs.readdir(path)) {
      const child = `${path.replace(/\/$/, '')}/${name}`;
      const childShown = `${shown.replace(/\/$/, '')}/${name}`;
      if (!(await remove(context, flavour, child, childShown, true, force))) ok = false;
      await context.yield();
    }
    if (!ok) return false;
  }
  try {
    if (stat.type === 'directory') context.fs.rmdir(path);
    else context.fs.unlink(path);
    return true;
  } catch (error) {
    await context.stderr.write(`rm: ${verb} '${shown}': ${reason(error)}\n`);
    return false;
  }
}
