import { ShellFatalError } from '../control.js';
import type { Shell } from '../interpreter.js';
import { OPTION_BY_LETTER, OPTION_BY_NAME, type ShellOptions } from '../shell-state.js';

/** `export`, `readonly`, `unset`, `local`, `set`, `shift`. */

function quoteValue(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function splitAssignment(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return eq < 0 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
}

async function badName(shell: Shell, command: string, name: string): Promise<never> {
  return shell.fatal(`${name}: bad variable name`, command);
}

export async function exportBuiltin(shell: Shell, argv: string[]): Promise<number> {
  const command = argv[0] as string;
  const readonly = command === 'readonly';
  const args = argv.slice(1);
  let unexport = false;
  while (args[0]?.startsWith('-')) {
    const flag = args.shift() as string;
    if (flag === '--') break;
    if (flag === '-n') unexport = true;
  }
  if (args.length === 0) {
    const lines: string[] = [];
    for (const name of [...shell.state.vars.keys()].sort()) {
      const variable = shell.state.vars.get(name);
      if (!variable || !(readonly ? variable.readonly : variable.exported)) continue;
      lines.push(
        variable.value === undefined
          ? `${command} ${name}\n`
          : `${command} ${name}=${quoteValue(variable.value)}\n`,
      );
    }
    await shell.write(1, lines.join(''));
    return 0;
  }
  for (const arg of args) {
    const [name, value] = splitAssignment(arg);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) await badName(shell, command, name);
    const state = shell.state;
    if (value !== undefined && !state.set(name, value)) {
      await shell.fatal(`${name}: is read only`, command);
    }
    let variable = state.vars.get(name);
    if (!variable) {
      variable = { value: undefined, exported: false, readonly: false };
      state.vars.set(name, variable);
    }
    if (readonly) state.vars.set(name, { ...variable, readonly: true });
    else variable.exported = !unexport;
  }
  return 0;
}

export async function unsetBuiltin(shell: Shell, argv: string[]): Promise<number> {
  let functions = false;
  const names = argv.slice(1).filter((arg) => {
    if (arg === '-f') functions = true;
    else if (arg !== '-v') return true;
    return false;
  });
  for (const name of names) {
    if (functions) shell.state.functions.delete(name);
    else if (!shell.state.unset(name)) await shell.fatal(`${name}: is read only`, 'unset');
  }
  return 0;
}

export async function localBuiltin(shell: Shell, argv: string[]): Promise<number> {
  if (shell.functionDepth === 0) {
    return shell.fatal(shell.flavour.messages.notInFunction, 'local');
  }
  for (const arg of argv.slice(1)) {
    const [name, value] = splitAssignment(arg);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) await badName(shell, 'local', name);
    shell.state.makeLocal(name);
    if (value !== undefined && !shell.state.set(name, value)) {
      await shell.fatal(`${name}: is read only`, 'local');
    }
  }
  return 0;
}

export async function setBuiltin(shell: Shell, argv: string[]): Promise<number> {
  const args = argv.slice(1);
  const state = shell.state;
  if (args.length === 0) {
    const lines = [...state.vars.entries()]
      .filter(([, v]) => v.value !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, v]) => `${name}=${quoteValue(v.value ?? '')}\n`);
    await shell.write(1, lines.join(''));
    return 0;
  }
  while (args.length > 0) {
    const arg = args[0] as string;
    if (arg === '--') {
      args.shift();
      state.positional = args.splice(0);
      return 0;
    }
    if (arg === '-') {
      args.shift();
      state.options.xtrace = false;
      state.options.verbose = false;
      break;
    }
    const on = arg.startsWith('-');
    if (!on && !arg.startsWith('+')) break;
    args.shift();
    for (const letter of arg.slice(1)) {
      if (letter === 'o') {
        const name = args.shift();
        if (name === undefined) {
          await printOptions(shell, on);
          continue;
        }
        const option = OPTION_BY_NAME[name];
        if (!option || (option === 'pipefail' && !shell.flavour.pipefail)) {
          await illegalOption(shell, `-o ${name}`);
        }
        state.options[option as keyof ShellOptions] = on;
        continue;
      }
      const option = OPTION_BY_LETTER.get(letter);
      if (!option || option === 'interactive') await illegalOption(shell, `${arg[0]}${letter}`);
      state.options[option as keyof ShellOptions] = on;
    }
  }
  if (args.length > 0) state.positional = args;
  return 0;
}

async function illegalOption(shell: Shell, text: string): Promise<never> {
  await shell.error(
    shell.flavour.name === 'ash' ? `illegal option ${text}` : `Illegal option ${text}`,
    'set',
  );
  throw new ShellFatalError(2);
}

async function printOptions(shell: Shell, on: boolean): Promise<void> {
  const names = Object.keys(OPTION_BY_NAME).filter(
    (name) => name !== 'pipefail' || shell.flavour.pipefail,
  );
  const options = shell.state.options;
  const lines = names.map((name) => {
    const value = options[OPTION_BY_NAME[name] as keyof ShellOptions];
    return on
      ? `${name.padEnd(16)}${value ? 'on' : 'off'}\n`
      : `set ${value ? '-o' : '+o'} ${name}\n`;
  });
  await shell.write(1, lines.join(''));
}

export async function shiftBuiltin(shell: Shell, argv: string[]): Promise<number> {
  const text = argv[1] ?? '1';
  if (!/^\d+$/.test(text)) return shell.fatal(shell.flavour.messages.illegalNumber(text), 'shift');
  const n = Number(text);
  if (n > shell.state.positional.length) {
    const message = shell.flavour.messages.cantShift;
    if (message) return shell.fatal(message, 'shift');
    return 1;
  }
  shell.state.positional = shell.state.positional.slice(n);
  return 0;
}
