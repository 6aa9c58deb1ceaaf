import type { Program } from '../contracts.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n: number, width = 2, fill = '0') => String(n).padStart(width, fill);

/** strftime(3) over UTC (containers run with TZ unset), for the specifiers scripts use. */
export function strftime(format: string, date: Date): string {
  return format.replace(/%([a-zA-Z%])/g, (whole, spec: string) => {
    switch (spec) {
      case 'a':
        return DAYS[date.getUTCDay()] ?? '';
      case 'b':
      case 'h':
        return MONTHS[date.getUTCMonth()] ?? '';
      case 'd':
        return pad(date.getUTCDate());
      case 'e':
        return pad(date.getUTCDate(), 2, ' ');
      case 'H':
        return pad(date.getUTCHours());
      case 'M':
        return pad(date.getUTCMinutes());
      case 'S':
        return pad(date.getUTCSeconds());
      case 'Y':
        return String(date.getUTCFullYear());
      case 'y':
        return pad(date.getUTCFullYear() % 100);
      case 'm':
        return pad(date.getUTCMonth() + 1);
      case 'j': {
        const start = Date.UTC(date.getUTCFullYear(), 0, 1);
        return pad(Math.floor((date.getTime() - start) / 86_400_000) + 1, 3);
      }
      case 's':
        return String(Math.floor(date.getTime() / 1000));
      case 'N':
        return pad((date.getTime() % 1000) * 1_000_000, 9);
      case 'Z':
        return 'UTC';
      case 'z':
        return '+0000';
      case 'T':
        return strftime('%H:%M:%S', date);
      case 'F':
        return strftime('%Y-%m-%d', date);
      case 'D':
        return strftime('%m/%d/%y', date);
      case 'R':
        return strftime('%H:%M', date);
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case '%':
        return '%';
      default:
        return whole;
    }
  });
}

/** `date [+FORMAT]` on the simulated clock; the default format is busybox's and coreutils'. */
export const date: Program = async (context) => {
  const args = context.argv.slice(1).filter((a) => a !== '-u' && a !== '--utc');
  const format = args.find((a) => a.startsWith('+'));
  const now = context.clock.now();
  await context.stdout.write(
    `${strftime(format ? format.slice(1) : '%a %b %e %H:%M:%S %Z %Y', now)}\n`,
  );
  return 0;
};
