import { rowsOf } from './text-layout.js';

/** What the region writes to: a terminal, or anything with `write` and a width (tests). */
export interface RegionOutput {
  write(chunk: string): unknown;
  columns?: number;
  rows?: number;
}

const ESC = '\x1b[';
export const HIDE_CURSOR = `${ESC}?25l`;
export const SHOW_CURSOR = `${ESC}?25h`;

/**
 * The bottom of the screen that changes in place (log-update style): conditions, the key bar,
 * a question. `render` rewrites only from the first line that differs, so a condition turning
 * ✓ does not make the whole screen flicker; `persist` writes lines above the region for good
 * (a hint, "why it passed") and draws the region again below them.
 *
 * The cursor always rests at the start of the line after the region, so anything else that
 * writes (a clack prompt, the shell) starts on a fresh line once the region is released.
 */
export class LiveRegion {
  private lines: string[] = [];

  constructor(private readonly out: RegionOutput) {}

  private get columns() {
    return this.out.columns && this.out.columns > 0 ? this.out.columns : 80;
  }

  /** Draws `next` in place of the current frame. */
  render(next: string[]) {
    const frame = this.fit(next);
    let same = 0;
    while (same < frame.length && same < this.lines.length && frame[same] === this.lines[same])
      same += 1;
    if (same === frame.length && same === this.lines.length) return;
    const up = this.rowsFrom(same);
    let chunk = up > 0 ? `${ESC}${up}A\r` : '\r';
    chunk += `${ESC}J`;
    for (const line of frame.slice(same)) chunk += `${line}\n`;
    this.out.write(chunk);
    this.lines = frame;
  }

  /** Writes `text` above the region, permanently, and draws the region again below it. */
  persist(text: string[]) {
    const frame = this.lines;
    this.clear();
    if (text.length > 0) this.out.write(`${text.join('\n')}\n`);
    this.render(frame);
  }

  /** Erases the region (the cursor goes where it began). */
  clear() {
    const up = this.rowsFrom(0);
    this.out.write(`${up > 0 ? `${ESC}${up}A` : ''}\r${ESC}J`);
    this.lines = [];
  }

  /** Leaves the current frame on screen as ordinary output and starts a new, empty region. */
  release() {
    this.lines = [];
  }

  /**
   * A region taller than the terminal cannot be moved back over (the top has scrolled away),
   * so it is cut to the screen's height, keeping its end (the key bar).
   */
  private fit(lines: string[]) {
    const rows = this.out.rows && this.out.rows > 2 ? this.out.rows - 1 : Number.POSITIVE_INFINITY;
    const out: string[] = [];
    let used = 0;
    for (let i = lines.length - 1; i >= 0; i--) {
      const line = lines[i] ?? '';
      used += rowsOf(line, this.columns);
      if (used > rows) break;
      out.unshift(line);
    }
    return out;
  }

  private rowsFrom(index: number) {
    let rows = 0;
    for (const line of this.lines.slice(index)) rows += rowsOf(line, this.columns);
    return rows;
  }
}
