import { readInputs } from './inputs.js';
import { bytes, reason, resolvePath, splitLines, text } from './io.js';
import { posixToJs } from './regex.js';
import { BUSYBOX_BANNER, type Tool } from './tool.js';

/**
 * `sed [-n] [-E|-r] [-i] [-e SCRIPT]... [SCRIPT] [FILE]...` for the common forms: addresses
 * (N, $, /re/, ranges), `s///[gpNI]`, `p`, `d`, `q`, `=`, `y`-free. Unknown commands are
 * refused with sed's own message rather than silently ignored.
 */
type Address = { kind: 'line'; n: number } | { kind: 'last' } | { kind: 're'; regex: RegExp };

interface Command {
  from?: Address;
  to?: Address;
  negate: boolean;
  name: string;
  regex?: RegExp;
  replacement?: string;
  global?: boolean;
  nth?: number;
  print?: boolean;
  /** Per-command range state. */
  active: boolean;
}

class SedError extends Error {}

export const sed: Tool = async (context, flavour) => {
  const args = context.argv.slice(1);
  const scripts: string[] = [];
  const files: string[] = [];
  let quiet = false;
  let extended = false;
  let inPlace = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-e') scripts.push(args[++i] ?? '');
    else if (arg === '--') files.push(...args.slice(i + 1).splice(0));
    else if (/^-[nErsi]+$/.test(arg)) {
      if (arg.includes('n')) quiet = true;
      if (arg.includes('E') || arg.includes('r')) extended = true;
      if (arg.includes('i')) inPlace = true;
    } else if (arg === '--quiet' || arg === '--silent') quiet = true;
    else files.push(arg);
  }
  if (scripts.length === 0) {
    const script = files.shift();
    if (script === undefined) {
      await context.stderr.write(
        flavour === 'gnu'
          ? 'Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n'
          : BUSYBOX_BANNER,
      );
      return 1;
    }
    scripts.push(script);
  }
  let commands: Command[];
  try {
    commands = parseScript(scripts.join('\n'), extended);
  } catch (error) {
    if (!(error instanceof SedError)) throw error;
    await context.stderr.write(`sed: ${error.message}\n`);
    return 1;
  }
  if (inPlace) {
    let status = 0;
    for (const file of files) {
      const path = resolvePath(context.cwd, file);
      try {
        const output = execute(commands, splitLines(text(context.fs.readFile(path))), quiet);
        context.fs.writeFile(path, output);
      } catch (error) {
        await context.stderr.write(
          flavour === 'gnu'
            ? `sed: can't read ${file}: ${reason(error)}\n`
            : `sed: ${file}: ${reason(error)}\n`,
        );
        status = 1;
      }
    }
    return status;
  }
  const { inputs, failed } = await readInputs(context, flavour, 'sed', files);
  const lines = inputs.flatMap((input) => splitLines(text(input.data)));
  await context.stdout.write(bytes(execute(commands, lines, quiet)));
  return failed ? 2 : 0;
};

function execute(commands: Command[], lines: string[], quiet: boolean): string {
  const out: string[] = [];
  for (const command of commands) command.active = false;
  lineLoop: for (let index = 0; index < lines.length; index++) {
    let space = lines[index] as string;
    const lineNo = index + 1;
    const last = index === lines.length - 1;
    for (const command of commands) {
      if (!selects(command, space, lineNo, last)) continue;
      switch (command.name) {
        case 'p':
          out.push(space);
          break;
        case 'd':
          continue lineLoop;
        case '=':
          out.push(String(lineNo));
          break;
        case 'q':
          if (!quiet) out.push(space);
          break lineLoop;
        case 's': {
          const replaced = substitute(command, space);
          if (replaced !== undefined) {
            space = replaced;
            if (command.print) out.push(space);
          }
          break;
        }
      }
    }
    if (!quiet) out.push(space);
  }
  return out.map((line) => `${line}\n`).join('');
}

function matches(address: Address, space: string, lineNo: number, last: boolean): boolean {
  if (address.kind === 'line') return lineNo === address.n;
  if (address.kind === 'last') return last;
  address.regex.lastIndex = 0;
  return address.regex.test(space);
}

