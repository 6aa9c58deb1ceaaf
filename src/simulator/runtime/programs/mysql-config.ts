import type { ProcessContext } from '../process/contracts.js';
import { text } from './io.js';

/** Option groups of MySQL's option files, each `name → value` (dashes as underscores). */
export type OptionGroups = Record<string, Record<string, string>>;

function read(context: ProcessContext, path: string): string | undefined {
  try {
    return text(context.fs.readFile(path));
  } catch {
    return undefined;
  }
}

/**
 * `/etc/my.cnf` and what it includes (`!includedir /etc/mysql/conf.d/`: every `*.cnf` in it,
 * in name order), read the way my_print_defaults reads them; later settings win.
 */
export function readOptionFiles(context: ProcessContext): OptionGroups {
  const groups: OptionGroups = {};
  const visit = (content: string) => {
    let group = '';
    for (const raw of content.split('\n')) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
      const include = /^!includedir\s+(\S+)/.exec(line);
      if (include) {
        const dir = (include[1] as string).replace(/\/$/, '');
        let names: string[] = [];
        try {
          names = context.fs
            .readdir(dir)
            .filter((name) => name.endsWith('.cnf'))
            .sort();
        } catch {
          names = [];
        }
        for (const name of names) visit(read(context, `${dir}/${name}`) ?? '');
        continue;
      }
      const section = /^\[([^\]]+)\]$/.exec(line);
      if (section) {
        group = (section[1] as string).trim();
        continue;
      }
      const at = line.indexOf('=');
      const name = (at < 0 ? line : line.slice(0, at)).trim().replace(/-/g, '_');
      const value =
        at < 0
          ? ''
          : line
              .slice(at + 1)
              .trim()
              .replace(/^"(.*)"$/, '$1');
      groups[group] ??= {};
      (groups[group] as Record<string, string>)[name] = value;
    }
  };
  visit(read(context, '/etc/my.cnf') ?? '');
  return groups;
}

/** `--name=value`, `--name value` and `--skip-x` options of a MySQL program's command line. */
export function commandOptions(args: string[]): {
  options: Record<string, string>;
  rest: string[];
} {
  const options: Record<string, string> = {};
  const rest: string[] = [];
  for (const arg of args) {
    if (!arg.startsWith('--')) {
      rest.push(arg);
      continue;
    }
    const at = arg.indexOf('=');
    const name = (at < 0 ? arg.slice(2) : arg.slice(2, at)).replace(/-/g, '_');
    options[name] = at < 0 ? '' : arg.slice(at + 1);
  }
  return { options, rest };
}

/** What the server and the clients need to know: where the data and the socket are. */
export interface ServerPaths {
  datadir: string;
  socket: string;
  port: number;
  pidFile: string;
}

export function serverPaths(
  context: ProcessContext,
  overrides: Record<string, string>,
): ServerPaths {
  const mysqld = { ...readOptionFiles(context).mysqld, ...overrides };
  return {
    datadir: (mysqld.datadir ?? '/var/lib/mysql').replace(/\/$/, ''),
    socket: mysqld.socket ?? '/var/lib/mysql/mysql.sock',
    port: Number(mysqld.port ?? 3306),
    pidFile: mysqld.pid_file ?? '/var/run/mysqld/mysqld.pid',
  };
}

/** The socket a client connects to: `--socket`, else [client] of the option files. */
export function clientSocket(context: ProcessContext, given: string | undefined): string {
  return given ?? readOptionFiles(context).client?.socket ?? '/var/lib/mysql/mysql.sock';
}

/** MYSQL_VERSION of the image (`8.4.5-1.el9`) as the server reports it (`8.4.5`). */
export function serverVersion(context: ProcessContext): string {
  return (context.env.MYSQL_VERSION ?? '8.4.5').replace(/-.*$/, '');
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The error log's timestamp: `2026-11-23T12:00:00.123456Z`. */
export function errorLogTime(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds() * 1000, 6)}Z`;
}

/** `date --rfc-3339=seconds` as the entrypoint prints it: `2026-11-23 12:00:00+00:00`. */
export function entrypointTime(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}+00:00`;
}
