import type { ProcessContext } from '../process/contracts.js';
import { currentCredentials } from './credentials.js';
import { execInPlace } from './exec-in-place.js';
import { nameTable } from './file-mode.js';
import { text } from './io.js';
import { KERNEL } from './machine.js';
import type { Tool } from './tool.js';

/** Who, where and when: `date`, `env`, `printenv`, `id`, `whoami`, `uname`. */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, width = 2, fill = '0') => String(n).padStart(width, fill);

/** strftime(3) in UTC (containers run with TZ unset) for the specifiers scripts use. */
export function strftime(format: string, date: Date): string {
  return format.replace(/%([a-zA-Z%])/g, (whole, spec: string) => {
    const table: Record<string, () => string> = {
      a: () => DAYS[date.getUTCDay()] ?? '',
      b: () => MONTHS[date.getUTCMonth()] ?? '',
      h: () => MONTHS[date.getUTCMonth()] ?? '',
      d: () => pad(date.getUTCDate()),
      e: () => pad(date.getUTCDate(), 2, ' '),
      H: () => pad(date.getUTCHours()),
      M: () => pad(date.getUTCMinutes()),
      S: () => pad(date.getUTCSeconds()),
      Y: () => String(date.getUTCFullYear()),
      y: () => pad(date.getUTCFullYear() % 100),
      m: () => pad(date.getUTCMonth() + 1),
      s: () => String(Math.floor(date.getTime() / 1000)),
      j: () =>
        pad(
          Math.floor((date.getTime() - Date.UTC(date.getUTCFullYear(), 0, 1)) / 86_400_000) + 1,
          3,
        ),
      N: () => pad((date.getTime() % 1000) * 1_000_000, 9),
      Z: () => 'UTC',
      z: () => '+0000',
      T: () => strftime('%H:%M:%S', date),
      F: () => strftime('%Y-%m-%d', date),
      D: () => strftime('%m/%d/%y', date),
      R: () => strftime('%H:%M', date),
      n: () => '\n',
      t: () => '\t',
      '%': () => '%',
    };
    return table[spec]?.() ?? whole;
  });
}

/** `date [-u] [+FORMAT]`: both flavours default to `Tue May 14 10:21:33 UTC 2024`. */
export const date: Tool = async (context, flavour) => {
  const args = context.argv
    .slice(1)
    .filter((arg) => arg !== '-u' && arg !== '--utc' && arg !== '-R');
  const format = args.find((arg) => arg.startsWith('+'));
  const other = args.find((arg) => !arg.startsWith('+'));
  if (other !== undefined) {
    await context.stderr.write(
      flavour === 'gnu' ? `date: invalid date '${other}'\n` : `date: invalid date '${other}'\n`,
    );
    return 1;
  }
  const now = context.clock.now();
  const rfc = context.argv.includes('-R');
  const chosen = rfc
    ? '%a, %d %b %Y %H:%M:%S +0000'
    : (format?.slice(1) ?? '%a %b %e %H:%M:%S %Z %Y');
  await context.stdout.write(`${strftime(chosen, now)}\n`);
  return 0;
};

/** `printenv [NAME]...`: exit 1 when a named variable is unset. */
export const printenv: Tool = async (context) => {
  const names = context.argv.slice(1);
  if (names.length === 0) {
    await context.stdout.write(environmentText(context.env));
    return 0;
  }
  let status = 0;
  const out: string[] = [];
  for (const name of names) {
    const value = context.env[name];
    if (value === undefined) status = 1;
    else out.push(`${value}\n`);
  }
  await context.stdout.write(out.join(''));
  return status;
};

