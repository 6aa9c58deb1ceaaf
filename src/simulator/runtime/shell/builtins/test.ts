import type { FileStat } from '../../fs/file-system.js';
import { operandMatches, plainOperand } from '../double-bracket.js';
import type { Shell } from '../interpreter.js';
import { resolvePath } from '../paths.js';

class TestError extends Error {}

const UNARY_FILE = new Set([
  '-e',
  '-f',
  '-d',
  '-r',
  '-w',
  '-x',
  '-s',
  '-L',
  '-h',
  '-p',
  '-S',
  '-b',
  '-c',
  '-g',
  '-u',
  '-k',
  '-O',
  '-G',
]);
const BINARY = new Set([
  '=',
  '!=',
  '==',
  '<',
  '>',
  '-eq',
  '-ne',
  '-lt',
  '-le',
  '-gt',
  '-ge',
  '-nt',
  '-ot',
  '-ef',
]);

/**
 * `test`, `[` and busybox's `[[`: POSIX test with `!`, `-a`, `-o` and parentheses, over the
 * container's filesystem. Status 0 true, 1 false, 2 on a usage error.
 */
export async function testBuiltin(shell: Shell, argv: string[]): Promise<number> {
  const name = argv[0] as string;
  let args = argv.slice(1);
  if (name === '[' || name === '[[') {
    const close = name === '[' ? ']' : ']]';
    if (args[args.length - 1] !== close) return report(shell, name, `missing ${close}`);
    args = args.slice(0, -1);
  }
  try {
    return evaluate(shell, args) ? 0 : 1;
  } catch (error) {
    if (error instanceof TestError) return report(shell, name, error.message);
    throw error;
  }
}

async function report(shell: Shell, name: string, message: string): Promise<number> {
  // busybox's test is an applet: `sh: missing ]`; dash's: `sh: 1: [: missing ]`.
  if (shell.flavour.name === 'ash') await shell.write(2, `${shell.state.arg0}: ${message}\n`);
  else await shell.error(message, name);
  return 2;
}

function evaluate(shell: Shell, args: string[]): boolean {
  // POSIX's rules by argument count come first; longer expressions go to the parser.
  switch (args.length) {
    case 0:
      return false;
    case 1:
      return (args[0] as string) !== '';
    case 2:
      if (args[0] === '!') return !evaluate(shell, args.slice(1));
      if (BINARY.has(args[1] as string) && !isUnary(args[0] as string)) {
        throw new TestError(`${args[1]}: argument expected`);
      }
      return unary(shell, args[0] as string, args[1] as string);
    case 3:
      if (BINARY.has(args[1] as string)) {
        return binary(shell, args[0] as string, args[1] as string, args[2] as string);
      }
      if (args[0] === '!') return !evaluate(shell, args.slice(1));
      if (args[0] === '(' && args[2] === ')') return evaluate(shell, [args[1] as string]);
      break;
    case 4:
      if (args[0] === '!') return !evaluate(shell, args.slice(1));
      break;
  }
  const parser = new ExprParser(shell, args);
  const result = parser.or();
  if (parser.pos < args.length) throw new TestError(`${args[parser.pos]}: unexpected operator`);
  return result;
}

class ExprParser {
  pos = 0;
  constructor(
    private readonly shell: Shell,
    private readonly args: string[],
  ) {}

  or(): boolean {
    let value = this.and();
    while (this.args[this.pos] === '-o') {
      this.pos++;
      const right = this.and();
      value = value || right;
    }
    return value;
  }

  and(): boolean {
    let value = this.not();
    while (this.args[this.pos] === '-a') {
      this.pos++;
      const right = this.not();
      value = value && right;
    }
    return value;
  }

  not(): boolean {
    if (this.args[this.pos] === '!') {
      this.pos++;
      return !this.not();
    }
    return this.primary();
  }

