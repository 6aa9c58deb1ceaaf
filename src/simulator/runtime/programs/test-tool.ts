import type { ProcessContext } from '../process/contracts.js';
import { resolvePath } from './io.js';
import type { Tool } from './tool.js';

class TestError extends Error {}

/**
 * `test EXPR` and `[ EXPR ]` as binaries (`/usr/bin/[`): exit 0 true, 1 false, 2 on a bad
 * expression. POSIX's argument-count rules decide the meaning of 1–4 arguments; longer
 * expressions use `-a`/`-o`/`!` with their usual precedence.
 */
export const test: Tool = async (context, flavour) => {
  const name = context.argv[0]?.split('/').pop() ?? 'test';
  const args = context.argv.slice(1);
  if (name === '[') {
    if (args[args.length - 1] !== ']') {
      await context.stderr.write(flavour === 'gnu' ? "[: missing ']'\n" : '[: missing ]\n');
      return 2;
    }
    args.pop();
  }
  try {
    return evaluate(context, args) ? 0 : 1;
  } catch (error) {
    if (!(error instanceof TestError)) throw error;
    await context.stderr.write(`${name}: ${error.message}\n`);
    return 2;
  }
};

function evaluate(context: ProcessContext, args: string[]): boolean {
  if (args.length === 0) return false;
  if (args.length === 1) return args[0] !== '';
  if (args[0] === '!' && args.length <= 3) return !evaluate(context, args.slice(1));
  if (args.length === 2) return unary(context, args[0] as string, args[1] as string);
  if (args.length === 3 && BINARY.has(args[1] as string)) {
    return binary(args[0] as string, args[1] as string, args[2] as string);
  }
  const or = args.lastIndexOf('-o');
  if (or > 0) return evaluate(context, args.slice(0, or)) || evaluate(context, args.slice(or + 1));
  const and = args.lastIndexOf('-a');
  if (and > 0)
    return evaluate(context, args.slice(0, and)) && evaluate(context, args.slice(and + 1));
  if (args[0] === '!') return !evaluate(context, args.slice(1));
  if (args[0] === '(' && args[args.length - 1] === ')') return evaluate(context, args.slice(1, -1));
  throw new TestError(`${args[0]}: unknown operand`);
}

const BINARY = new Set(['=', '==', '!=', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot']);

function integer(text: string): number {
  if (!/^\s*[-+]?\d+\s*$/.test(text)) throw new TestError(`invalid integer '${text}'`);
  return Number(text);
}

function binary(left: string, op: string, right: string): boolean {
  switch (op) {
    case '=':
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '-eq':
      return integer(left) === integer(right);
    case '-ne':
      return integer(left) !== integer(right);
    case '-lt':
      return integer(left) < integer(right);
    case '-le':
      return integer(left) <= integer(right);
    case '-gt':
      return integer(left) > integer(right);
    case '-ge':
      return integer(left) >= integer(right);
    default:
      return false;
  }
}

function unary(context: ProcessContext, op: string, operand: string): boolean {
  if (op === '-z') return operand === '';
  if (op === '-n') return operand !== '';
  if (op === '-t') return false;
  const path = resolvePath(context.cwd, operand);
  const stat = (follow: boolean) => {
    try {
      return follow ? context.fs.stat(path) : context.fs.lstat(path);
    } catch {
      return undefined;
    }
  };
  switch (op) {
    case '-e':
      return stat(true) !== undefined;
    case '-f':
      return stat(true)?.type === 'file' && !stat(true)?.device;
    case '-d':
      return stat(true)?.type === 'directory';
    case '-h':
    case '-L':
      return stat(false)?.type === 'symlink';
    case '-s':
      return (stat(true)?.size ?? 0) > 0;
    case '-c':
      return stat(true)?.device !== undefined;
    case '-r':
    case '-w':
      // Every process is root: readable and writable when it exists.
      return stat(true) !== undefined;
    case '-x': {
      const found = stat(true);
      return found !== undefined && (found.type === 'directory' || (found.mode & 0o111) !== 0);
    }
    case '-p':
    case '-S':
    case '-b':
      return false;
    default:
      throw new TestError(`${op}: unary operator expected`);
  }
}
