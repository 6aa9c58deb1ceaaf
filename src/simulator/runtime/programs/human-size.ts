/**
 * Sizes for people, the two ways `df -h` and `du -h` print them. busybox always keeps one
 * decimal once it scales (`124.0K`, `11.8G`) and rounds to nearest; coreutils keeps a decimal
 * only below 10 (`4.0K`, `124K`) and rounds up, so a disk is never shown emptier than it is.
 */

const SUFFIXES = 'KMGTPEZY';

/** busybox's make_human_readable_str over a byte count, with no unit forced (`-h`). */
export function busyboxHuman(bytes: number): string {
  if (bytes === 0) return '0';
  let value = Math.floor(bytes);
  let unit = 0;
  let tenths = 0;
  while (value >= 1024) {
    tenths = Math.floor(((value % 1024) * 10 + 512) / 1024);
    value = Math.floor(value / 1024);
    unit++;
  }
  if (tenths >= 10) {
    value++;
    tenths = 0;
  }
  return unit === 0 ? String(value) : `${value}.${tenths}${SUFFIXES[unit - 1]}`;
}

/** busybox with a fixed unit (`-k`, `-m`): the count of units, rounded to nearest. */
export function busyboxUnits(bytes: number, unitBytes: number): string {
  if (bytes === 0) return '0';
  return String(Math.floor((bytes + unitBytes / 2) / unitBytes));
}

/** coreutils' human_readable with autoscale, powers of 1024 and ceiling rounding. */
export function gnuHuman(bytes: number): string {
  if (bytes < 1024) return String(Math.ceil(bytes));
  let exponent = 0;
  let scale = 1;
  while (bytes / scale >= 1024 && exponent < SUFFIXES.length) {
    scale *= 1024;
    exponent++;
  }
  const tenths = Math.ceil((bytes * 10) / scale);
  if (tenths < 100) return `${Math.floor(tenths / 10)}.${tenths % 10}${SUFFIXES[exponent - 1]}`;
  const whole = Math.ceil(bytes / scale);
  if (whole >= 1024 && exponent < SUFFIXES.length) return `1.0${SUFFIXES[exponent]}`;
  return `${whole}${SUFFIXES[exponent - 1]}`;
}
