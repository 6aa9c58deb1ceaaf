import type { ProcessContext, Program } from '../process/contracts.js';
import { FLAVOURS, type FlavourName } from './flavour.js';
import { runInteractive } from './interactive.js';
import { Shell } from './interpreter.js';
import { BufferedInput, type FdTable } from './io.js';
import { resolvePath } from './paths.js';
import { runScript } from './session.js';
import { OPTION_BY_LETTER, OPTION_BY_NAME, type ShellOptions, ShellState } from './shell-state.js';

interface Invocation {
  options: Partial<ShellOptions>;
  command?: string;
  script?: string;
  arg0: string;
  positional: string[];
  interactive: boolean;
  named: boolean;
}

function parseArguments(argv: string[]): Invocation | { error: string } {
  const args = argv.slice(1);
  const options: Partial<ShellOptions> = {};
  let commandMode = false;
  let interactive = false;
  let stdinMode = false;
  while (args.length > 0) {
    const arg = args[0] as string;
    if (arg === '--' || arg === '-') {
      args.shift();
      break;
    }
    if (!/^[-+]/.test(arg) || arg.length < 2) break;
    args.shift();
    const on = arg[0] === '-';
    for (const letter of arg.slice(1)) {
      if (letter === 'c') commandMode = true;
      else if (letter === 'i') interactive = true;
      else if (letter === 's') stdinMode = true;
      else if (letter === 'l') continue;
      else if (letter === 'o') {
        const option = OPTION_BY_NAME[args.shift() ?? ''];
        if (option) options[option] = on;
      } else {
        const option = OPTION_BY_LETTER.get(letter);
        if (!option) return { error: `Illegal option ${arg[0]}${letter}` };
        options[option] = on;
      }
    }
  }
  const arg0 = argv[0] ?? 'sh';
  if (commandMode) {
    const command = args.shift();
    if (command === undefined) return { error: '-c requires an argument' };
    const name = args.shift();
    return {
      options,
      command,
      arg0: name ?? arg0,
      positional: args,
      interactive,
      named: name !== undefined,
    };
  }
  if (!stdinMode && args.length > 0) {
    const script = args.shift() as string;
    return { options, script, arg0: script, positional: args, interactive, named: true };
  }
  return { options, arg0, positional: args, interactive, named: false };
}

/**
 * `/bin/sh` of a container image: busybox ash (busybox, alpine) or dash (debian, ubuntu).
 * `sh -c STRING [NAME [ARG…]]`, `sh SCRIPT [ARG…]`, or commands from stdin — interactive
 * with prompts when stderr is a terminal (`kubectl exec -it`) or with `-i`.
 */
export function shellProgram(flavourName: FlavourName): Program {
  const flavour = FLAVOURS[flavourName];
  return async (context: ProcessContext) => {
    const invocation = parseArguments(context.argv);
    if ('error' in invocation) {
      await context.stderr.write(`${context.argv[0] ?? 'sh'}: ${invocation.error}\n`);
      return 2;
    }
    const state = new ShellState();
    const exported = (name: string, value: string) =>
      state.vars.set(name, { value, exported: true, readonly: false });
    // busybox exports SHLVL and a default PATH too; both export PWD (order as `env` shows it).
    if (flavour.name === 'ash') exported('SHLVL', String(Number(context.env.SHLVL ?? '0') + 1));
    for (const [name, value] of Object.entries(context.env)) {
      if (name !== 'SHLVL' || flavour.name !== 'ash') exported(name, value);
    }
    if (flavour.name === 'ash' && context.env.PATH === undefined) {
      exported('PATH', '/sbin:/usr/sbin:/bin:/usr/bin');
    }
    state.cwd = context.cwd;
    state.vars.delete('PWD');
    exported('PWD', context.cwd);
    state.set('PPID', String(context.ppid));
    state.set('OPTIND', '1');
    state.set('PS2', '> ');
    state.set('PS4', '+ ');
    state.arg0 = invocation.arg0;
    state.positional = invocation.positional;
    Object.assign(state.options, invocation.options);
    const fds: FdTable = new Map([
      [0, { input: BufferedInput.of(context.stdin) }],
      [1, { output: context.stdout }],
      [2, { output: context.stderr }],
    ]);
    const shell = new Shell({
      flavour,
      context,
      state,
      fds,
      commandString: invocation.command !== undefined,
      scriptNamed: invocation.named,
    });
    if (invocation.command !== undefined) return runScript(shell, invocation.command);
    if (invocation.script !== undefined) {
      let source: string;
      try {
        source = new TextDecoder().decode(
          context.fs.readFile(resolvePath(context.cwd, invocation.script)),
        );
      } catch {
        await context.stderr.write(
          flavour.name === 'ash'
            ? `${context.argv[0]}: can't open '${invocation.script}': No such file or directory\n`
            : `${context.argv[0]}: 0: cannot open ${invocation.script}: No such file\n`,
        );
        return flavour.name === 'ash' ? 2 : 2;
      }
      return runScript(shell, source);
    }
    if (invocation.interactive || context.stderr.isTerminal) return runInteractive(shell);
    return runScript(shell, await readAll(shell));
  };
}

async function readAll(shell: Shell): Promise<string> {
  const input = shell.stdin();
  let text = '';
  for (;;) {
    const line = await input.readLine();
    if (line === null) return text;
    text += line.complete ? `${line.line}\n` : line.line;
  }
}
