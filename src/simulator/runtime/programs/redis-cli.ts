import type { InputStream, ProcessContext } from '../process/contracts.js';
import { failureOf } from './http-client.js';
import { text } from './io.js';
import { resolveHost } from './name-resolution.js';
import { type RedisCall, type RedisReply, sendCommand } from './redis-wire.js';
import type { Tool } from './tool.js';

/** sdscatrepr: a bulk string as redis-cli quotes it on a terminal. */
function quoted(value: string): string {
  let out = '"';
  for (const c of value) {
    const code = c.charCodeAt(0);
    if (c === '\\' || c === '"') out += `\\${c}`;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (code < 32 || code === 127) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += c;
  }
  return `${out}"`;
}

/** cliFormatReplyTTY. */
export function formatTty(reply: RedisReply, indent = ''): string {
  switch (reply.t) {
    case 'status':
      return `${reply.v}\n`;
    case 'error':
      return `(error) ${reply.v}\n`;
    case 'int':
      return `(integer) ${reply.v}\n`;
    case 'bulk':
      return `${quoted(reply.v)}\n`;
    case 'nil':
      return '(nil)\n';
    case 'array': {
      if (reply.v.length === 0) return '(empty array)\n';
      const width = String(reply.v.length).length;
      return reply.v
        .map((item, i) => {
          const label = `${String(i + 1).padStart(width)}) `;
          const body = formatTty(item, `${indent}${' '.repeat(label.length)}`);
          return `${i === 0 ? '' : indent}${label}${body}`;
        })
        .join('');
    }
  }
}

/** cliFormatReplyRaw: what redis-cli prints when stdout is not a terminal (or with --raw). */
export function formatRaw(reply: RedisReply): string {
  switch (reply.t) {
    case 'status':
    case 'error':
    case 'bulk':
      return `${reply.v}\n`;
    case 'int':
      return `${reply.v}\n`;
    case 'nil':
      return '\n';
    case 'array':
      return reply.v.map(formatRaw).join('');
  }
}

