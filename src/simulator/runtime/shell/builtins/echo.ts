import type { Shell } from '../interpreter.js';

/**
 * Backslash escapes of XSI echo and printf's `%b`; `\c` stops all output. Returns the text
 * and whether `\c` was seen.
 */
export function interpretEscapes(
  text: string,
  printfStyleOctal = false,
): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c !== '\\' || i === text.length - 1) {
      out += c;
      continue;
    }
    const next = text[++i] as string;
    switch (next) {
      case 'a':
        out += '\x07';
        break;
      case 'b':
        out += '\b';
        break;
      case 'c':
        return { text: out, stop: true };
      case 'e':
        out += '\x1b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
        out += '\\';
        break;
      case '0': {
        const digits = /^[0-7]{0,3}/.exec(text.slice(i + 1))?.[0] ?? '';
        out += String.fromCharCode(Number.parseInt(digits || '0', 8) & 255);
        i += digits.length;
        break;
      }
      default:
        if (printfStyleOctal && /[1-7]/.test(next)) {
          const digits = /^[0-7]{1,3}/.exec(text.slice(i))?.[0] ?? next;
          out += String.fromCharCode(Number.parseInt(digits, 8) & 255);
          i += digits.length - 1;
        } else out += `\\${next}`;
    }
  }
  return { text: out, stop: false };
}

/**
 * `echo`. dash's is XSI: escapes always, only `-n`. busybox's is bash-like: `-n`, `-e`, `-E`,
 * escapes only with `-e`.
 */
export async function echoBuiltin(shell: Shell, argv: string[]): Promise<number> {
  const args = argv.slice(1);
  let newline = true;
  let escapes = shell.flavour.xsiEcho;
  if (shell.flavour.xsiEcho) {
    if (args[0] === '-n') {
      newline = false;
      args.shift();
    }
  } else {
    while (args.length > 0 && /^-[neE]+$/.test(args[0] as string)) {
      for (const flag of (args.shift() as string).slice(1)) {
        if (flag === 'n') newline = false;
        else escapes = flag === 'e';
      }
    }
  }
  let text = args.join(' ');
  if (escapes) {
    const result = interpretEscapes(text);
    text = result.text;
    if (result.stop) newline = false;
  }
  await shell.write(1, newline ? `${text}\n` : text);
  return 0;
}
