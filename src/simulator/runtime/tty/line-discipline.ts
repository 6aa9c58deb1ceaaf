import type { TerminalModes } from '../process/contracts.js';

/**
 * The part of Linux's n_tty line discipline a course meets, with the default termios of a
 * fresh pty (`stty sane`): ICRNL turns the CR a raw client terminal sends for Enter into NL;
 * with ICANON input is kept per line until NL or ^D, and edited with ERASE (DEL), WERASE (^W),
 * KILL (^U) and REPRINT (^R); ECHO shows what is typed, control characters as `^X` (ECHOCTL),
 * erasures as `\b \b` (ECHOE/ECHOKE); with ISIG ^C and ^\ become signals and flush the input.
 * It only decides: echoing, reading and signalling are the terminal's (`pseudo-terminal.ts`).
 */

const NL = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const INTR = 0x03; // ^C
const QUIT = 0x1c; // ^\
const SUSP = 0x1a; // ^Z
const EOF = 0x04; // ^D
const ERASE = 0x7f; // DEL, what terminals send for Backspace
const WERASE = 0x17; // ^W
const KILL = 0x15; // ^U
const REPRINT = 0x12; // ^R

/** What typing caused, in order: text to echo, signals for the foreground process group. */
export type Effect = { echo: Uint8Array } | { signal: 'SIGINT' | 'SIGQUIT' };

/** One result of a read: a line (or what ^D pushed), or end of file (^D on an empty line). */
export type InputRecord = Uint8Array | 'eof';

const decoder = new TextDecoder();

export class LineDiscipline {
  modes: TerminalModes = { echo: true, icanon: true, isig: true };
  /** The line being edited (canonical mode). */
  private line: number[] = [];
  /** Lines and end-of-file marks ready for readers (canonical mode). */
  private readonly records: InputRecord[] = [];
  /** Bytes ready for readers (non-canonical mode). */
  private raw: number[] = [];

  /** Takes keystrokes from the terminal's master side. */
  receive(data: Uint8Array): Effect[] {
    const effects: Effect[] = [];
    const echo = (bytes: number[] | string) => {
      if (!this.modes.echo || bytes.length === 0) return;
      const data = typeof bytes === 'string' ? ascii(bytes) : Uint8Array.from(bytes);
      const last = effects[effects.length - 1];
      // Consecutive echoes travel as one chunk: one write per keystroke burst, not per byte.
      if (last && 'echo' in last) last.echo = concat(last.echo, data);
      else effects.push({ echo: data });
    };
    for (let byte of data) {
      if (this.modes.isig && (byte === INTR || byte === QUIT || byte === SUSP)) {
        // isig(): the input queue is flushed (no NOFLSH), the character echoed as ^C.
        this.line = [];
        this.raw = [];
        this.records.length = 0;
        // ^Z has no job control to stop here; it is only echoed.
        if (byte !== SUSP) effects.push({ signal: byte === INTR ? 'SIGINT' : 'SIGQUIT' });
        echo(caret(byte));
        continue;
      }
      if (byte === CR) byte = NL;
      if (!this.modes.icanon) {
        this.raw.push(byte);
        echo(byte === NL ? '\n' : display(byte));
        continue;
      }
      switch (byte) {
        case NL:
          this.line.push(NL);
          this.commit();
          echo('\n');
          break;
        case EOF:
          // Not echoed; an empty line makes the next read return end of file.
          this.commit();
          break;
        case ERASE:
          echo(this.erase(1));
          break;
        case WERASE:
          echo(this.eraseWord());
          break;
        case KILL:
          echo(this.erase(Number.POSITIVE_INFINITY));
          break;
        case REPRINT:
          echo([...ascii('^R\n'), ...this.line]);
          break;
        default:
          this.line.push(byte);
          echo(display(byte));
      }
    }
    return effects;
  }

  /** The next thing a read returns, if anything is ready. */
  take(): InputRecord | undefined {
    if (this.records.length > 0) return this.records.shift();
    if (!this.modes.icanon && this.raw.length > 0) {
      const bytes = Uint8Array.from(this.raw);
      this.raw = [];
      return bytes;
    }
    return undefined;
  }

  /** What was typed on the current line and not read yet. */
  pending(): string {
    return decoder.decode(Uint8Array.from(this.line));
  }

  setModes(change: Partial<TerminalModes>): void {
    const wasCanonical = this.modes.icanon;
    this.modes = { ...this.modes, ...change };
    // Leaving canonical mode makes the half-typed line readable at once, as Linux does.
    if (wasCanonical && !this.modes.icanon && this.line.length > 0) {
      this.raw.push(...this.line);
      this.line = [];
    }
  }

  private commit(): void {
    this.records.push(this.line.length > 0 ? Uint8Array.from(this.line) : 'eof');
    this.line = [];
  }

  /** Removes up to `count` characters (whole UTF-8 sequences); returns the erasing echo. */
  private erase(count: number): string {
    let out = '';
    for (let n = 0; n < count && this.line.length > 0; n++) {
      let byte = this.line.pop() as number;
      while ((byte & 0xc0) === 0x80 && this.line.length > 0) byte = this.line.pop() as number;
      // A control character took two columns (`^X`); a tab is left to the cursor's luck.
      out += byte < 0x20 && byte !== TAB ? '\b \b\b \b' : '\b \b';
    }
    return out;
  }

  private eraseWord(): string {
    let count = 0;
    let i = this.line.length;
    const isSpace = (byte: number | undefined) => byte === 0x20 || byte === TAB;
    while (i > 0 && isSpace(this.line[i - 1])) {
      i--;
      count++;
    }
    while (i > 0 && !isSpace(this.line[i - 1])) {
      i--;
      if (((this.line[i] as number) & 0xc0) !== 0x80) count++;
    }
    return this.erase(count);
  }
}

/** ECHOCTL: a control character shows as `^X` (DEL as `^?`); anything else as itself. */
function display(byte: number): number[] | string {
  if ((byte < 0x20 && byte !== TAB && byte !== NL) || byte === 0x7f) return caret(byte);
  return [byte];
}

function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function caret(byte: number): string {
  return `^${String.fromCharCode(byte === 0x7f ? 0x3f : byte + 0x40)}`;
}
