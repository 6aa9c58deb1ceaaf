import { describe, expect, it } from 'vitest';
import { LiveRegion } from './live-region.js';

/**
 * A small terminal: enough of VT100 for what the region writes (cursor up, carriage return,
 * erase below, line feed as a tty's onlcr turns it into CR LF, and wrapping at the margin),
 * so the tests assert what the learner would see, not which escapes were sent.
 */
class Terminal {
  readonly writes: string[] = [];
  private rowsOfText: string[][] = [[]];
  private row = 0;
  private col = 0;

  constructor(
    readonly columns: number,
    readonly rows = 100,
  ) {}

  write(chunk: string) {
    this.writes.push(chunk);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: escapes are the input
    const parts = chunk.match(/\x1b\[[0-9;?]*[A-Za-z]|[\s\S]/g) ?? [];
    for (const part of parts) {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: escapes are the input
      const up = /^\x1b\[(\d*)A$/.exec(part);
      if (up) this.row = Math.max(0, this.row - Number(up[1] || 1));
      else if (part === '\x1b[J') {
        this.line().length = Math.min(this.line().length, this.col);
        this.rowsOfText.length = this.row + 1;
      } else if (part.startsWith('\x1b')) continue;
      else if (part === '\r') this.col = 0;
      else if (part === '\n') {
        this.row += 1;
        this.col = 0;
        this.line();
      } else {
        if (this.col >= this.columns) {
          this.row += 1;
          this.col = 0;
        }
        this.line()[this.col] = part;
        this.col += 1;
      }
    }
    return true;
  }

  private line() {
    while (this.rowsOfText.length <= this.row) this.rowsOfText.push([]);
    return this.rowsOfText[this.row] as string[];
  }

  get text() {
    return this.rowsOfText
      .map((cells) =>
        Array.from(cells, (c) => c ?? ' ')
          .join('')
          .trimEnd(),
      )
      .join('\n')
      .trimEnd();
  }
}

describe('LiveRegion', () => {
  it('redraws in place, rewriting only from the first line that changed', () => {
    const terminal = new Terminal(40);
    terminal.write('intro\n');
    const region = new LiveRegion(terminal);
    region.render(['✗ Pod exists', '✗ it runs', '└ keys']);
    region.render(['✓ Pod exists', '✗ it runs', '└ keys']);
    expect(terminal.text).toBe('intro\n✓ Pod exists\n✗ it runs\n└ keys');
    region.render(['✓ Pod exists', '✓ it runs', '└ keys']);
    expect(terminal.text).toBe('intro\n✓ Pod exists\n✓ it runs\n└ keys');
    expect(terminal.writes.at(-1)).not.toContain('Pod exists');
  });

  it('writes nothing when the frame is the same', () => {
    const terminal = new Terminal(40);
    const region = new LiveRegion(terminal);
    region.render(['a', 'b']);
    const count = terminal.writes.length;
    region.render(['a', 'b']);
    expect(terminal.writes.length).toBe(count);
  });

  it('keeps persisted lines above the region, and a shorter frame leaves nothing behind', () => {
    const terminal = new Terminal(40);
    const region = new LiveRegion(terminal);
    region.render(['conditions', 'more', '└ keys']);
    region.persist(['Hint 1/3: look at spec']);
    expect(terminal.text).toBe('Hint 1/3: look at spec\nconditions\nmore\n└ keys');
    region.render(['└ next']);
    expect(terminal.text).toBe('Hint 1/3: look at spec\n└ next');
  });

  it('counts the rows of lines the terminal wraps', () => {
    const terminal = new Terminal(10);
    terminal.write('top\n');
    const region = new LiveRegion(terminal);
    region.render(['0123456789abcde', 'x']);
    region.render(['short', 'y']);
    expect(terminal.text).toBe('top\nshort\ny');
  });

  it('clears itself, and cuts a frame taller than the screen keeping its end', () => {
    const terminal = new Terminal(20, 4);
    const region = new LiveRegion(terminal);
    region.render(['1', '2', '3', '4', '5', 'keys']);
    expect(terminal.text).toBe('4\n5\nkeys');
    region.clear();
    expect(terminal.text).toBe('');
  });
});
