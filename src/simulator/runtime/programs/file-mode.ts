import type { FileStat } from '../fs/file-system.js';

/** `drwxr-xr-x`-style mode strings and the names behind uids, as `ls -l` and `stat` show them. */
export function modeString(stat: FileStat): string {
  let kind = '-';
  if (stat.type === 'directory') kind = 'd';
  else if (stat.type === 'symlink') kind = 'l';
  else if (stat.device) kind = 'c';
  const bits = stat.mode;
  const triplet = (shift: number, special: number, letter: string) => {
    const r = bits & (4 << shift) ? 'r' : '-';
    const w = bits & (2 << shift) ? 'w' : '-';
    const x = bits & (1 << shift);
    let last = x ? 'x' : '-';
    if (bits & special) last = x ? letter : letter.toUpperCase();
    return `${r}${w}${last}`;
  };
  return `${kind}${triplet(6, 0o4000, 's')}${triplet(3, 0o2000, 's')}${triplet(0, 0o1000, 't')}`;
}

/** uid/gid → name from the image's /etc/passwd or /etc/group (numbers when absent). */
export function nameTable(content: string | undefined): Map<number, string> {
  const names = new Map<number, string>();
  for (const line of (content ?? '').split('\n')) {
    const fields = line.split(':');
    const id = Number(fields[2]);
    if (fields[0] && Number.isInteger(id) && !names.has(id)) names.set(id, fields[0]);
  }
  return names;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SIX_MONTHS_MS = (365.2425 / 2) * 86_400_000;

/** `May 14 10:21` for recent files, `May 18  2023` for old or future ones (both ls flavours). */
export function lsTime(mtimeMs: number, nowMs: number): string {
  const date = new Date(mtimeMs);
  const day = String(date.getUTCDate()).padStart(2, ' ');
  const head = `${MONTHS[date.getUTCMonth()]} ${day}`;
  const recent = mtimeMs <= nowMs && nowMs - mtimeMs < SIX_MONTHS_MS;
  if (recent) {
    const hh = String(date.getUTCHours()).padStart(2, '0');
    const mm = String(date.getUTCMinutes()).padStart(2, '0');
    return `${head} ${hh}:${mm}`;
  }
  return `${head}  ${date.getUTCFullYear()}`;
}

/**
 * 1K blocks a file occupies on a 4K-block filesystem (`total`, `du`): a directory its one
 * block, unless it is a procfs one, which says size 0 and occupies nothing.
 */
export function blocksOf(stat: FileStat): number {
  if (stat.type === 'symlink' || stat.device) return 0;
  return Math.ceil(stat.size / 4096) * 4;
}