/** sdssplitargs: words, "double quoted" with escapes, 'single quoted'. */
export function splitArgs(line: string): string[] | undefined {
  const args: string[] = [];
  const pattern = /\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^\s"']+))/y;
  let at = 0;
  for (;;) {
    pattern.lastIndex = at;
    const match = pattern.exec(line);
    if (!match) break;
    at = pattern.lastIndex;
    const [, double, single, bare] = match;
    if (double !== undefined) args.push(unescapeDouble(double));
    else if (single !== undefined) args.push(single.replace(/\\'/g, "'"));
    else if (bare !== undefined) args.push(bare);
  }
  return line.slice(at).trim() === '' ? args : undefined;
}

function unescapeDouble(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_, e: string) => {
    if (e.length === 3) return String.fromCharCode(Number.parseInt(e.slice(1), 16));
    return ({ n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' } as Record<string, string>)[e] ?? e;
  });
}

/** Lines of stdin, one at a time. */
function lineReader(input: InputStream, signal: AbortSignal): () => Promise<string | null> {
  let buffer = '';
  let ended = false;
  return async () => {
    for (;;) {
      const newline = buffer.indexOf('\n');
      if (newline >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        return line;
      }
      if (ended) {
        const rest = buffer;
        buffer = '';
        return rest === '' ? null : rest;
      }
      const chunk = await input.read(signal);
      if (chunk === null) ended = true;
      else buffer += text(chunk);
    }
  };
}

interface Options {
  host: string;
  port: number;
  password?: string;
  db: number;
  raw?: boolean;
  command: string[];
}

function parseOptions(args: string[]): Options {
  const options: Options = { host: '127.0.0.1', port: 6379, db: 0, command: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-h') options.host = args[++i] ?? options.host;
    else if (arg === '-p') options.port = Number(args[++i]);
    else if (arg === '-a' || arg === '--pass') options.password = args[++i] ?? '';
    else if (arg === '-n') options.db = Number(args[++i]);
    else if (arg === '--raw') options.raw = true;
    else if (arg === '--no-raw') options.raw = false;
    else if (arg === '--no-auth-warning') continue;
    else {
      options.command = args.slice(i);
      break;
    }
  }
  return options;
}

/**
 * redis-cli: one command from its arguments, commands line by line from a pipe, or the
 * interactive prompt (`127.0.0.1:6379> `) on a terminal. Replies print as redis-cli prints
 * them: quoted and typed on a terminal, raw otherwise (or with --raw).
 */
export const redisCli: Tool = async (context) => {
  const args = context.argv.slice(1);
  if (args[0] === '-v' || args[0] === '--version') {
    await context.stdout.write(`redis-cli ${context.env.REDIS_VERSION ?? '7.4.2'}\n`);
    return 0;
  }
  const options = parseOptions(args);
  const raw = options.raw ?? !context.stdout.isTerminal;
  if (options.password !== undefined && !args.includes('--no-auth-warning')) {
    await context.stderr.write(
      "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.\n",
    );
  }
  const session: RedisCall = { argv: [], db: 0 };
  const where = `${options.host}:${options.port}`;
  let connected = false;
  const send = async (argv: string[]): Promise<RedisReply | string> => {
    const address = await resolveHost(context, options.host);
    if (address === undefined)
      return `Could not connect to Redis at ${where}: Name or service not known`;
    try {
      const reply = await sendCommand(context, address, options.port, { ...session, argv });
      connected = true;
      return reply;
    } catch (error) {
      connected = false;
      const reason = failureOf(error) === 'refused' ? 'Connection refused' : 'No route to host';
      return `Could not connect to Redis at ${where}: ${reason}`;
    }
  };
  const connect = async (): Promise<string | undefined> => {
    if (options.password !== undefined) {
      const reply = await send(['AUTH', options.password]);
      if (typeof reply === 'string') return reply;
      if (reply.t === 'error') await context.stderr.write(`AUTH failed: ${reply.v}\n`);
      else session.password = options.password;
    }
    if (options.db !== 0) {
      const reply = await send(['SELECT', String(options.db)]);
      if (typeof reply === 'string') return reply;
      if (reply.t !== 'error') session.db = options.db;
    }
    return undefined;
  };
  /** Runs one command and prints its reply; false when there was no server to run it. */
  const run = async (argv: string[]): Promise<boolean> => {
    const reply = await send(argv);
    if (typeof reply === 'string') {
      await context.stderr.write(`${reply}\n`);
      return false;
    }
    const name = (argv[0] ?? '').toLowerCase();
    if (name === 'shutdown' && reply.t !== 'error') return true;
    if (name === 'select' && reply.t !== 'error') session.db = Number(argv[1]);
    const infoLike = name === 'info' && reply.t === 'bulk';
    await context.stdout.write(raw || infoLike ? formatRaw(reply) : formatTty(reply));
    return true;
  };
  const failed = await connect();
  if (options.command.length > 0) {
    if (failed) {
      await context.stderr.write(`${failed}\n`);
      return 1;
    }
    return (await run(options.command)) ? 0 : 1;
  }
  const readLine = lineReader(context.stdin, context.signals.killed);
  const interactive = context.stdin.terminal !== undefined && context.stdout.isTerminal;
  if (!interactive) {
    for (let line = await readLine(); line !== null; line = await readLine()) {
      const argv = splitArgs(line);
      if (argv && argv.length > 0 && !(await run(argv))) return 1;
    }
    return 0;
  }
  // The interactive client connects first: its prompt says whether that worked.
  if (!failed) await send(['PING']);
  return repl(context, options, readLine, run, () => (connected ? session.db : -1));
};

async function repl(
  context: ProcessContext,
  options: Options,
  readLine: () => Promise<string | null>,
  run: (argv: string[]) => Promise<boolean>,
  db: () => number,
): Promise<number> {
  for (;;) {
    const current = db();
    const prompt =
      current < 0
        ? 'not connected> '
        : `${options.host}:${options.port}${current === 0 ? '' : `[${current}]`}> `;
    await context.stdout.write(prompt);
    const line = await readLine();
    if (line === null) return 0;
    const argv = splitArgs(line);
    if (argv === undefined) {
      await context.stdout.write('Invalid argument(s)\n');
      continue;
    }
    if (argv.length === 0) continue;
    const name = (argv[0] ?? '').toLowerCase();
    if (name === 'quit' || name === 'exit') return 0;
    await run(argv);
  }
}