function selects(command: Command, space: string, lineNo: number, last: boolean): boolean {
  let hit: boolean;
  if (!command.from) hit = true;
  else if (!command.to) hit = matches(command.from, space, lineNo, last);
  else if (command.active) {
    hit = true;
    const end = command.to;
    if ((end.kind === 'line' && lineNo >= end.n) || matches(end, space, lineNo, last))
      command.active = false;
  } else {
    hit = matches(command.from, space, lineNo, last);
    const end = command.to;
    if (hit) command.active = !(end.kind === 'line' && end.n <= lineNo);
  }
  return hit !== command.negate;
}

function substitute(command: Command, space: string): string | undefined {
  const regex = command.regex as RegExp;
  let count = 0;
  let changed = false;
  regex.lastIndex = 0;
  const result = space.replace(regex, (...match: unknown[]) => {
    count++;
    const whole = match[0] as string;
    if (command.nth !== undefined ? count !== command.nth : !command.global && count > 1)
      return whole;
    changed = true;
    return expandReplacement(command.replacement ?? '', match);
  });
  return changed ? result : undefined;
}

function expandReplacement(replacement: string, match: unknown[]): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const ch = replacement[i] as string;
    if (ch === '&') out += match[0] as string;
    else if (ch === '\\' && i + 1 < replacement.length) {
      const next = replacement[++i] as string;
      if (/[0-9]/.test(next)) out += (match[Number(next)] as string | undefined) ?? '';
      else if (next === 'n') out += '\n';
      else if (next === 't') out += '\t';
      else out += next;
    } else out += ch;
  }
  return out;
}

function parseScript(script: string, extended: boolean): Command[] {
  const commands: Command[] = [];
  let i = 0;
  const regexUntil = (delimiter: string): string => {
    let body = '';
    while (i < script.length && script[i] !== delimiter) {
      if (script[i] === '\\' && script[i + 1] === delimiter) {
        body += delimiter;
        i += 2;
        continue;
      }
      if (script[i] === '\\') body += script[i++];
      body += script[i++];
    }
    if (script[i] !== delimiter)
      throw new SedError(`-e expression #1, char ${i}: unterminated \`s' command`);
    i++;
    return body;
  };
  const address = (): Address | undefined => {
    const number = /^\d+/.exec(script.slice(i));
    if (number) {
      i += number[0].length;
      return { kind: 'line', n: Number(number[0]) };
    }
    if (script[i] === '$') {
      i++;
      return { kind: 'last' };
    }
    if (script[i] === '/') {
      i++;
      return { kind: 're', regex: new RegExp(posixToJs(regexUntil('/'), extended)) };
    }
    return undefined;
  };
  while (i < script.length) {
    while (i < script.length && /[\s;]/.test(script[i] as string)) i++;
    if (i >= script.length) break;
    const command: Command = { negate: false, name: '', active: false };
    const from = address();
    if (from) command.from = from;
    if (from && script[i] === ',') {
      i++;
      const to = address();
      if (to) command.to = to;
    }
    while (script[i] === ' ') i++;
    if (script[i] === '!') {
      command.negate = true;
      i++;
    }
    const name = script[i++] ?? '';
    command.name = name;
    if (name === 's') {
      const delimiter = script[i++] ?? '/';
      const pattern = regexUntil(delimiter);
      command.replacement = regexUntil(delimiter);
      const flags = /^[gpI0-9]*/.exec(script.slice(i))?.[0] ?? '';
      i += flags.length;
      command.global = flags.includes('g');
      command.print = flags.includes('p');
      const nth = /\d+/.exec(flags);
      if (nth) command.nth = Number(nth[0]);
      command.regex = new RegExp(posixToJs(pattern, extended), flags.includes('I') ? 'gi' : 'g');
    } else if (!'pdq='.includes(name) || name === '') {
      throw new SedError(`-e expression #1, char ${i}: unknown command: \`${name}'`);
    }
    commands.push(command);
  }
  return commands;
}
