import type { ProcessContext, TerminalModes } from '../process/contracts.js';
import type { Flavour, Tool } from '../programs/tool.js';

/**
 * `tty` and `stty`, the two programs that ask the terminal on fd 0 about itself. `stty` knows
 * the settings a course touches: `size` (what a resize changed), `echo`, `icanon`, `isig`,
 * `raw`, `cooked` and `sane`. GNU coreutils and busybox agree on these outputs.
 */

const NOT_A_TTY = 'Inappropriate ioctl for device';

/** `tty`: the terminal's name, or `not a tty` with status 1. */
export const tty: Tool = async (context) => {
  const terminal = context.stdin.terminal;
  if (context.argv.slice(1).some((arg) => arg === '-s' || arg === '--silent')) {
    return terminal ? 0 : 1;
  }
  await context.stdout.write(`${terminal ? terminal.name : 'not a tty'}\n`);
  return terminal ? 0 : 1;
};

const SETTINGS: Record<string, Partial<TerminalModes>> = {
  echo: { echo: true },
  '-echo': { echo: false },
  icanon: { icanon: true },
  '-icanon': { icanon: false },
  isig: { isig: true },
  '-isig': { isig: false },
  raw: { icanon: false, isig: false },
  '-raw': { icanon: true, isig: true },
  cooked: { icanon: true, isig: true },
  sane: { echo: true, icanon: true, isig: true },
};

export const stty: Tool = async (context, flavour) => {
  const terminal = context.stdin.terminal;
  const args = context.argv.slice(1);
  if (!terminal) {
    const device = flavour === 'gnu' ? "'standard input'" : 'standard input';
    return fail(context, `${device}: ${NOT_A_TTY}`);
  }
  if (args.length === 0) {
    const modes = terminal.modes();
    const off = Object.entries(modes)
      .filter(([, on]) => !on)
      .map(([name]) => `-${name}`);
    await context.stdout.write(
      `speed 38400 baud; line = 0;\n${off.length ? `${off.join(' ')}\n` : ''}`,
    );
    return 0;
  }
  if (args.length === 1 && args[0] === 'size') {
    const { rows, cols } = terminal.size();
    await context.stdout.write(`${rows} ${cols}\n`);
    return 0;
  }
  const change: Partial<TerminalModes> = {};
  for (const arg of args) {
    const setting = SETTINGS[arg];
    if (!setting) return invalid(context, flavour, arg);
    Object.assign(change, setting);
  }
  terminal.setModes(change);
  return 0;
};

async function fail(context: ProcessContext, message: string): Promise<number> {
  await context.stderr.write(`stty: ${message}\n`);
  return 1;
}

async function invalid(context: ProcessContext, flavour: Flavour, arg: string): Promise<number> {
  await context.stderr.write(
    flavour === 'gnu'
      ? `stty: invalid argument '${arg}'\nTry 'stty --help' for more information.\n`
      : `stty: invalid argument '${arg}'\n`,
  );
  return 1;
}