  primary(): boolean {
    const a = this.args[this.pos];
    if (a === undefined) throw new TestError('argument expected');
    if (a === '(') {
      this.pos++;
      const value = this.or();
      if (this.args[this.pos] !== ')') throw new TestError('closing paren expected');
      this.pos++;
      return value;
    }
    const op = this.args[this.pos + 1];
    if (op !== undefined && BINARY.has(op)) {
      const b = this.args[this.pos + 2];
      if (b === undefined) throw new TestError(`${op}: argument expected`);
      this.pos += 3;
      return binary(this.shell, a, op, b);
    }
    if (/^-[a-zA-Z]$/.test(a) && this.args[this.pos + 1] !== undefined) {
      this.pos += 2;
      return unary(this.shell, a, this.args[this.pos - 1] as string);
    }
    this.pos++;
    return a !== '';
  }
}

function stat(shell: Shell, path: string, follow = true): FileStat | undefined {
  try {
    const full = resolvePath(shell.state.cwd, path);
    return follow ? shell.fs.stat(full) : shell.fs.lstat(full);
  } catch {
    return undefined;
  }
}

function isUnary(op: string): boolean {
  return op === '-z' || op === '-n' || op === '-t' || UNARY_FILE.has(op);
}

function unary(shell: Shell, op: string, operand: string): boolean {
  if (op === '-z') return operand === '';
  if (op === '-n') return operand !== '';
  if (op === '-t') {
    const fd = shell.fds.get(Number(operand));
    return Boolean(fd?.output?.isTerminal || fd?.input?.terminal);
  }
  if (!UNARY_FILE.has(op)) throw new TestError(`${op}: unexpected operator`);
  const st = stat(shell, operand, op !== '-L' && op !== '-h');
  if (!st) return false;
  switch (op) {
    case '-e':
      return true;
    case '-f':
      return st.type === 'file';
    case '-d':
      return st.type === 'directory';
    case '-L':
    case '-h':
      return st.type === 'symlink';
    case '-s':
      return st.size > 0;
    case '-r':
    case '-w':
      // Containers run as root here: root may read and write anything (not on a read-only
      // mount, which `test -w` does not see either).
      return true;
    case '-x':
      return st.type === 'directory' || (st.mode & 0o111) !== 0;
    case '-u':
      return (st.mode & 0o4000) !== 0;
    case '-g':
      return (st.mode & 0o2000) !== 0;
    case '-k':
      return (st.mode & 0o1000) !== 0;
    case '-O':
    case '-G':
      return st.uid === 0;
    default:
      return false;
  }
}

function integer(shell: Shell, text: string): bigint {
  if (!/^\s*[+-]?\d+\s*$/.test(text)) {
    throw new TestError(
      shell.flavour.name === 'ash' ? `${text}: bad number` : `Illegal number: ${text}`,
    );
  }
  return BigInt(text.trim());
}

function binary(shell: Shell, a: string, op: string, marked: string): boolean {
  // Only `[[`'s comparisons get a pattern (double-bracket.ts); elsewhere it is the text.
  if (op === '=' || op === '!=' || (op === '==' && shell.flavour.name !== 'dash')) {
    return operandMatches(a, marked) === (op !== '!=');
  }
  const b = plainOperand(marked);
  switch (op) {
    case '==':
      throw new TestError(`${a}: unexpected operator`);
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '-eq':
      return integer(shell, a) === integer(shell, b);
    case '-ne':
      return integer(shell, a) !== integer(shell, b);
    case '-lt':
      return integer(shell, a) < integer(shell, b);
    case '-le':
      return integer(shell, a) <= integer(shell, b);
    case '-gt':
      return integer(shell, a) > integer(shell, b);
    case '-ge':
      return integer(shell, a) >= integer(shell, b);
    case '-nt':
    case '-ot': {
      const sa = stat(shell, a);
      const sb = stat(shell, b);
      if (op === '-nt') return Boolean(sa && (!sb || sa.mtimeMs > sb.mtimeMs));
      return Boolean(sb && (!sa || sa.mtimeMs < sb.mtimeMs));
    }
    case '-ef': {
      const sa = stat(shell, a);
      const sb = stat(shell, b);
      return Boolean(sa && sb && sa.ino === sb.ino);
    }
    default:
      throw new TestError(`${op}: unexpected operator`);
  }
}
