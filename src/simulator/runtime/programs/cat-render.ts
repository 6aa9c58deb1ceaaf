/**
 * What `cat`'s options do to the bytes, in each implementation's own way: coreutils keeps one
 * state machine across every file (line numbers and the blank-line count run on from one file to
 * the next), busybox numbers whole lines with `%6u\t` unless `-v`/`-e`/`-t` asked for its
 * byte-by-byte `catv`, which numbers with two spaces and always shows control characters.
 */

/** Output bytes as they are produced; text added is ASCII. */
class Bytes {
  private readonly out: number[] = [];

  text(ascii: string): void {
    for (let i = 0; i < ascii.length; i++) this.out.push(ascii.charCodeAt(i));
  }

  byte(value: number): void {
    this.out.push(value);
  }

  done(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

/** `^X` / `M-X` notation of one byte: what `-v` shows for what is not printable. */
export function caretNotation(byte: number): string {
  let prefix = '';
  let ch = byte;
  if (ch >= 128) {
    prefix = 'M-';
    ch -= 128;
  }
  if (ch === 127) return `${prefix}^?`;
  if (ch < 32) return `${prefix}^${String.fromCharCode(ch + 64)}`;
  return `${prefix}${String.fromCharCode(ch)}`;
}

export interface GnuCatOptions {
  /** -n (all lines) or -b (nonempty lines only; it overrides -n). */
  number: 'all' | 'nonblank' | undefined;
  /** -s */
  squeeze: boolean;
  /** -E: `$` before each newline. */
  ends: boolean;
  /** -T: TAB as `^I`. */
  tabs: boolean;
  /** -v: `^` and `M-` notation except for LFD and TAB. */
  nonprinting: boolean;
}

/**
 * coreutils' `cat` loop with options: `newlines` counts the newlines just seen (-1 inside a
 * line, 0 at the start of one), which decides numbering and squeezing; it and the line counter
 * survive from one input to the next, as in the real program.
 */
export class GnuCatRenderer {
  private newlines = 0;
  private line = 0;

  constructor(private readonly options: GnuCatOptions) {}

  render(data: Uint8Array): Uint8Array {
    const { options } = this;
    const out = new Bytes();
    for (const byte of data) {
      if (byte === 0x0a) {
        if (++this.newlines > 0) {
          if (this.newlines >= 2) {
            this.newlines = 2;
            if (options.squeeze) continue;
          }
          if (options.number === 'all') out.text(this.nextNumber());
        }
        out.text(options.ends ? '$\n' : '\n');
        continue;
      }
      if (this.newlines >= 0 && options.number !== undefined) out.text(this.nextNumber());
      this.newlines = -1;
      if (byte === 0x09) out.text(options.tabs ? '^I' : '\t');
      else if (options.nonprinting && (byte < 32 || byte >= 127)) out.text(caretNotation(byte));
      else out.byte(byte);
    }
    return out.done();
  }

  /** `%6d\t`, widening past 999999 as coreutils' counter does. */
  private nextNumber(): string {
    this.line++;
    return `${String(this.line).padStart(6)}\t`;
  }
}

/**
 * busybox's `catv` (any of -v, -e, -t, -A): control characters always in caret notation, TAB
 * only with -t, `$` before newlines with -e; with -n or -b, `%6u` and two spaces before each
 * line (-b skips empty ones). The numbering state runs across files.
 */
export class BusyboxCatvRenderer {
  private atLineStart: boolean;
  private line = 0;

  constructor(
    private readonly options: {
      number: 'all' | 'nonblank' | undefined;
      ends: boolean;
      tabs: boolean;
    },
  ) {
    this.atLineStart = options.number !== undefined;
  }

  render(data: Uint8Array): Uint8Array {
    const { options } = this;
    const out = new Bytes();
    for (const byte of data) {
      if (options.number !== undefined) {
        const skip = options.number === 'nonblank' && byte === 0x0a;
        if (this.atLineStart && !skip) out.text(`${String(++this.line).padStart(6)}  `);
        this.atLineStart = byte === 0x0a;
      }
      if (byte === 0x0a) out.text(options.ends ? '$\n' : '\n');
      else if (byte === 0x09 && !options.tabs) out.byte(byte);
      else out.text(caretNotation(byte));
    }
    return out.done();
  }
}

/**
 * busybox's print_numbered_lines (-n or -b without -v): whole lines, `%6u\t` before each
 * (nonempty one with -b), and a newline after every line, even a last one that had none.
 */
export class BusyboxNumberedLines {
  private line = 1;

  constructor(private readonly nonblankOnly: boolean) {}

  render(content: Uint8Array): Uint8Array {
    const out = new Bytes();
    let start = 0;
    while (start < content.length) {
      let end = content.indexOf(0x0a, start);
      if (end < 0) end = content.length;
      if (!this.nonblankOnly || end > start) out.text(`${String(this.line++).padStart(6)}\t`);
      for (let i = start; i < end; i++) out.byte(content[i] as number);
      out.byte(0x0a);
      start = end + 1;
    }
    return out.done();
  }
}
