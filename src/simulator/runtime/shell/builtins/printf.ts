import type { Shell } from '../interpreter.js';
import { interpretEscapes } from './echo.js';

/** printf(1): the format is reused until the arguments run out. */
export async function printfBuiltin(shell: Shell, argv: string[]): Promise<number> {
  const format = argv[1];
  if (format === undefined) {
    await shell.error('usage: printf format [arg ...]', 'printf');
    return 2;
  }
  const args = argv.slice(2);
  let status = 0;
  let out = '';
  const number = async (text: string | undefined, float = false): Promise<number> => {
    if (text === undefined || text === '') return 0;
    if (/^['"]/.test(text)) return text.codePointAt(1) ?? 0;
    if (float && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(text)) return Number(text);
    const value = /^\s*[+-]?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)\s*$/.test(text)
      ? Number(text.trim().replace(/^([+-]?)0([0-7]+)$/, (_, s: string, d: string) => `${s}0o${d}`))
      : Number.NaN;
    if (Number.isNaN(value)) {
      status = 1;
      if (shell.flavour.name === 'ash')
        await shell.write(2, `${shell.state.arg0}: invalid number '${text}'\n`);
      else await shell.error(`${text}: expected numeric value`, 'printf');
      return Number.parseInt(text, 10) || 0;
    }
    return value;
  };
  let used = 0;
  let before = 0;
  do {
    before = used;
    let i = 0;
    while (i < format.length) {
      const c = format[i] as string;
      if (c === '\\') {
        const sequence = /^\\(0[0-7]{0,3}|[0-7]{1,3}|.)/s.exec(format.slice(i))?.[0] ?? '\\';
        const { text, stop } = interpretEscapes(sequence, true);
        out += text;
        i += sequence.length;
        if (stop) {
          await shell.write(1, out);
          return status;
        }
        continue;
      }
      if (c !== '%') {
        out += c;
        i++;
        continue;
      }
      const spec = /^%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([diouxXcsbfeEgG%])/.exec(format.slice(i));
      if (!spec) {
        out += c;
        i++;
        continue;
      }
      i += spec[0].length;
      const conversion = spec[4] as string;
      if (conversion === '%') {
        out += '%';
        continue;
      }
      const flags = spec[1] ?? '';
      let width = spec[2] === '*' ? await number(args[used++]) : Number(spec[2] ?? 0);
      const precisionText = spec[3] === '*' ? String(await number(args[used++])) : spec[3];
      const precision = precisionText === undefined ? undefined : Number(precisionText || 0);
      const arg = args[used++];
      let body: string;
      switch (conversion) {
        case 's':
          body = arg ?? '';
          if (precision !== undefined) body = body.slice(0, precision);
          break;
        case 'b': {
          const result = interpretEscapes(arg ?? '', false);
          body = result.text;
          break;
        }
        case 'c':
          body = (arg ?? '').slice(0, 1);
          break;
        case 'd':
        case 'i':
        case 'u': {
          const n = Math.trunc(await number(arg));
          body = String(Math.abs(n));
          if (precision !== undefined) body = body.padStart(precision, '0');
          body = (n < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + body;
          break;
        }
        case 'o':
        case 'x':
        case 'X': {
          const n = Math.trunc(await number(arg));
          body = (n >>> 0 === n ? n : BigInt.asUintN(64, BigInt(n))).toString(
            conversion === 'o' ? 8 : 16,
          );
          if (conversion === 'X') body = body.toUpperCase();
          if (flags.includes('#') && n !== 0)
            body = (conversion === 'o' ? '0' : `0${conversion}`) + body;
          break;
        }
        default: {
          const n = await number(arg, true);
          const p = precision ?? 6;
          body =
            conversion === 'f'
              ? n.toFixed(p)
              : conversion === 'e' || conversion === 'E'
                ? n.toExponential(p).replace(/e([+-])(\d)$/, 'e$10$2')
                : String(Number(n.toPrecision(p || 1)));
          if (conversion === 'E' || conversion === 'G') body = body.toUpperCase();
          if (n >= 0 && flags.includes('+')) body = `+${body}`;
        }
      }
      if (width < 0) width = -width;
      if (body.length < width) {
        if (flags.includes('-')) body = body.padEnd(width);
        else if (flags.includes('0') && /[diouxXfeEgG]/.test(conversion)) {
          const sign = /^[+-]/.test(body) ? (body[0] as string) : '';
          body = sign + body.slice(sign.length).padStart(width - sign.length, '0');
        } else body = body.padStart(width);
      }
      out += body;
    }
  } while (used > before && used < args.length);
  await shell.write(1, out);
  return status;
}
