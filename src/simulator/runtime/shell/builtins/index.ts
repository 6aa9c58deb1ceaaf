import type { Shell } from '../interpreter.js';
import { echoBuiltin } from './echo.js';
import {
  breakBuiltin,
  colon,
  dotBuiltin,
  evalBuiltin,
  execBuiltin,
  exitBuiltin,
  falseBuiltin,
  returnBuiltin,
} from './flow.js';
import {
  cdBuiltin,
  commandBuiltin,
  getoptsBuiltin,
  letBuiltin,
  pwdBuiltin,
  timesBuiltin,
  typeBuiltin,
  ulimitBuiltin,
  umaskBuiltin,
} from './misc.js';
import { printfBuiltin } from './printf.js';
import { readBuiltin } from './read.js';
import { jobsBuiltin, killBuiltin, trapBuiltin, waitBuiltin } from './signals.js';
import { testBuiltin } from './test.js';
import {
  exportBuiltin,
  localBuiltin,
  setBuiltin,
  shiftBuiltin,
  unsetBuiltin,
} from './variables.js';

/** A builtin runs inside the shell process; it resolves its exit status. */
export type Builtin = (shell: Shell, argv: string[]) => Promise<number>;

/**
 * POSIX special builtins: found before functions, their assignments stay, and their errors
 * end a non-interactive shell.
 */
export const SPECIAL_BUILTINS = new Map<string, Builtin>([
  [':', colon],
  ['.', dotBuiltin],
  ['break', breakBuiltin],
  ['continue', breakBuiltin],
  ['eval', evalBuiltin],
  ['exec', execBuiltin],
  ['exit', exitBuiltin],
  ['export', exportBuiltin],
  ['readonly', exportBuiltin],
  ['return', returnBuiltin],
  ['set', setBuiltin],
  ['shift', shiftBuiltin],
  ['times', timesBuiltin],
  ['trap', trapBuiltin],
  ['unset', unsetBuiltin],
]);

/** Regular builtins of both shells (busybox's `[[`, `source`, `let` are filtered by flavour). */
export const BUILTINS = new Map<string, Builtin>([
  ['true', colon],
  ['false', falseBuiltin],
  ['echo', echoBuiltin],
  ['printf', printfBuiltin],
  ['test', testBuiltin],
  ['[', testBuiltin],
  ['[[', testBuiltin],
  ['read', readBuiltin],
  ['cd', cdBuiltin],
  ['pwd', pwdBuiltin],
  ['local', localBuiltin],
  ['wait', waitBuiltin],
  ['jobs', jobsBuiltin],
  ['kill', killBuiltin],
  ['type', typeBuiltin],
  ['command', commandBuiltin],
  ['umask', umaskBuiltin],
  ['ulimit', ulimitBuiltin],
  ['getopts', getoptsBuiltin],
  ['hash', colon],
]);

/** busybox-only builtins. */
export const ASH_BUILTINS = new Map<string, Builtin>([
  ['source', dotBuiltin],
  ['let', letBuiltin],
  ['[[', testBuiltin],
]);
