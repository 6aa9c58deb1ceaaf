import { FS_ERROR_TEXT, FsError } from '../../fs/file-system.js';
import { DEFAULT_PATH } from '../../process/process-host.js';
import { RESERVED_WORDS } from '../ast.js';
import { runExternal } from '../external.js';
import type { Shell } from '../interpreter.js';
import { resolvePath } from '../paths.js';
import { SPECIAL_BUILTINS } from './index.js';

/** `cd`, `pwd`, `type`, `command`, `umask`, `ulimit`, `times`, `hash`, `let`, `getopts`. */

export async function cdBuiltin(shell: Shell, argv: string[]): Promise<number> {
  const args = argv.slice(1).filter((a) => a !== '-L' && a !== '-P');
  const state = shell.state;
  let target = args[0];
  let print = false;
  if (target === undefined) {
    target = state.get('HOME');
    if (target === undefined || target === '') return 0;
  } else if (target === '-') {
    target = state.get('OLDPWD') ?? state.cwd;
    print = true;
  }
  const path = resolvePath(state.cwd, target);
  try {
    const stat = shell.fs.stat(path);
    if (stat.type !== 'directory') throw new FsError('ENOTDIR', path, 'chdir');
  } catch (error) {
    if (!(error instanceof FsError)) throw error;
    await shell.error(shell.flavour.messages.cantCd(target, FS_ERROR_TEXT[error.code]), 'cd');
    return 2;
  }
  state.set('OLDPWD', state.cwd);
  state.cwd = path;
  state.set('PWD', path);
  if (print) await shell.write(1, `${path}\n`);
  return 0;
}

export async function pwdBuiltin(shell: Shell, argv: string[]): Promise<number> {
  const physical = argv.includes('-P');
  await shell.write(1, `${physical ? shell.fs.realpath(shell.state.cwd) : shell.state.cwd}\n`);
  return 0;
}

type Kind =
  | { kind: 'keyword' }
  | { kind: 'function' }
  | { kind: 'special' }
  | { kind: 'builtin' }
  | { kind: 'file'; path: string }
  | { kind: 'none' };

export function commandKind(shell: Shell, name: string): Kind {
  if (RESERVED_WORDS.has(name)) return { kind: 'keyword' };
  if (SPECIAL_BUILTINS.has(name)) return { kind: 'special' };
  if (shell.state.functions.has(name)) return { kind: 'function' };
  if (shell.builtin(name)) return { kind: 'builtin' };
  const path = shell.ctx.lookPath(name, shell.state.get('PATH') ?? DEFAULT_PATH);
  return path === undefined ? { kind: 'none' } : { kind: 'file', path };
}

function describe(shell: Shell, name: string, kind: Kind): string {
  switch (kind.kind) {
    case 'keyword':
      return `${name} is a shell keyword`;
    case 'function':
      return `${name} is ${shell.flavour.messages.functionKind}`;
    case 'special':
      return `${name} is a special shell builtin`;
    case 'builtin':
      return `${name} is a shell builtin`;
    case 'file':
      return `${name} is ${kind.path}`;
    case 'none':
      return `${name}: not found`;
  }
}

export async function typeBuiltin(shell: Shell, argv: string[]): Promise<number> {
  let status = 0;
  for (const name of argv.slice(1)) {
    const kind = commandKind(shell, name);
    if (kind.kind === 'none') status = 127;
    await shell.write(1, `${describe(shell, name, kind)}\n`);
  }
  return status;
}