/** `env [-i] [-u NAME] [NAME=VALUE]... [COMMAND [ARG]...]`. */
export const env: Tool = async (context, flavour) => {
  const args = context.argv.slice(1);
  let vars: Record<string, string> = { ...context.env };
  while (args.length > 0) {
    const arg = args[0] as string;
    if (arg === '-i' || arg === '-' || arg === '--ignore-environment') vars = {};
    else if (arg === '-u') {
      args.shift();
      delete vars[args[0] ?? ''];
    } else if (arg.includes('=') && !arg.startsWith('=')) {
      const at = arg.indexOf('=');
      vars[arg.slice(0, at)] = arg.slice(at + 1);
    } else break;
    args.shift();
  }
  if (args.length === 0) {
    await context.stdout.write(environmentText(vars));
    return 0;
  }
  const command = args[0] as string;
  const executable = context.lookPath(command, vars.PATH ?? '');
  if (executable === undefined) {
    await context.stderr.write(
      flavour === 'gnu'
        ? `env: '${command}': No such file or directory\n`
        : `env: can't execute '${command}': No such file or directory\n`,
    );
    return 127;
  }
  return execInPlace(context, args, executable, { env: vars });
};

/** Environment in the order it was built (Record keeps insertion order, as environ(7)). */
function environmentText(vars: Record<string, string>): string {
  return Object.entries(vars)
    .map(([name, value]) => `${name}=${value}\n`)
    .join('');
}

function readText(context: ProcessContext, path: string): string {
  try {
    return text(context.fs.readFile(path));
  } catch {
    return '';
  }
}

/**
 * `id [-u|-g|-G] [-n]`: the process's credentials (credentials.ts) named by the container's
 * /etc/passwd and /etc/group; an id neither file names prints as the bare number.
 */
export const id: Tool = async (context) => {
  const flags = context.argv.slice(1).join('').replace(/-/g, '');
  const me = currentCredentials(context);
  const users = nameTable(readText(context, '/etc/passwd'));
  const groups = nameTable(readText(context, '/etc/group'));
  const named = (table: Map<number, string>, n: number) => {
    const name = table.get(n);
    return name === undefined ? String(n) : `${n}(${name})`;
  };
  const byName = flags.includes('n');
  const plain = (table: Map<number, string>, n: number) =>
    byName ? (table.get(n) ?? String(n)) : String(n);
  if (flags.includes('u')) {
    await context.stdout.write(`${plain(users, me.uid)}\n`);
    return 0;
  }
  if (flags.includes('g')) {
    await context.stdout.write(`${plain(groups, me.gid)}\n`);
    return 0;
  }
  if (flags.includes('G')) {
    await context.stdout.write(`${me.groups.map((g) => plain(groups, g)).join(' ')}\n`);
    return 0;
  }
  const list = me.groups.map((g) => named(groups, g)).join(',');
  await context.stdout.write(
    `uid=${named(users, me.uid)} gid=${named(groups, me.gid)} groups=${list}\n`,
  );
  return 0;
};

/** `whoami`: the effective uid's name; busybox and coreutils word a nameless uid differently. */
export const whoami: Tool = async (context, flavour) => {
  const { uid } = currentCredentials(context);
  const name = nameTable(readText(context, '/etc/passwd')).get(uid);
  if (name !== undefined) {
    await context.stdout.write(`${name}\n`);
    return 0;
  }
  await context.stderr.write(
    flavour === 'busybox'
      ? `whoami: unknown uid ${uid}\n`
      : `whoami: cannot find name for user ID ${uid}\n`,
  );
  return 1;
};

/** `uname [-asnrvmo]`; GNU leaves out processor and platform when unknown, as busybox does. */
export const uname: Tool = async (context) => {
  const flags = new Set(context.argv.slice(1).join('').replace(/-/g, ''));
  const all = flags.has('a');
  const parts: string[] = [];
  if (all || flags.has('s') || flags.size === 0) parts.push('Linux');
  if (all || flags.has('n')) parts.push(context.network.hostname);
  if (all || flags.has('r')) parts.push(KERNEL.release);
  if (all || flags.has('v')) parts.push(KERNEL.version);
  if (all || flags.has('m')) parts.push(KERNEL.machine);
  if (all || flags.has('o')) parts.push('GNU/Linux');
  await context.stdout.write(`${parts.join(' ')}\n`);
  return 0;
};
