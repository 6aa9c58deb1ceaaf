import { failureOf, fetchTarget, parseTarget, STATUS_TEXT } from './http-client.js';
import { bytes, reason, resolvePath } from './io.js';
import type { Tool } from './tool.js';

/** The curl of nginx's image (Debian bookworm's 7.88.1). */
const VERSION = '7.88.1';

const METER_HEADER =
  '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
  '                                 Dload  Upload   Total   Spent    Left  Speed\n';

/** curl's max5data: a size in at most 5 characters. */
function size5(n: number): string {
  if (n < 100_000) return String(n).padStart(5);
  if (n < 10_000 * 1024) return `${String(Math.floor(n / 1024)).padStart(4)}k`;
  return `${String(Math.floor(n / 1024 / 1024)).padStart(4)}M`;
}

/**
 * The meter's last line, laid out as curl's `%3d %s  %3d %s  %3d %s  %s  %s %s %s %s %s`;
 * the transfer takes the simulation's 1 ms, hence a speed of size × 1000.
 */
function meterLine(received: number, done: boolean): string {
  const pct = done && received > 0 ? '100' : '  0';
  const speed = size5(received * 1000);
  const times = '--:--:-- --:--:-- --:--:--';
  return `${pct} ${size5(received)}  ${pct} ${size5(received)}    0     0  ${speed}      0 ${times} ${speed}\n`;
}

/**
 * `curl [-sSfiIvL] [-o FILE] [-X METHOD] [-H H] [-d DATA] URL`: exit 7 with
 * `Failed to connect to HOST port N after 0 ms: Couldn't connect to server` when nothing
 * listens, 6 for an unknown host, 22 for `-f` and a status ≥ 400. Without `-s` and with stdout
 * not a terminal, the progress meter goes to stderr as the real one's does.
 */
export const curl: Tool = async (context) => {
  const args = context.argv.slice(1);
  const flags = new Set<string>();
  const headers: Record<string, string> = {};
  let method: string | undefined;
  let data: string | undefined;
  let output: string | undefined;
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-X' || arg === '--request') method = args[++i];
    else if (arg === '-H' || arg === '--header') {
      const header = args[++i] ?? '';
      const at = header.indexOf(':');
      if (at > 0) headers[header.slice(0, at).trim().toLowerCase()] = header.slice(at + 1).trim();
    } else if (arg === '-d' || arg === '--data') data = args[++i];
    else if (arg === '-o' || arg === '--output') output = args[++i];
    else if (arg === '--silent') flags.add('s');
    else if (arg === '--fail') flags.add('f');
    else if (arg === '--include') flags.add('i');
    else if (arg === '--head') flags.add('I');
    else if (arg === '--version' || arg === '-V') {
      await context.stdout.write(`curl ${VERSION} (x86_64-pc-linux-gnu) libcurl/${VERSION}\n`);
      return 0;
    } else if (/^-[a-zA-Z]+$/.test(arg)) for (const letter of arg.slice(1)) flags.add(letter);
    else url = arg;
  }
  const showErrors = !flags.has('s') || flags.has('S');
  const meter = !flags.has('s') && (!context.stdout.isTerminal || output !== undefined);
  const fail = async (code: number, message: string) => {
    if (showErrors) await context.stderr.write(`curl: (${code}) ${message}\n`);
    return code;
  };
  if (url === undefined) {
    await context.stderr.write("curl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  const target = parseTarget(url);
  if (!target)
    return fail(1, `Protocol "${url.split(':')[0]}" not supported or disabled in libcurl`);
  if (meter) await context.stderr.write(METER_HEADER);
  const chosenMethod = method ?? (flags.has('I') ? 'HEAD' : data !== undefined ? 'POST' : 'GET');
  const requestHeaders: Record<string, string> = { 'user-agent': `curl/${VERSION}`, ...headers };
  if (data !== undefined) requestHeaders['content-type'] ??= 'application/x-www-form-urlencoded';
  let response: Awaited<ReturnType<typeof fetchTarget>>;
  try {
    response = await fetchTarget(
      context,
      target,
      chosenMethod,
      requestHeaders,
      data === undefined ? undefined : bytes(data),
    );
  } catch (error) {
    if (meter) await context.stderr.write(meterLine(0, false));
    const failure = failureOf(error);
    if (failure === 'unresolved') return fail(6, `Could not resolve host: ${target.host}`);
    if (failure === 'unreachable') {
      return fail(
        28,
        `Failed to connect to ${target.host} port ${target.port} after 0 ms: Couldn't connect to server`,
      );
    }
    return fail(
      7,
      `Failed to connect to ${target.host} port ${target.port} after 0 ms: Couldn't connect to server`,
    );
  }
  if (flags.has('f') && response.status >= 400) {
    if (meter) await context.stderr.write(meterLine(0, false));
    return fail(22, `The requested URL returned error: ${response.status}`);
  }
  const head =
    `HTTP/1.1 ${response.status} ${STATUS_TEXT[response.status] ?? ''}\r\n` +
    `${Object.entries(response.headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('')}\r\n`;
  const body = chosenMethod === 'HEAD' ? new Uint8Array() : response.body;
  if (meter) await context.stderr.write(meterLine(body.length, true));
  const include = flags.has('i') || flags.has('I');
  if (output !== undefined && output !== '-') {
    try {
      const file = resolvePath(context.cwd, output);
      context.fs.writeFile(file, include ? concat(bytes(head), body) : body);
    } catch (error) {
      return fail(23, `Failure writing output to destination: ${reason(error)}`);
    }
    return 0;
  }
  if (include) await context.stdout.write(head);
  if (body.length > 0) await context.stdout.write(body);
  return 0;
};

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
