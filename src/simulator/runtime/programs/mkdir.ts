import { reason, resolvePath } from './io.js';
import { toolOptions } from './options.js';
import { BUSYBOX_BANNER, type Tool } from './tool.js';

/** `mkdir [-p] [-m MODE] DIR...`: busybox says `can't create`, coreutils `cannot create`. */
export const mkdir: Tool = async (context, flavour) => {
  const options = await toolOptions(context, flavour, 'mkdir', {
    flags: 'pv',
    values: 'm',
    long: { parents: 'p' },
  });
  if (!options) return 1;
  if (options.operands.length === 0) {
    await context.stderr.write(missingOperand('mkdir', flavour));
    return 1;
  }
  const modeText = options.values.get('m');
  const mode = modeText === undefined ? undefined : Number.parseInt(modeText, 8);
  const recursive = options.flags.has('p');
  let status = 0;
  for (const operand of options.operands) {
    try {
      const path = resolvePath(context.cwd, operand);
      if (recursive && context.fs.exists(path) && context.fs.stat(path).type === 'directory')
        continue;
      context.fs.mkdir(path, { recursive, ...(mode !== undefined ? { mode } : {}) });
      if (options.flags.has('v'))
        await context.stdout.write(`mkdir: created directory '${operand}'\n`);
    } catch (error) {
      const why = reason(error);
      const verb = flavour === 'gnu' ? 'cannot' : "can't";
      await context.stderr.write(`mkdir: ${verb} create directory '${operand}': ${why}\n`);
      status = 1;
    }
  }
  return status;
};

/** coreutils' and busybox's complaint when a command got no operand at all. */
export function missingOperand(name: string, flavour: 'busybox' | 'gnu'): string {
  if (flavour === 'gnu')
    return `${name}: missing operand\nTry '${name} --help' for more information.\n`;
  return `${BUSYBOX_BANNER}\nUsage: ${name} ${USAGE[name] ?? '[OPTIONS]'}\n`;
}

const USAGE: Record<string, string> = {
  mkdir: '[-m MODE] [-p] DIRECTORY...',
  rm: '[-irf] FILE...',
  touch: '[-cah] [-d DATE] [-t DATE] [-r FILE] FILE...',
  cp: '[-arPLHpfinlsTu] SOURCE DEST',
  mv: '[-fin] SOURCE DEST',
};
