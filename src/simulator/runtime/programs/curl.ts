import { failureOf, fetchTarget, parseTarget, STATUS_TEXT } from './http-client.js';
import { bytes, reason, resolvePath } from './io.js';
import { CA_CERT_ERROR_HELP, verifyPeer } from './tls-verify.js';
import type { Tool } from './tool.js';

/** The curl of nginx's image (Debian bookworm's 7.88.1). */
const VERSION = '7.88.1';
/** Debian bookworm's OpenSSL, which names itself in TLS errors. */
const OPENSSL = 'OpenSSL/3.0.15';

/** A refused certificate: curl's exit code and message. */
class PeerRefused extends Error {
  constructor(
    readonly code: 60 | 77,
    message: string,
  ) {
    super(message);
  }
}

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
 * `curl [-sSfiIvLk] [-o FILE] [-X METHOD] [-H H] [-d DATA] [--cacert FILE] URL`: exit 7 with
 * `Failed to connect to HOST port N after 0 ms: Couldn't connect to server` when nothing
 * listens, 6 for an unknown host, 22 for `-f` and a status ≥ 400. Without `-s` and with stdout
 * not a terminal, the progress meter goes to stderr as the real one's does. HTTPS verifies the
 * server's certificate against `--cacert` (or the image's public CAs) and the URL's host name
 * unless `-k`: 60 when that fails, 77 for a CA file it cannot load, 35 for a plain-HTTP port.
 */
export const curl: Tool = async (context) => {
  const args = context.argv.slice(1);
  const flags = new Set<string>();
  const headers: Record<string, string> = {};
  let method: string | undefined;
  let data: string | undefined;
  let output: string | undefined;
  let url: string | undefined;
  let caFile: string | undefined;
  let writeOut: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '-X' || arg === '--request') method = args[++i];
    else if (arg === '--cacert') caFile = args[++i];
    else if (arg === '-w' || arg === '--write-out') writeOut = args[++i];
    else if (arg === '--capath') i++;
    else if (arg === '--insecure') flags.add('k');
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
  const transfer = { status: 0, size: 0 };
  // `-w` is written after the transfer, failed or not (`000` when no response came).
  const finish = async (code: number) => {
    if (writeOut !== undefined) await context.stdout.write(formatWriteOut(writeOut, transfer));
    return code;
  };
  const fail = async (code: number, message: string) => {
    if (showErrors) {
      await context.stderr.write(`curl: (${code}) ${message}\n`);
      if (code === 60) await context.stderr.write(CA_CERT_ERROR_HELP);
    }
    return finish(code);
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
      (peer) => {
        if (flags.has('k')) return;
        const verdict = verifyPeer(context, peer, target.host, caFile);
        if (!verdict.ok) throw new PeerRefused(verdict.code, verdict.message);
      },
    );
  } catch (error) {
    if (meter) await context.stderr.write(meterLine(0, false));
    if (error instanceof PeerRefused) return fail(error.code, error.message);
    const failure = failureOf(error);
    if (failure === 'tls-plain') {
      return fail(35, `${OPENSSL}: error:0A00010B:SSL routines::wrong version number`);
    }
    if (failure === 'unresolved') return fail(6, `Could not resolve host: ${target.host}`);
    if (failure === 'unreachable' || failure === 'timeout') {
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
  transfer.status = response.status;
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
  transfer.size = body.length;
  if (meter) await context.stderr.write(meterLine(body.length, true));
  const include = flags.has('i') || flags.has('I');
  if (output !== undefined && output !== '-') {
    try {
      const file = resolvePath(context.cwd, output);
      context.fs.writeFile(file, include ? concat(bytes(head), body) : body);
    } catch (error) {
      return fail(23, `Failure writing output to destination: ${reason(error)}`);
    }
    return finish(0);
  }
  if (include) await context.stdout.write(head);
  if (body.length > 0) await context.stdout.write(body);
  return finish(0);
};

/** `-w FORMAT`: `%{http_code}` and friends, and the backslash escapes curl expands. */
function formatWriteOut(format: string, transfer: { status: number; size: number }): string {
  const variables: Record<string, string> = {
    http_code: String(transfer.status).padStart(3, '0'),
    response_code: String(transfer.status).padStart(3, '0'),
    size_download: String(transfer.size),
  };
  return format
    .replace(/%\{([a-z_]+)\}/g, (whole, name: string) => variables[name] ?? whole)
    .replace(/\\([nrt\\])/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