export async function commandBuiltin(shell: Shell, argv: string[]): Promise<number> {
  const args = argv.slice(1);
  let mode: 'run' | 'v' | 'V' = 'run';
  while (args[0]?.startsWith('-')) {
    const flag = args.shift() as string;
    if (flag === '--') break;
    if (flag.includes('V')) mode = 'V';
    else if (flag.includes('v')) mode = 'v';
  }
  if (args.length === 0) return 0;
  if (mode !== 'run') {
    let status = 0;
    // Both shells answer for the first name only.
    for (const name of args.slice(0, 1)) {
      const kind = commandKind(shell, name);
      if (kind.kind === 'none') {
        status = 127;
        if (mode === 'V') await shell.write(1, `${describe(shell, name, kind)}\n`);
        continue;
      }
      await shell.write(
        1,
        mode === 'V'
          ? `${describe(shell, name, kind)}\n`
          : `${kind.kind === 'file' ? kind.path : name}\n`,
      );
    }
    return status;
  }
  // `command name`: skips functions.
  const name = args[0] as string;
  const builtin = SPECIAL_BUILTINS.get(name) ?? shell.builtin(name);
  if (builtin) return builtin(shell, args);
  return runExternal(shell, args, [], false);
}

export async function umaskBuiltin(shell: Shell, argv: string[]): Promise<number> {
  const arg = argv.slice(1).find((a) => a !== '-S');
  if (arg === undefined) {
    const mask = shell.state.umask;
    if (argv.includes('-S')) {
      const perms = (bits: number) =>
        `${bits & 4 ? 'r' : ''}${bits & 2 ? 'w' : ''}${bits & 1 ? 'x' : ''}`;
      const allowed = ~mask & 0o777;
      await shell.write(
        1,
        `u=${perms(allowed >> 6)},g=${perms((allowed >> 3) & 7)},o=${perms(allowed & 7)}\n`,
      );
    } else await shell.write(1, `${mask.toString(8).padStart(4, '0')}\n`);
    return 0;
  }
  if (/^[0-7]+$/.test(arg)) shell.state.umask = Number.parseInt(arg, 8) & 0o777;
  return 0;
}

/** Limits are accepted and reported as a container's usual ones; nothing enforces them. */
export async function ulimitBuiltin(shell: Shell, argv: string[]): Promise<number> {
  const args = argv.slice(1);
  if (args.some((a) => !a.startsWith('-'))) return 0;
  const value = args.includes('-n') ? '1048576' : args.includes('-u') ? 'unlimited' : 'unlimited';
  await shell.write(1, `${value}\n`);
  return 0;
}

export async function timesBuiltin(shell: Shell): Promise<number> {
  await shell.write(1, '0m0.000s 0m0.000s\n0m0.000s 0m0.000s\n');
  return 0;
}

export async function letBuiltin(shell: Shell, argv: string[]): Promise<number> {
  let last = 0n;
  for (const expression of argv.slice(1)) {
    last = await shell.guardExpansion(async () => shell.expander.arithmetic(expression));
  }
  return last === 0n ? 1 : 0;
}

export async function getoptsBuiltin(shell: Shell, argv: string[]): Promise<number> {
  const spec = argv[1] ?? '';
  const name = argv[2] ?? 'OPTARG';
  const params = argv.length > 3 ? argv.slice(3) : shell.state.positional;
  const state = shell.state;
  let optind = Number(state.get('OPTIND') ?? '1') || 1;
  const offset = state.optionOffset;
  const arg = params[optind - 1];
  if (arg === undefined || !arg.startsWith('-') || arg === '-' || arg === '--') {
    if (arg === '--') optind++;
    state.set('OPTIND', String(optind));
    state.set(name, '?');
    return 1;
  }
  const letter = arg[offset] as string;
  const at = spec.indexOf(letter);
  let nextOffset = offset + 1;
  if (at < 0 || letter === ':') {
    state.set(name, '?');
    await shell.write(2, `Illegal option -${letter}\n`);
  } else if (spec[at + 1] === ':') {
    let value = arg.slice(offset + 1);
    if (value === '') {
      optind++;
      value = params[optind - 1] ?? '';
    }
    state.set('OPTARG', value);
    state.set(name, letter);
    nextOffset = arg.length;
  } else state.set(name, letter);
  if (nextOffset >= arg.length) {
    optind++;
    nextOffset = 1;
  }
  state.set('OPTIND', String(optind));
  state.optionOffset = nextOffset;
  return 0;
}
